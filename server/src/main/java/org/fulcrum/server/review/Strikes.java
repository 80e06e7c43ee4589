package org.fulcrum.server.review;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.notice.DsaCategory;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Tx;
import org.jdbi.v3.core.Handle;

/**
 * Strikes: an account whose content is restricted gets a strike under the decision's category
 * (the policy). Strikes expire after the policy's lifetime and are withdrawn when their decision
 * is reversed on appeal. Reaching a threshold calls for a measure (a warning, a suspension for a
 * period, termination), which the decision service carries out through the enforcement path with
 * its own statement of reasons (DSA Art. 23(1) for manifestly illegal content).
 */
public final class Strikes {
    private final Policy policy;

    public Strikes(Policy policy) {
        this.policy = policy;
    }

    /** What a threshold calls for. */
    public enum Measure {
        warn,
        suspend,
        terminate
    }

    /**
     * A threshold: when active strikes under one policy reach {@code strikes}, the measure applies.
     *
     * @param strikes the count that triggers
     * @param measure what happens
     * @param length for suspensions, how long
     */
    public record Threshold(int strikes, Measure measure, Duration length) {
        public Threshold {
            if (strikes < 1) {
                throw new IllegalArgumentException("a threshold is at least one strike");
            }
            if (measure == Measure.suspend && (length == null || length.isNegative() || length.isZero())) {
                throw new IllegalArgumentException("a suspension threshold needs a length");
            }
        }
    }

    /**
     * The strike policy.
     *
     * @param lifetime how long a strike counts
     * @param thresholds the thresholds, each applied when the count reaches it
     */
    public record Policy(Duration lifetime, List<Threshold> thresholds) {
        public static final Policy DEFAULTS = new Policy(
                Duration.ofDays(365),
                List.of(
                        new Threshold(2, Measure.warn, null),
                        new Threshold(3, Measure.suspend, Duration.ofDays(7)),
                        new Threshold(5, Measure.suspend, Duration.ofDays(30))));

        public Policy {
            thresholds = thresholds.stream()
                    .sorted(Comparator.comparingInt(Threshold::strikes))
                    .toList();
        }
    }

    /** What a new strike led to. */
    public sealed interface Result {
        String accountId();

        long active();

        /** Counted; no threshold reached. */
        record Counted(String accountId, long active) implements Result {}

        /** A threshold reached: the measure is owed. */
        record ThresholdReached(String accountId, long active, Threshold threshold) implements Result {}
    }

    /**
     * A strike as staff see it.
     *
     * @param withdrawalNote for a strike withdrawn on appeal, what became of the measures it counted toward
     */
    public record Strike(
            String id,
            String accountId,
            DsaCategory category,
            String decisionId,
            Instant createdAt,
            Instant expiresAt,
            Optional<Instant> reversedAt,
            Optional<String> withdrawalNote) {}

    public Policy policy() {
        return policy;
    }

    /** Gives {@code accountId} a strike under {@code category} for {@code decisionId}. */
    public Result add(Tx tx, String accountId, DsaCategory category, String decisionId) {
        long now = tx.now().toEpochMilli();
        tx.handle()
                .createUpdate("""
                INSERT INTO strike (id, account_id, category, decision_id, created_at, expires_at)
                VALUES (:id, :a, :c, :d, :now, :exp)""")
                .bind("id", Ids.next("stk", tx.clock()))
                .bind("a", accountId)
                .bind("c", category.name())
                .bind("d", decisionId)
                .bind("now", now)
                .bind("exp", now + policy.lifetime().toMillis())
                .execute();
        long active = active(tx.handle(), accountId, category, now);
        for (Threshold t : policy.thresholds()) {
            if (t.strikes() == active) {
                return new Result.ThresholdReached(accountId, active, t);
            }
        }
        return new Result.Counted(accountId, active);
    }

    /** Withdraws the strikes a reversed decision gave. */
    public int reverse(Tx tx, String decisionId) {
        return tx.handle()
                .createUpdate("""
                UPDATE strike SET reversed_at = :now WHERE decision_id = :d AND reversed_at IS NULL""")
                .bind("now", tx.now().toEpochMilli())
                .bind("d", decisionId)
                .execute();
    }

    static long active(Handle h, String accountId, DsaCategory category, long now) {
        return h.createQuery("""
                        SELECT COUNT(*) FROM strike WHERE account_id = :a AND category = :c AND reversed_at IS NULL
                          AND expires_at > :now""")
                .bind("a", accountId)
                .bind("c", category.name())
                .bind("now", now)
                .mapTo(Long.class)
                .one();
    }

    /** Every strike of an account, newest first. */
    public static List<Strike> of(Handle h, String accountId) {
        return h.createQuery("""
                        SELECT id, account_id, category, decision_id, created_at, expires_at, reversed_at, withdrawal_note
                        FROM strike
                        WHERE account_id = :a ORDER BY created_at DESC LIMIT 500""")
                .bind("a", accountId)
                .map((rs, ctx) -> {
                    return new Strike(
                            rs.getString("id"),
                            rs.getString("account_id"),
                            DsaCategory.valueOf(rs.getString("category")),
                            rs.getString("decision_id"),
                            Instant.ofEpochMilli(rs.getLong("created_at")),
                            Instant.ofEpochMilli(rs.getLong("expires_at")),
                            Columns.optionalInstant(rs, "reversed_at"),
                            Optional.ofNullable(rs.getString("withdrawal_note")));
                })
                .list();
    }
}
