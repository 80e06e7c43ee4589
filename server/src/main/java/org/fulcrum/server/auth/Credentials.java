package org.fulcrum.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.store.Database;

/**
 * Sign-in for every person, staff and officers alike: an Argon2id password, then a TOTP second
 * factor (enrolled at first sign-in), then a session stored as a digest. Failed attempts slow the
 * account and the address down ({@link Throttle}) instead of locking the account; an unknown user,
 * a wrong password, a disabled account and a throttled attempt get the same answer after the same
 * work (one Argon2id check, against a dummy hash when there is no real one to check).
 */
public final class Credentials {
    /** The one answer to every refused password step, whatever the cause. */
    public static final String REFUSED = "Sign-in failed: the username or password is wrong, or there were too many"
            + " attempts (wait a minute and try again).";
    /** Wrong second-factor codes one half-signed session may try before it is discarded. */
    public static final int CODE_ATTEMPTS = 5;

    /** How stale a session's last use may be before a request records it again: one write a minute at most. */
    static final long TOUCH_EVERY_MILLIS = 60_000;

    static final int MIN_PASSWORD = 12;
    static final int MAX_PASSWORD = 200;

    private final Database db;
    private final Clock clock;
    private final Throttle throttle;
    private final TrustedDevices devices;
    private final Passwords passwords;
    // Verified against when there is no real hash to check, so every refusal costs the same work.
    private final String dummyHash;

    public Credentials(Database db, Clock clock, Passwords passwords) {
        this.passwords = passwords;
        this.dummyHash = passwords.unguessable();
        this.db = db;
        this.clock = clock;
        this.throttle = new Throttle(db, clock);
        this.devices = new TrustedDevices(db, clock);
    }

    /** How this server hashes passwords. */
    public Passwords passwords() {
        return passwords;
    }

    /** How long a browser's device cookie lasts after a complete sign-in in it. */
    public static Duration deviceLifetime() {
        return TrustedDevices.LIFETIME;
    }

    public Throttle throttle() {
        return throttle;
    }

    /** The outcome of the password step of a sign-in. */
    public sealed interface PasswordStep {
        /** A half-signed session: the second factor is still to come. */
        record Accepted(String sessionSecret, boolean needsTotpEnrolment) implements PasswordStep {}

        record Refused(String reason) implements PasswordStep {}
    }

    /** The outcome of a second-factor code. */
    public sealed interface CodeStep {
        /**
         * The session is complete under a new secret: the one used for the password step, which a
         * browser held before the person proved who they are, no longer opens anything. The browser
         * is trusted under a new device cookie ({@link TrustedDevices}).
         */
        record Accepted(String sessionSecret, String deviceSecret) implements CodeStep {}

        /** A wrong or replayed code, or one tried too soon after earlier wrong codes. */
        record Refused(String reason) implements CodeStep {}

        /** Too many wrong codes: the half-signed session is gone, the password must be entered again. */
        record Discarded(String reason) implements CodeStep {}
    }

    /** A session behind a cookie; {@code complete} once the second factor is passed. */
    public record Session(
            Realm realm,
            String accountId,
            String username,
            String name,
            boolean complete,
            boolean mustChangePassword,
            boolean totpConfirmed) {}

    /** Checks a password from a browser without a device cookie. */
    public PasswordStep signIn(Realm realm, String username, String password, String address) {
        return signIn(realm, username, password, address, null);
    }

