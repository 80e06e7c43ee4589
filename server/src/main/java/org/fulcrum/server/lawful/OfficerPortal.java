package org.fulcrum.server.lawful;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.fulcrum.server.FulcrumException;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.auth.Passwords;
import org.fulcrum.server.auth.StaffService;
import org.fulcrum.server.auth.Tokens;
import org.fulcrum.server.auth.Totp;
import org.fulcrum.server.store.Database;

/**
 * Officers' sign-in to the portal: password (Argon2id), then a TOTP second factor enrolled on
 * first sign-in, as for staff. Sessions are stored as digests and last 8 hours.
 */
public final class OfficerPortal {
    public static final String COOKIE = "fulcrum_portal";
    public static final Duration LIFETIME = Duration.ofHours(8);
    private static final int MAX_FAILED = 10;

    private final Database db;
    private final Clock clock;

    public OfficerPortal(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** An officer's portal session; {@code complete} once the second factor is passed. */
    public record Session(String officerId, String username, String name, boolean complete, boolean totpConfirmed) {
    }

    public StaffService.PasswordStep login(String username, String password) {
        record Row(String id, String hash, boolean confirmed, int failed, boolean disabled) {
        }
        Optional<Row> row = db.read(h -> h.createQuery("""
                        SELECT id, password_hash, totp_confirmed, failed_logins, disabled FROM officer WHERE username = :u""")
                .bind("u", username == null ? "" : username)
                .map((rs, ctx) -> new Row(rs.getString(1), rs.getString(2), rs.getInt(3) == 1, rs.getInt(4),
                        rs.getInt(5) == 1))
                .findOne());
        String given = password == null ? "" : password;
        if (row.isEmpty()) {
            Passwords.verify(given, Passwords.hash("timing-equaliser"));
            return new StaffService.PasswordStep.Refused("unknown user or wrong password");
        }
        Row r = row.get();
        if (r.disabled() || r.failed() >= MAX_FAILED) {
            return new StaffService.PasswordStep.Refused("account locked; contact Fulcrum's legal desk");
        }
        if (!Passwords.verify(given, r.hash())) {
            db.write(tx -> tx.handle().createUpdate("UPDATE officer SET failed_logins = failed_logins + 1 WHERE id = :id")
                    .bind("id", r.id()).execute());
            return new StaffService.PasswordStep.Refused("unknown user or wrong password");
        }
        String secret = Tokens.newSecret("prt");
        long now = clock.millis();
        db.write(tx -> {
            tx.handle().createUpdate("""
                    INSERT INTO officer_session (token_hash, officer_id, created_at, expires_at, second_factor_ok)
                    VALUES (:t, :o, :now, :exp, 0)""")
                    .bind("t", Tokens.digest(secret)).bind("o", r.id()).bind("now", now)
                    .bind("exp", now + LIFETIME.toMillis()).execute();
            tx.handle().createUpdate("UPDATE officer SET failed_logins = 0 WHERE id = :id").bind("id", r.id()).execute();
            return null;
        });
        return new StaffService.PasswordStep.Accepted(secret, !r.confirmed());
    }

    public Optional<Session> session(String secret) {
        if (secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        return db.read(h -> h.createQuery("""
                        SELECT s.officer_id, o.username, o.name, s.second_factor_ok, o.totp_confirmed
                        FROM officer_session s JOIN officer o ON o.id = s.officer_id
                        WHERE s.token_hash = :t AND s.expires_at > :now AND o.disabled = 0""")
                .bind("t", Tokens.digest(secret)).bind("now", clock.millis())
                .map((rs, ctx) -> new Session(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4) == 1,
                        rs.getInt(5) == 1))
                .findOne());
    }

    /** Starts TOTP enrolment while unconfirmed; returns the secret to show once. */
    public String beginTotpEnrolment(String sessionSecret) {
        Session s = session(sessionSecret).orElseThrow(() -> new FulcrumException.Unauthenticated("no portal session"));
        if (s.totpConfirmed()) {
            throw new FulcrumException.Conflict("a second factor is already enrolled");
        }
        String secret = Totp.newSecret();
        db.write(tx -> tx.handle().createUpdate("UPDATE officer SET totp_secret = :t WHERE id = :id AND totp_confirmed = 0")
                .bind("t", secret).bind("id", s.officerId()).execute());
        return secret;
    }

    /** Checks a TOTP code (each time step once only); on success the session is complete. */
    public boolean secondFactor(String sessionSecret, String code) {
        Session s = session(sessionSecret).orElseThrow(() -> new FulcrumException.Unauthenticated("no portal session"));
        record T(String secret, long lastStep) {
        }
        T t = db.read(h -> h.createQuery("SELECT totp_secret, last_totp_step FROM officer WHERE id = :id")
                .bind("id", s.officerId()).map((rs, ctx) -> new T(rs.getString(1), rs.getLong(2))).one());
        if (t.secret() == null) {
            return false;
        }
        OptionalLong step = Totp.verify(t.secret(), code, clock.instant());
        if (step.isEmpty() || step.getAsLong() <= t.lastStep()) {
            return false;
        }
        return db.write(tx -> {
            int updated = tx.handle().createUpdate("""
                    UPDATE officer SET last_totp_step = :step, totp_confirmed = 1 WHERE id = :id AND last_totp_step < :step""")
                    .bind("step", step.getAsLong()).bind("id", s.officerId()).execute();
            if (updated == 0) {
                return false;
            }
            tx.handle().createUpdate("UPDATE officer_session SET second_factor_ok = 1 WHERE token_hash = :t")
                    .bind("t", Tokens.digest(sessionSecret)).execute();
            Audit.record(tx, "officer:" + s.officerId(), "portal.login", "officer:" + s.officerId(), null, null);
            return true;
        });
    }

    public void logout(String sessionSecret) {
        if (sessionSecret != null) {
            db.write(tx -> tx.handle().createUpdate("DELETE FROM officer_session WHERE token_hash = :t")
                    .bind("t", Tokens.digest(sessionSecret)).execute());
        }
    }
}
