package org.fulcrum.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;
import org.fulcrum.server.web.UserAgents;

/**
 * Browsers in which an account passed both factors, known by a long-lived device cookie (OWASP's
 * "slow down online guessing attacks with device cookies"). A password attempt that presents the
 * account's own device cookie is throttled on that device alone, not on the account, so a stranger
 * guessing from rotating addresses slows down everyone who lacks the cookie but never the owner at
 * their usual browser. The cookie opens nothing by itself: the password and the code are still
 * needed. Only digests are stored; a browser gets a new cookie at every complete sign-in.
 */
final class TrustedDevices {
    /** How long a browser stays known after the last complete sign-in in it. */
    static final Duration LIFETIME = Duration.ofDays(90);
    /** Browsers kept per account; the oldest are forgotten first. */
    static final int PER_ACCOUNT = 10;

    private static final String PREFIX = "dev";

    private final Database db;
    private final Clock clock;

    TrustedDevices(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The account a device cookie was given to, if it is a live cookie of {@code realm}. */
    Optional<String> owner(Realm realm, String secret) {
        if (secret == null || secret.length() > 100 || !secret.startsWith(PREFIX + "_")) {
            return Optional.empty();
        }
        return db.read(h -> h.createQuery("""
                        SELECT account_id FROM trusted_device
                        WHERE token_hash = :t AND realm = :r AND expires_at > :now""")
                .bind("t", Tokens.digest(secret))
                .bind("r", realm.key())
                .bind("now", clock.millis())
                .mapTo(String.class)
                .findOne());
    }

    /**
     * Whether {@code secret} is a live cookie of {@code accountId}'s, recording when it is that it
     * was presented at a sign-in: the "last used" its owner sees.
     */
    boolean recognise(Realm realm, String secret, String accountId) {
        if (owner(realm, secret).filter(accountId::equals).isEmpty()) {
            return false;
        }
        db.write(tx -> tx.handle()
                .createUpdate("UPDATE trusted_device SET used_at = :now WHERE token_hash = :t AND realm = :r")
                .bind("now", clock.millis())
                .bind("t", Tokens.digest(secret))
                .bind("r", realm.key())
                .execute());
        return true;
    }

    /** The throttle key of one device: its digest, never the secret. */
    static String throttleKey(String secret) {
        return "device:" + Tokens.digest(secret);
    }

    /**
     * Trusts the browser an account just signed in with under a fresh cookie, forgetting the cookie
     * it presented (if any), the account's expired cookies and all but its newest {@link
     * #PER_ACCOUNT} browsers; returns the new cookie's secret. {@code browser} is the sign-in's
     * {@code User-Agent}, kept only as a few words.
     */
    static String trust(Tx tx, Realm realm, String accountId, String presented, String browser, long now) {
        var h = tx.handle();
        long rememberedAt = now;
        if (presented != null && presented.length() <= 100) {
            // The browser stays remembered since its first complete sign-in under each new cookie.
            rememberedAt = h.createQuery("""
                            SELECT COALESCE(remembered_at, created_at) FROM trusted_device
                            WHERE token_hash = :t AND realm = :r AND account_id = :a AND expires_at > :now""")
                    .bind("t", Tokens.digest(presented))
                    .bind("r", realm.key())
                    .bind("a", accountId)
                    .bind("now", now)
                    .mapTo(Long.class)
                    .findOne()
                    .orElse(now);
            h.createUpdate("DELETE FROM trusted_device WHERE token_hash = :t AND realm = :r AND account_id = :a")
                    .bind("t", Tokens.digest(presented))
                    .bind("r", realm.key())
                    .bind("a", accountId)
                    .execute();
        }
        String fresh = Tokens.newSecret(PREFIX);
        h.createUpdate("""
                INSERT INTO trusted_device (token_hash, realm, account_id, created_at, expires_at, remembered_at,
                                            used_at, browser)
                VALUES (:t, :r, :a, :now, :exp, :since, :now, :browser)""")
                .bind("t", Tokens.digest(fresh))
                .bind("r", realm.key())
                .bind("a", accountId)
                .bind("now", now)
                .bind("exp", now + LIFETIME.toMillis())
                .bind("since", rememberedAt)
                .bind("browser", UserAgents.describe(browser))
                .execute();
        h.createUpdate("""
                DELETE FROM trusted_device WHERE realm = :r AND account_id = :a AND (expires_at <= :now
                    OR token_hash NOT IN (SELECT token_hash FROM trusted_device WHERE realm = :r AND account_id = :a
                                          ORDER BY created_at DESC, token_hash LIMIT :keep))""")
                .bind("r", realm.key())
                .bind("a", accountId)
                .bind("now", now)
                .bind("keep", PER_ACCOUNT)
                .execute();
        return fresh;
    }

    /**
     * Forgets every browser of an account (its password or second factor was reset by staff, or
     * someone chose to forget them all); returns how many there were.
     */
    static int forget(Tx tx, Realm realm, String accountId) {
        return tx.handle()
                .createUpdate("DELETE FROM trusted_device WHERE realm = :r AND account_id = :a")
                .bind("r", realm.key())
                .bind("a", accountId)
                .execute();
    }
}