    /**
     * Checks a password; on success opens a session that still lacks its second factor. An attempt
     * presenting the account's own device cookie is throttled on that device and the address, not on
     * the account, so guesses by others at the account cannot keep its owner out.
     */
    public PasswordStep signIn(Realm realm, String username, String password, String address, String device) {
        String given = password == null ? "" : password;
        String user = username == null ? "" : username.strip();
        if (user.length() > 100 || given.length() > MAX_PASSWORD) {
            // Nothing this long is stored; still spend the same work before answering.
            Passwords.verify("", dummyHash);
            return new PasswordStep.Refused(REFUSED);
        }
        record Row(String id, String hash, boolean confirmed, boolean disabled) {}
        Optional<Row> row = db.read(h -> h.createQuery("SELECT id, password_hash, totp_confirmed, disabled FROM "
                        + realm.table + " WHERE username = :u")
                .bind("u", user)
                .map((rs, ctx) -> new Row(
                        rs.getString("id"),
                        rs.getString("password_hash"),
                        rs.getInt("totp_confirmed") == 1,
                        rs.getInt("disabled") == 1))
                .findOne());
        String addr = address == null ? "unknown" : address;
        String account = "password:" + realm.key() + ":" + user;
        String pair = account + "@" + addr;
        String place = "address:" + addr;
        boolean trusted =
                row.isPresent() && devices.recognise(realm, device, row.get().id());
        List<String> own = trusted ? List.of(TrustedDevices.throttleKey(device)) : List.of(account, pair);
        boolean admitted = throttle.admit(
                trusted
                        ? List.of(
                                new Throttle.Key(own.getFirst(), Throttle.Policy.DEVICE),
                                new Throttle.Key(place, Throttle.Policy.ADDRESS))
                        : List.of(
                                new Throttle.Key(account, Throttle.Policy.ACCOUNT),
                                new Throttle.Key(pair, Throttle.Policy.ACCOUNT_AT_ADDRESS),
                                new Throttle.Key(place, Throttle.Policy.ADDRESS)));
        boolean checkable = admitted && row.isPresent() && !row.get().disabled();
        boolean matches = Passwords.verify(given, checkable ? row.get().hash() : dummyHash);
        if (!checkable || !matches) {
            return new PasswordStep.Refused(REFUSED);
        }
        Row r = row.get();
        // The account's own key is left as it is after a sign-in from a trusted browser: clearing it
        // would hand a stranger guessing at the account a fresh allowance each time the owner signs in.
        throttle.clear(own);
        throttle.undo(place);
        String secret = Tokens.newSecret(realm.secretPrefix);
        // A hash from older parameters is replaced while the plain password is at hand.
        String rehash = passwords.needsRehash(r.hash()) ? passwords.hash(given) : null;
        long now = clock.millis();
        db.write(tx -> {
            tx.handle()
                    .createUpdate(
                            "INSERT INTO " + realm.sessionTable + " (token_hash, " + realm.sessionOwner
                                    + ", created_at, expires_at, second_factor_ok, last_seen_at) VALUES (:t, :s, :now, :exp, 0, :now)")
                    .bind("t", Tokens.digest(secret))
                    .bind("s", r.id())
                    .bind("now", now)
                    .bind("exp", now + realm.sessionLifetime().toMillis())
                    .execute();
            if (rehash != null) {
                tx.handle()
                        .createUpdate("UPDATE " + realm.table + " SET password_hash = :h WHERE id = :id")
                        .bind("h", rehash)
                        .bind("id", r.id())
                        .execute();
            }
            return null;
        });
        return new PasswordStep.Accepted(secret, !r.confirmed());
    }

    /**
     * The session behind a cookie, if it is valid and its account enabled. A session ends at its
     * expiry or after {@link Realm#idleTimeout} without use; finding it counts as a use.
     */
    public Optional<Session> session(Realm realm, String secret) {
        if (secret == null || secret.isBlank() || secret.length() > 200) {
            return Optional.empty();
        }
        long now = clock.millis();
        String digest = Tokens.digest(secret);
        record Seen(Session session, long lastSeen) {}
        Optional<Seen> seen =
                db.read(h -> h.createQuery("SELECT s." + realm.sessionOwner + " AS account_id, a.username, a."
                                + realm.nameColumn
                                + " AS name, s.second_factor_ok, s.last_seen_at, a.must_change_password, a.totp_confirmed FROM "
                                + realm.sessionTable
                                + " s JOIN " + realm.table + " a ON a.id = s." + realm.sessionOwner
                                + " WHERE s.token_hash = :t AND s.expires_at > :now AND s.last_seen_at >= :idle"
                                + " AND a.disabled = 0")
                        .bind("t", digest)
                        .bind("now", now)
                        .bind("idle", now - realm.idleTimeout().toMillis())
                        .map((rs, ctx) -> new Seen(
                                new Session(
                                        realm,
                                        rs.getString("account_id"),
                                        rs.getString("username"),
                                        rs.getString("name"),
                                        rs.getInt("second_factor_ok") == 1,
                                        rs.getInt("must_change_password") == 1,
                                        rs.getInt("totp_confirmed") == 1),
                                rs.getLong("last_seen_at")))
                        .findOne());
        if (seen.isPresent() && now - seen.get().lastSeen() >= TOUCH_EVERY_MILLIS) {
            db.write(tx -> tx.handle()
                    .createUpdate("UPDATE " + realm.sessionTable
                            + " SET last_seen_at = :now WHERE token_hash = :t AND last_seen_at < :now")
                    .bind("now", now)
                    .bind("t", digest)
                    .execute());
        }
        return seen.map(Seen::session);
    }

