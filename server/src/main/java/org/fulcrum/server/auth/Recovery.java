package org.fulcrum.server.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;

/**
 * Getting a person back in without touching the database by hand: unlock (forget failed
 * attempts), a new one-time password, a new second factor, and ending sessions. Admins do this for
 * staff and legal staff for officers; the break-glass command does it for the last admin. Each step
 * is audited with its reason in the transaction of the change.
 */
public final class Recovery {
    private final Database db;
    private final Clock clock;

    private final Passwords passwords;

    public Recovery(Database db, Clock clock, Passwords passwords) {
        this.passwords = passwords;
        this.db = db;
        this.clock = clock;
    }

    /** What a recovery step does. */
    public enum Step {
        UNLOCK("unlock"),
        PASSWORD("password-reset"),
        SECOND_FACTOR("second-factor-reset");

        private final String key;

        Step(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        public static Step parse(String value) {
            for (Step s : values()) {
                if (s.key.equals(value)) {
                    return s;
                }
            }
            throw new FulcrumException.InvalidInput("step", "must be unlock, password-reset or second-factor-reset");
        }
    }

    /** The result of a step: a one-time password to hand over when one was made. */
    public record Outcome(String accountId, Step step, String oneTimePassword) {}

    /** A session as shown to whoever may end it (never its secret). */
    public record SessionInfo(String id, String accountId, Instant createdAt, Instant expiresAt, boolean complete) {}

    /** The role that may recover accounts of {@code realm}. */
    public static Role steward(Realm realm) {
        return switch (realm) {
            case STAFF -> Role.ADMIN;
            case OFFICER -> Role.LEGAL;
        };
    }

    /** A reason is required: 3 to 500 characters of text. */
    public static String reason(String value) {
        String r = value == null ? "" : value.strip();
        if (r.length() < 3 || r.length() > 500) {
            throw new FulcrumException.InvalidInput("reason", "say why in 3 to 500 characters");
        }
        if (r.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            throw new FulcrumException.InvalidInput("reason", "must not hold control characters");
        }
        return r;
    }

    /** Runs {@code step} on an account for a staff member allowed to (admin for staff, legal for officers). */
    public Outcome apply(Principal.Staff by, Realm realm, String accountId, Step step, String reason) {
        if (!by.has(steward(realm))) {
            throw new FulcrumException.Forbidden("only " + steward(realm).key() + " staff may recover these accounts");
        }
        String why = reason(reason);
        if (realm == Realm.STAFF && by.id().equals(accountId) && step != Step.UNLOCK) {
            throw new FulcrumException.Forbidden("ask another admin to reset your own password or second factor");
        }
        return db.write(tx -> {
            Outcome out = apply(tx, by.actor(), realm, accountId, step, why, "account." + step.key());
            if (realm == Realm.STAFF && step != Step.UNLOCK) {
                holdAdminRole(tx, by, accountId);
            }
            return out;
        });
    }

    /**
     * Whoever resets an admin's password or second factor could sign in as that admin; so the
     * admin role waits for approval by an admin other than the one who reset it, whenever such an
     * admin exists. With two admins there is nobody else, and the reset stands on the audit trail.
     */
    private static void holdAdminRole(Tx tx, Principal.Staff by, String accountId) {
        var h = tx.handle();
        boolean admin =
                h.createQuery("""
                        SELECT COUNT(*) FROM staff_role WHERE staff_id = :s AND role = 'admin' AND approved_by IS NOT NULL""").bind("s", accountId).mapTo(Integer.class).one() > 0;
        int others = h.createQuery("""
                        SELECT COUNT(*) FROM staff_role r JOIN staff s ON s.id = r.staff_id
                        WHERE r.role = 'admin' AND r.approved_by IS NOT NULL AND s.disabled = 0
                          AND r.staff_id NOT IN (:by, :target)""")
                .bind("by", by.id())
                .bind("target", accountId)
                .mapTo(Integer.class)
                .one();
        if (admin && others > 0) {
            h.createUpdate("""
                    UPDATE staff_role SET granted_by = :by, granted_at = :now, approved_by = NULL, approved_at = NULL
                    WHERE staff_id = :s AND role = 'admin'""")
                    .bind("by", by.id())
                    .bind("now", tx.now().toEpochMilli())
                    .bind("s", accountId)
                    .execute();
            Audit.record(
                    tx, by.actor(), "role.held", "staff:" + accountId, "credentials reset by another admin", "admin");
        }
    }

    /**
     * The break-glass reset of a staff member by username, from the command line on the server's
     * own data: a new one-time password and a new second factor, failed attempts forgotten, every
     * session ended, the account enabled.
     */
    public Outcome breakGlass(String actor, String username, String reason) {
        String why = reason(reason);
        return db.write(tx -> {
            String id = tx.handle()
                    .createQuery("SELECT id FROM staff WHERE username = :u")
                    .bind("u", username)
                    .mapTo(String.class)
                    .findOne()
                    .orElseThrow(() -> new FulcrumException.NotFound("staff member '" + username + "'"));
            tx.handle()
                    .createUpdate("UPDATE staff SET disabled = 0 WHERE id = :id")
                    .bind("id", id)
                    .execute();
            apply(tx, actor, Realm.STAFF, id, Step.SECOND_FACTOR, why, "account.break-glass");
            return apply(tx, actor, Realm.STAFF, id, Step.PASSWORD, why, "account.break-glass");
        });
    }

