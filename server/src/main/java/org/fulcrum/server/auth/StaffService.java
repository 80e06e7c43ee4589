package org.fulcrum.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.store.Database;

/**
 * Staff accounts: creation, password and TOTP login, sessions, and roles. A role is active only
 * once a second admin, not the one who granted it, approves it. The single exception is the
 * bootstrap: while there is only one active admin, that admin may name a second admin alone (the
 * grant is audited as a bootstrap); from then on every grant needs two admins.
 */
public final class StaffService {
    public static final Duration SESSION_LIFETIME = Duration.ofHours(12);

    private final Database db;
    private final Clock clock;
    private final Credentials credentials;

    public StaffService(Database db, Clock clock, Credentials credentials) {
        this.db = db;
        this.clock = clock;
        this.credentials = credentials;
    }

    /** A staff row as the console shows it. */
    public record StaffMember(
            String id,
            String username,
            String displayName,
            boolean totpConfirmed,
            boolean mustChangePassword,
            boolean disabled,
            List<RoleGrant> roles) {}

    /** A role granted to a staff member; active once approved. */
    public record RoleGrant(String role, String grantedBy, String approvedBy) {
        public boolean active() {
            return approvedBy != null;
        }
    }

    /** Creates the first admin when there is no staff yet; returns its one-time password. */
    public Optional<String> bootstrapAdmin() {
        return db.write(tx -> {
            int count = tx.handle()
                    .createQuery("SELECT COUNT(*) FROM staff")
                    .mapTo(Integer.class)
                    .one();
            if (count > 0) {
                return Optional.<String>empty();
            }
            String password = Passwords.random(20);
            String id = Ids.next("st", clock);
            long now = clock.millis();
            // Nodes of a cluster started at once all find no staff: the first insert wins, the others
            // insert nothing and print no password.
            int created = tx.handle()
                    .createUpdate("""
                    INSERT INTO staff (id, username, display_name, password_hash, must_change_password, created_at)
                    VALUES (:id, 'admin', 'Administrator', :hash, 1, :now) ON CONFLICT (username) DO NOTHING""")
                    .bind("id", id)
                    .bind("hash", credentials.passwords().hash(password))
                    .bind("now", now)
                    .execute();
            if (created == 0) {
                return Optional.<String>empty();
            }
            tx.handle().createUpdate("""
                    INSERT INTO staff_role (staff_id, role, granted_by, granted_at, approved_by, approved_at)
                    VALUES (:id, 'admin', 'system', :now, 'system', :now)""").bind("id", id).bind("now", now).execute();
            Audit.record(tx, "system", "staff.bootstrap", "staff:" + id, "first start", null);
            return Optional.of(password);
        });
    }

    /** Creates a staff member with a one-time password (returned once) and no roles yet. */
    public String create(Principal.Staff by, String username, String displayName, String password) {
        requireAdmin(by);
        if (username == null || !username.matches("[a-z0-9._-]{2,40}")) {
            throw new FulcrumException.InvalidInput("username", "must be 2-40 characters of a-z 0-9 . _ -");
        }
        PasswordStrength.requireNew(
                "password", password, displayName == null ? List.of(username) : List.of(username, displayName));
        if (displayName != null && (displayName.isBlank() || displayName.length() > 100)) {
            throw new FulcrumException.InvalidInput("displayName", "must have 1 to 100 characters");
        }
        String hash = credentials.passwords().hash(password);
        return db.write(tx -> {
            boolean exists = tx.handle()
                            .createQuery("SELECT COUNT(*) FROM staff WHERE username = :u")
                            .bind("u", username)
                            .mapTo(Integer.class)
                            .one()
                    > 0;
            if (exists) {
                throw new FulcrumException.Conflict("username '" + username + "' is taken");
            }
            String id = Ids.next("st", clock);
            tx.handle()
                    .createUpdate("""
                    INSERT INTO staff (id, username, display_name, password_hash, must_change_password, created_at)
                    VALUES (:id, :u, :d, :hash, 1, :now)""")
                    .bind("id", id)
                    .bind("u", username)
                    .bind("d", displayName == null ? username : displayName)
                    .bind("hash", hash)
                    .bind("now", clock.millis())
                    .execute();
            Audit.record(tx, by.actor(), "staff.create", "staff:" + id, null, username);
            return id;
        });
    }

    /** Grants {@code role}; pending until a different admin approves, except the bootstrap case. */
    public RoleGrant grant(Principal.Staff by, String staffId, Role role) {
        requireAdmin(by);
        if (!role.staff()) {
            throw new FulcrumException.InvalidInput("role", role.key() + " is not a staff role");
        }
        return db.write(tx -> {
            var h = tx.handle();
            if (h.createQuery("SELECT COUNT(*) FROM staff WHERE id = :id")
                            .bind("id", staffId)
                            .mapTo(Integer.class)
                            .one()
                    == 0) {
                throw new FulcrumException.NotFound("staff " + staffId);
            }
            boolean held = h.createQuery("SELECT COUNT(*) FROM staff_role WHERE staff_id = :s AND role = :r")
                            .bind("s", staffId)
                            .bind("r", role.key())
                            .mapTo(Integer.class)
                            .one()
                    > 0;
            if (held) {
                throw new FulcrumException.Conflict("role " + role.key() + " is already granted or pending");
            }
            int admins = h.createQuery("""
                    SELECT COUNT(*) FROM staff_role r JOIN staff s ON s.id = r.staff_id
                    WHERE r.role = 'admin' AND r.approved_by IS NOT NULL AND s.disabled = 0""").mapTo(Integer.class).one();
            boolean bootstrap = admins < 2 && role == Role.ADMIN && !staffId.equals(by.id());
            long now = clock.millis();
            h.createUpdate("""
                    INSERT INTO staff_role (staff_id, role, granted_by, granted_at, approved_by, approved_at)
                    VALUES (:s, :r, :by, :now, :ap, :apAt)""")
                    .bind("s", staffId)
                    .bind("r", role.key())
                    .bind("by", by.id())
                    .bind("now", now)
                    .bind("ap", bootstrap ? "bootstrap" : null)
                    .bind("apAt", bootstrap ? now : null)
                    .execute();
            Audit.record(
                    tx,
                    by.actor(),
                    bootstrap ? "role.grant.bootstrap" : "role.grant",
                    "staff:" + staffId,
                    null,
                    role.key());
            return new RoleGrant(role.key(), by.id(), bootstrap ? "bootstrap" : null);
        });
    }