    /** Starts (or restarts, while unconfirmed) TOTP enrolment; returns the key to show once. */
    public String beginTotpEnrolment(Realm realm, String sessionSecret) {
        Session s = session(realm, sessionSecret).orElseThrow(() -> new FulcrumException.Unauthenticated("no session"));
        if (s.totpConfirmed()) {
            throw new FulcrumException.Conflict("a second factor is already enrolled");
        }
        String secret = Totp.newSecret();
        db.write(tx -> tx.handle()
                .createUpdate("UPDATE " + realm.table + " SET totp_secret = :t WHERE id = :id AND totp_confirmed = 0")
                .bind("t", secret)
                .bind("id", s.accountId())
                .execute());
        return secret;
    }

    /**
     * Checks a TOTP code for a half-signed session. Each time step is accepted once only; each
     * session may try {@link #CODE_ATTEMPTS} codes; wrong codes slow the account down. An accepted
     * code replaces the session's secret, so a cookie planted or seen before sign-in is worth nothing.
     */
    public CodeStep secondFactor(Realm realm, String sessionSecret, String code) {
        return secondFactor(realm, sessionSecret, code, null, null);
    }

    /**
     * Checks a TOTP code as {@link #secondFactor(Realm, String, String)} does; on success the browser
     * gets a new device cookie in place of the one it presented ({@code device}, may be null) and is
     * remembered as {@code browser} (its {@code User-Agent}, kept only as a few words; may be null).
     */
    public CodeStep secondFactor(Realm realm, String sessionSecret, String code, String device, String browser) {
        Session s = session(realm, sessionSecret).orElseThrow(() -> new FulcrumException.Unauthenticated("no session"));
        String digest = Tokens.digest(sessionSecret);
        // Counted before the check, in one write, so concurrent guesses cannot share an attempt.
        int attempts = db.write(tx -> {
            tx.handle()
                    .createUpdate("UPDATE " + realm.sessionTable
                            + " SET code_attempts = code_attempts + 1 WHERE token_hash = :t")
                    .bind("t", digest)
                    .execute();
            return tx.handle()
                    .createQuery("SELECT code_attempts FROM " + realm.sessionTable + " WHERE token_hash = :t")
                    .bind("t", digest)
                    .mapTo(Integer.class)
                    .findOne()
                    .orElse(CODE_ATTEMPTS + 1);
        });
        if (attempts > CODE_ATTEMPTS) {
            logout(realm, sessionSecret);
            return new CodeStep.Discarded("Too many wrong codes. Sign in again with your password.");
        }
        String codeKey = "code:" + realm.key() + ":" + s.accountId();
        if (!throttle.admit(List.of(new Throttle.Key(codeKey, Throttle.Policy.CODE)))) {
            return refusedCode(realm, sessionSecret, attempts);
        }
        record T(String secret, long lastStep) {}
        T t = db.read(h -> h.createQuery("SELECT totp_secret, last_totp_step FROM " + realm.table + " WHERE id = :id")
                .bind("id", s.accountId())
                .map((rs, ctx) -> new T(rs.getString("totp_secret"), rs.getLong("last_totp_step")))
                .one());
        OptionalLong step = t.secret() == null ? OptionalLong.empty() : Totp.verify(t.secret(), code, clock.instant());
        if (step.isEmpty() || step.getAsLong() <= t.lastStep()) {
            return refusedCode(realm, sessionSecret, attempts);
        }
        String fresh = Tokens.newSecret(realm.secretPrefix);
        String[] trustedAs = new String[1];
        boolean accepted = db.write(tx -> {
            // Conditional on the step, so the same code racing in twice is accepted once.
            int updated = tx.handle()
                    .createUpdate(
                            "UPDATE " + realm.table
                                    + " SET last_totp_step = :step, totp_confirmed = 1 WHERE id = :id AND last_totp_step < :step")
                    .bind("step", step.getAsLong())
                    .bind("id", s.accountId())
                    .execute();
            if (updated == 0) {
                return false;
            }
            tx.handle()
                    .createUpdate(
                            "UPDATE " + realm.sessionTable
                                    + " SET second_factor_ok = 1, token_hash = :fresh, last_seen_at = :now WHERE token_hash = :t")
                    .bind("fresh", Tokens.digest(fresh))
                    .bind("now", clock.millis())
                    .bind("t", digest)
                    .execute();
            trustedAs[0] = TrustedDevices.trust(tx, realm, s.accountId(), device, browser, clock.millis());
            String actor = realm.actor(s.accountId());
            Audit.record(tx, actor, realm == Realm.STAFF ? "login" : "portal.login", actor, null, null);
            return true;
        });
        if (!accepted) {
            return refusedCode(realm, sessionSecret, attempts);
        }
        throttle.clear(List.of(codeKey));
        return new CodeStep.Accepted(fresh, trustedAs[0]);
    }

