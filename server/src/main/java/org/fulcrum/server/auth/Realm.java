package org.fulcrum.server.auth;

import java.time.Duration;

/**
 * The two kinds of people who sign in with a password and a second factor: staff in the console
 * and officers in the authority portal. The names are fixed here, never taken from a request, so
 * they are safe to place in SQL.
 */
public enum Realm {
    STAFF("staff", "staff_session", "staff_id", "display_name", Duration.ofHours(12), "ses", "staff"),
    OFFICER("officer", "officer_session", "officer_id", "name", Duration.ofHours(8), "prt", "officer");

    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(30);

    final String table;
    final String sessionTable;
    final String sessionOwner;
    final String nameColumn;
    private final Duration sessionLifetime;
    final String secretPrefix;
    private final String actorPrefix;

    Realm(
            String table,
            String sessionTable,
            String sessionOwner,
            String nameColumn,
            Duration sessionLifetime,
            String secretPrefix,
            String actorPrefix) {
        this.table = table;
        this.sessionTable = sessionTable;
        this.sessionOwner = sessionOwner;
        this.nameColumn = nameColumn;
        this.sessionLifetime = sessionLifetime;
        this.secretPrefix = secretPrefix;
        this.actorPrefix = actorPrefix;
    }

    public Duration sessionLifetime() {
        return sessionLifetime;
    }

    /**
     * A session not used for this long ends, whatever its lifetime: a screen left unattended is
     * not open for the day (OWASP ASVS level 2 asks for at most 30 minutes).
     */
    public Duration idleTimeout() {
        return IDLE_TIMEOUT;
    }

    /** The audit actor and target of an account ("staff:st_...", "officer:of_..."). */
    public String actor(String accountId) {
        return actorPrefix + ":" + accountId;
    }

    String key() {
        return name().toLowerCase();
    }
}