    /** Approves a pending grant; the approver must be an admin other than the granter and the grantee. */
    public void approve(Principal.Staff by, String staffId, Role role) {
        requireAdmin(by);
        db.write(tx -> {
            var h = tx.handle();
            var grantedBy = h.createQuery("""
                    SELECT granted_by FROM staff_role WHERE staff_id = :s AND role = :r AND approved_by IS NULL""")
                    .bind("s", staffId)
                    .bind("r", role.key())
                    .mapTo(String.class)
                    .findOne();
            if (grantedBy.isEmpty()) {
                throw new FulcrumException.NotFound("pending grant of " + role.key() + " to " + staffId);
            }
            if (grantedBy.get().equals(by.id()) || staffId.equals(by.id())) {
                throw new FulcrumException.Forbidden("a grant must be approved by a second admin");
            }
            h.createUpdate("""
                    UPDATE staff_role SET approved_by = :by, approved_at = :now
                    WHERE staff_id = :s AND role = :r""")
                    .bind("by", by.id())
                    .bind("now", clock.millis())
                    .bind("s", staffId)
                    .bind("r", role.key())
                    .execute();
            Audit.record(tx, by.actor(), "role.approve", "staff:" + staffId, null, role.key());
            return null;
        });
    }

    public void revoke(Principal.Staff by, String staffId, Role role, String reason) {
        requireAdmin(by);
        db.write(tx -> {
            int n = tx.handle()
                    .createUpdate("DELETE FROM staff_role WHERE staff_id = :s AND role = :r")
                    .bind("s", staffId)
                    .bind("r", role.key())
                    .execute();
            if (n == 0) {
                throw new FulcrumException.NotFound("role " + role.key() + " of " + staffId);
            }
            Audit.record(tx, by.actor(), "role.revoke", "staff:" + staffId, reason, role.key());
            return null;
        });
    }

    public List<StaffMember> list() {
        return db.read(h -> h
                .createQuery("""
                        SELECT id, username, display_name, totp_confirmed, must_change_password, disabled
                        FROM staff ORDER BY username""")
                .map((rs, ctx) -> new StaffMember(
                        rs.getString("id"),
                        rs.getString("username"),
                        rs.getString("display_name"),
                        rs.getInt("totp_confirmed") == 1,
                        rs.getInt("must_change_password") == 1,
                        rs.getInt("disabled") == 1,
                        List.of()))
                .list()
                .stream()
                .map(s -> new StaffMember(
                        s.id(),
                        s.username(),
                        s.displayName(),
                        s.totpConfirmed(),
                        s.mustChangePassword(),
                        s.disabled(),
                        grants(s.id())))
                .toList());
    }

    public List<RoleGrant> grants(String staffId) {
        return db.read(h -> h.createQuery(
                        "SELECT role, granted_by, approved_by FROM staff_role WHERE staff_id = :s ORDER BY role")
                .bind("s", staffId)
                .map((rs, ctx) ->
                        new RoleGrant(rs.getString("role"), rs.getString("granted_by"), rs.getString("approved_by")))
                .list());
    }

    public Set<Role> activeRoles(String staffId) {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        for (RoleGrant g : grants(staffId)) {
            if (g.active()) {
                roles.add(Role.parse(g.role()));
            }
        }
        return roles;
    }

    /** Checks username and password (see {@link Credentials#signIn}); address "local" for in-process callers. */
    public Credentials.PasswordStep login(String username, String password) {
        return credentials.signIn(Realm.STAFF, username, password, "local");
    }

    public Optional<Credentials.Session> session(String secret) {
        return credentials.session(Realm.STAFF, secret);
    }

    public String beginTotpEnrolment(String sessionSecret) {
        return credentials.beginTotpEnrolment(Realm.STAFF, sessionSecret);
    }

    /**
     * The secret of the completed session when the code is accepted, otherwise empty (see
     * {@link Credentials#secondFactor} for why not).
     */
    public Optional<String> secondFactor(String sessionSecret, String code) {
        return credentials.secondFactor(Realm.STAFF, sessionSecret, code) instanceof Credentials.CodeStep.Accepted ok
                ? Optional.of(ok.sessionSecret())
                : Optional.empty();
    }

    public void logout(String sessionSecret) {
        credentials.logout(Realm.STAFF, sessionSecret);
    }

    private static void requireAdmin(Principal.Staff by) {
        if (!by.has(Role.ADMIN)) {
            throw new FulcrumException.Forbidden("only an admin may manage staff");
        }
    }
}
