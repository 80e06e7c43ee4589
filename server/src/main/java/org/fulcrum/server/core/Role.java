package org.fulcrum.server.core;

import io.javalin.security.RouteRole;

/**
 * Who may call a route. Staff roles are granted to people (with a second admin's approval);
 * machine roles belong to API tokens of the platform, trusted flaggers and officers.
 */
public enum Role implements RouteRole {
    ADMIN(true),
    MODERATOR(true),
    LEGAL(true),
    AUDITOR(true),
    PLATFORM(false),
    FLAGGER(false),
    OFFICER(false),
    /** A hash-sharing programme's sync job: reads hash banks and imports hashes into them. */
    HASH_SHARING(false);

    private final boolean staff;

    Role(boolean staff) {
        this.staff = staff;
    }

    public boolean staff() {
        return staff;
    }

    public String key() {
        return name().toLowerCase();
    }

    public static Role parse(String value) {
        for (Role r : values()) {
            if (r.key().equalsIgnoreCase(value)) {
                return r;
            }
        }
        throw new org.fulcrum.server.core.FulcrumException.InvalidInput("role", "unknown role '" + value + "'");
    }
}
