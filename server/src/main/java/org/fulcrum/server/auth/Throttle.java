package org.fulcrum.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;

/**
 * Growing, bounded delays after failed sign-in attempts, instead of a lockout an attacker could
 * impose for good. Each attempt is counted before the secret is checked, in one write unit, so
 * concurrent wrong guesses are each counted and only the free allowance reaches the check; a
 * success clears the keys it names. Failures are forgotten after a quiet {@link #WINDOW}.
 */
public final class Throttle {
    /** A key's failures are forgotten when its last failure is older than this. */
    public static final Duration WINDOW = Duration.ofHours(1);

    private final Database db;
    private final Clock clock;
    // Every so many attempts, keys that block nothing and are past their window are dropped, so
    // guesses at made-up names from many addresses cannot grow the table without end.
    private final java.util.concurrent.atomic.AtomicLong attempts = new java.util.concurrent.atomic.AtomicLong();

    public Throttle(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * How a key slows down: the first {@code free} failures cost nothing, then each failure blocks
     * the key for {@code first}, doubling up to {@code cap}.
     */
    public record Policy(int free, Duration first, Duration cap) {
        /** Per account, from any address: the owner waits at most {@code cap} after a stranger's guess. */
        public static final Policy ACCOUNT = new Policy(5, Duration.ofSeconds(1), Duration.ofMinutes(1));
        /** Per account and source address: one address guessing one account slows to one try in 15 minutes. */
        public static final Policy ACCOUNT_AT_ADDRESS = new Policy(5, Duration.ofSeconds(2), Duration.ofMinutes(15));
        /** Per trusted browser ({@link TrustedDevices}): its owner mistyping, or a stolen cookie guessing. */
        public static final Policy DEVICE = new Policy(5, Duration.ofSeconds(2), Duration.ofMinutes(15));
        /** Per source address, whatever the account: spraying many accounts from one place. */
        public static final Policy ADDRESS = new Policy(20, Duration.ofSeconds(1), Duration.ofMinutes(15));
        /** Per account, second-factor codes: a few tries, then at most one every 5 minutes. */
        public static final Policy CODE = new Policy(5, Duration.ofSeconds(5), Duration.ofMinutes(5));

        Duration delayAfter(int failures) {
            if (failures <= free) {
                return Duration.ZERO;
            }
            int doublings = Math.min(30, failures - free - 1);
            Duration d = first.multipliedBy(1L << doublings);
            return d.compareTo(cap) > 0 ? cap : d;
        }
    }

    /** A throttle key with its policy. */
    public record Key(String name, Policy policy) {}

    /**
     * Admits an attempt when none of {@code keys} is blocked, counting it at once as a failure on
     * each (a later {@link #clear} undoes that on success). A blocked attempt is refused and not
     * counted, so waiting out the delay is always enough.
     */
    public boolean admit(List<Key> keys) {
        boolean sweep = attempts.incrementAndGet() % 256 == 0;
        return db.write(tx -> {
            long now = clock.millis();
            if (sweep) {
                tx.handle()
                        .createUpdate(
                                "DELETE FROM sign_in_throttle WHERE last_failure < :cutoff AND blocked_until < :now")
                        .bind("cutoff", now - WINDOW.toMillis())
                        .bind("now", now)
                        .execute();
            }
            record Row(int failures, long blockedUntil, long lastFailure) {}
            Row[] rows = new Row[keys.size()];
            for (int i = 0; i < keys.size(); i++) {
                Optional<Row> row = tx.handle()
                        .createQuery("""
                                SELECT failures, blocked_until, last_failure FROM sign_in_throttle WHERE throttle_key = :k""")
                        .bind("k", keys.get(i).name())
                        .map((rs, ctx) ->
                                new Row(rs.getInt("failures"), rs.getLong("blocked_until"), rs.getLong("last_failure")))
                        .findOne();
                if (row.isPresent() && row.get().blockedUntil() > now) {
                    return false;
                }
                rows[i] = row.orElse(null);
            }
            for (int i = 0; i < keys.size(); i++) {
                Key key = keys.get(i);
                Row row = rows[i];
                boolean stale = row == null || now - row.lastFailure() > WINDOW.toMillis();
                int failures = stale ? 1 : row.failures() + 1;
                long blockedUntil = now + key.policy().delayAfter(failures).toMillis();
                if (row == null) {
                    tx.handle()
                            .createUpdate("""
                            INSERT INTO sign_in_throttle (throttle_key, failures, blocked_until, last_failure)
                            VALUES (:k, :f, :b, :now)""")
                            .bind("k", key.name())
                            .bind("f", failures)
                            .bind("b", blockedUntil)
                            .bind("now", now)
                            .execute();
                } else {
                    // Conditional on the count read, so a concurrent writer on another node cannot make two
                    // attempts look like one.
                    int n = tx.handle()
                            .createUpdate("""
                            UPDATE sign_in_throttle SET failures = :f, blocked_until = :b, last_failure = :now
                            WHERE throttle_key = :k AND failures = :old AND last_failure = :oldAt""")
                            .bind("k", key.name())
                            .bind("f", failures)
                            .bind("b", blockedUntil)
                            .bind("now", now)
                            .bind("old", row.failures())
                            .bind("oldAt", row.lastFailure())
                            .execute();
                    if (n == 0) {
                        return false;
                    }
                }
            }
            return true;
        });
    }

    /** Forgets the failures of {@code names} (after a success, or when staff unlock an account). */
    public void clear(List<String> names) {
        db.write(tx -> {
            for (String name : names) {
                tx.handle()
                        .createUpdate("DELETE FROM sign_in_throttle WHERE throttle_key = :k")
                        .bind("k", name)
                        .execute();
            }
            return null;
        });
    }

    /**
     * Takes back the failure counted in advance on {@code name} by an attempt that succeeded, for
     * keys shared with other accounts (an address), whose other failures must still count.
     */
    public void undo(String name) {
        db.write(tx -> {
            tx.handle()
                    .createUpdate("""
                    UPDATE sign_in_throttle SET failures = failures - 1,
                        blocked_until = CASE WHEN failures - 1 <= :free THEN 0 ELSE blocked_until END
                    WHERE throttle_key = :k AND failures > 0""")
                    .bind("k", name)
                    .bind("free", Policy.ADDRESS.free())
                    .execute();
            return null;
        });
    }

    /** Forgets {@code name} and every key {@code name@address} (an account at all its addresses). */
    static void forget(Tx tx, String name) {
        tx.handle()
                .createUpdate("DELETE FROM sign_in_throttle WHERE throttle_key = :k OR throttle_key LIKE :p ESCAPE '!'")
                .bind("k", name)
                .bind("p", name.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "@%")
                .execute();
    }

    /** When the key stops refusing attempts, if it is blocked now. */
    public Optional<Long> blockedUntil(String name) {
        long now = clock.millis();
        return db.read(h -> h.createQuery("SELECT blocked_until FROM sign_in_throttle WHERE throttle_key = :k")
                        .bind("k", name)
                        .mapTo(Long.class)
                        .findOne())
                .filter(t -> t > now);
    }
}