    private Outcome apply(Tx tx, String actor, Realm realm, String accountId, Step step, String why, String action) {
        var h = tx.handle();
        String username = h.createQuery("SELECT username FROM " + realm.table + " WHERE id = :id")
                .bind("id", accountId)
                .mapTo(String.class)
                .findOne()
                .orElseThrow(() -> new FulcrumException.NotFound(realm.key() + " " + accountId));
        String password = null;
        switch (step) {
            case UNLOCK -> {
                // nothing but the throttle below
            }
            case PASSWORD -> {
                password = Passwords.random(20);
                h.createUpdate("UPDATE " + realm.table
                                + " SET password_hash = :h, must_change_password = 1 WHERE id = :id")
                        .bind("h", passwords.hash(password))
                        .bind("id", accountId)
                        .execute();
                endSessions(tx, realm, accountId);
            }
            case SECOND_FACTOR -> {
                // The old key is gone, so none of its codes can verify again; the new key starts afresh.
                h.createUpdate("UPDATE " + realm.table
                                + " SET totp_secret = NULL, totp_confirmed = 0, last_totp_step = 0 WHERE id = :id")
                        .bind("id", accountId)
                        .execute();
                endSessions(tx, realm, accountId);
            }
        }
        Throttle.forget(tx, "password:" + realm.key() + ":" + username);
        Throttle.forget(tx, "code:" + realm.key() + ":" + accountId);
        Throttle.forget(tx, "change:" + realm.key() + ":" + accountId);
        Audit.record(tx, actor, action, realm.actor(accountId), why, step.key());
        return new Outcome(accountId, step, password);
    }

    private static void endSessions(Tx tx, Realm realm, String accountId) {
        tx.handle()
                .createUpdate("DELETE FROM " + realm.sessionTable + " WHERE " + realm.sessionOwner + " = :id")
                .bind("id", accountId)
                .execute();
        // A reset means the account may be in other hands: its browsers are no longer told apart.
        TrustedDevices.forget(tx, realm, accountId);
    }

    /** Open sessions of every account of {@code realm} (not expired, not idle too long), newest first. */
    public List<SessionInfo> sessions(Realm realm) {
        return db.read(h -> h.createQuery(
                        "SELECT token_hash, " + realm.sessionOwner + " AS account_id, created_at, expires_at,"
                                + " second_factor_ok FROM " + realm.sessionTable
                                + " WHERE expires_at > :now AND last_seen_at >= :idle ORDER BY created_at DESC")
                .bind("now", clock.millis())
                .bind("idle", clock.millis() - realm.idleTimeout().toMillis())
                .map((rs, ctx) -> new SessionInfo(
                        rs.getString("token_hash").substring(0, 16),
                        rs.getString("account_id"),
                        Instant.ofEpochMilli(rs.getLong("created_at")),
                        Instant.ofEpochMilli(rs.getLong("expires_at")),
                        rs.getInt("second_factor_ok") == 1))
                .list());
    }

    /** Ends one session, named by the first 16 hex digits of its digest (what {@link #sessions} shows). */
    public void endSession(Principal.Staff by, Realm realm, String id, String reason) {
        if (!by.has(steward(realm))) {
            throw new FulcrumException.Forbidden("only " + steward(realm).key() + " staff may end these sessions");
        }
        if (id == null || !id.matches("[0-9a-f]{16}")) {
            throw new FulcrumException.InvalidInput("id", "must be the 16 hex digits shown in the session list");
        }
        String why = reason(reason);
        db.write(tx -> {
            String owner = tx.handle()
                    .createQuery("SELECT " + realm.sessionOwner + " FROM " + realm.sessionTable
                            + " WHERE token_hash LIKE :p")
                    .bind("p", id + "%")
                    .mapTo(String.class)
                    .findFirst()
                    .orElseThrow(() -> new FulcrumException.NotFound("session " + id));
            tx.handle()
                    .createUpdate("DELETE FROM " + realm.sessionTable + " WHERE token_hash LIKE :p")
                    .bind("p", id + "%")
                    .execute();
            Audit.record(tx, by.actor(), "session.end", realm.actor(owner), why, id);
            return null;
        });
    }

    /** An account's sign-in state as its stewards see it. */
    public record AccountState(
            String id,
            String username,
            String name,
            boolean totpConfirmed,
            boolean mustChangePassword,
            boolean disabled,
            boolean throttled) {}

    /** Every account of {@code realm} with its sign-in state, by username. */
    public List<AccountState> accounts(Realm realm) {
        return db
                .read(h -> h.createQuery("SELECT id, username, " + realm.nameColumn + " AS name, totp_confirmed,"
                                + " must_change_password, disabled FROM " + realm.table + " ORDER BY username")
                        .map((rs, ctx) -> new AccountState(
                                rs.getString("id"),
                                rs.getString("username"),
                                rs.getString("name"),
                                rs.getInt("totp_confirmed") == 1,
                                rs.getInt("must_change_password") == 1,
                                rs.getInt("disabled") == 1,
                                false))
                        .list())
                .stream()
                .map(a -> new AccountState(
                        a.id(),
                        a.username(),
                        a.name(),
                        a.totpConfirmed(),
                        a.mustChangePassword(),
                        a.disabled(),
                        throttled(realm, a.username())))
                .toList();
    }

    /** Whether the account's password sign-in is slowed down right now (for the team page). */
    public boolean throttled(Realm realm, String username) {
        return new Throttle(db, clock)
                .blockedUntil("password:" + realm.key() + ":" + username)
                .isPresent();
    }
}