    private CodeStep refusedCode(Realm realm, String sessionSecret, int attempts) {
        if (attempts >= CODE_ATTEMPTS) {
            logout(realm, sessionSecret);
            return new CodeStep.Discarded("Too many wrong codes. Sign in again with your password.");
        }
        return new CodeStep.Refused("That code is not valid (or was already used, or came too soon after a wrong"
                + " one). " + (CODE_ATTEMPTS - attempts) + " tries left for this sign-in.");
    }

    /**
     * Changes the password of a signed-in person: the current password is checked, the new one
     * replaces a one-time password, every other session of the account ends, and this session goes
     * on under a new secret (returned), so a secret seen before the change opens nothing after it.
     */
    public String changePassword(Realm realm, String sessionSecret, String current, String replacement) {
        Session s = session(realm, sessionSecret)
                .filter(Session::complete)
                .orElseThrow(() -> new FulcrumException.Unauthenticated("sign in first"));
        record Account(String hash, String username, String name) {}
        Account account = db.read(h -> h.createQuery("SELECT password_hash, username, " + realm.nameColumn
                        + " AS name FROM " + realm.table + " WHERE id = :id")
                .bind("id", s.accountId())
                .map((rs, ctx) ->
                        new Account(rs.getString("password_hash"), rs.getString("username"), rs.getString("name")))
                .one());
        PasswordStrength.requireNew("password", replacement, List.of(account.username(), account.name()));
        String stored = account.hash();
        String codeKey = "change:" + realm.key() + ":" + s.accountId();
        boolean admitted = throttle.admit(List.of(new Throttle.Key(codeKey, Throttle.Policy.ACCOUNT)));
        boolean matches = Passwords.verify(current == null ? "" : current, admitted ? stored : dummyHash);
        if (!admitted || !matches) {
            throw new FulcrumException.InvalidInput(
                    "current", "is not your current password (or there were too many" + " attempts: wait a minute)");
        }
        if (replacement.equals(current)) {
            throw new FulcrumException.InvalidInput("password", "must differ from the current password");
        }
        throttle.clear(List.of(codeKey));
        String hash = passwords.hash(replacement);
        String fresh = Tokens.newSecret(realm.secretPrefix);
        db.write(tx -> {
            tx.handle()
                    .createUpdate("UPDATE " + realm.table
                            + " SET password_hash = :h, must_change_password = 0 WHERE id = :id")
                    .bind("h", hash)
                    .bind("id", s.accountId())
                    .execute();
            int ended = tx.handle()
                    .createUpdate("DELETE FROM " + realm.sessionTable + " WHERE " + realm.sessionOwner
                            + " = :id AND token_hash <> :t")
                    .bind("id", s.accountId())
                    .bind("t", Tokens.digest(sessionSecret))
                    .execute();
            tx.handle()
                    .createUpdate("UPDATE " + realm.sessionTable + " SET token_hash = :fresh WHERE token_hash = :t")
                    .bind("fresh", Tokens.digest(fresh))
                    .bind("t", Tokens.digest(sessionSecret))
                    .execute();
            String actor = realm.actor(s.accountId());
            Audit.record(tx, actor, "password.change", actor, null, "other sessions ended: " + ended);
            return null;
        });
        return fresh;
    }

    public void logout(Realm realm, String sessionSecret) {
        if (sessionSecret == null || sessionSecret.isBlank()) {
            return;
        }
        db.write(tx -> tx.handle()
                .createUpdate("DELETE FROM " + realm.sessionTable + " WHERE token_hash = :t")
                .bind("t", Tokens.digest(sessionSecret))
                .execute());
    }
}
