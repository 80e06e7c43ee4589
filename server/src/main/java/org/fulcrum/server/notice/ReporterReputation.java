package org.fulcrum.server.notice;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.platform.Outbox;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Tx;
import org.fulcrum.server.transparency.EntryKind;
import org.fulcrum.server.transparency.LogEntry;
import org.fulcrum.server.transparency.TransparencyLog;
import org.jdbi.v3.core.Handle;

/**
 * Reporter reputation and DSA Art. 23 measures against notifiers. Every item of a notice gets the
 * outcome of its case's decision; a notifier whose notices are found manifestly unfounded, or who
 * submits forged E2E reports (a franking stamp or commitment that does not verify under a registered
 * relay key: the report was altered or made up), is warned, and then suspended from the processing of notices for a period that doubles with each
 * suspension. Counting restarts after each suspension.
 */
public final class ReporterReputation {
    private static final long SUSPENDED_REFRESH_MILLIS = 5_000;

    private final Policy policy;
    private final Outbox outbox;
    private final TransparencyLog log;
    private volatile Map<String, Long> suspended = new ConcurrentHashMap<>();
    private volatile long suspendedLoadedAt = Long.MIN_VALUE / 2;

    public ReporterReputation(Policy policy, Outbox outbox, TransparencyLog log) {
        this.policy = policy;
        this.outbox = outbox;
        this.log = log;
    }

    /**
     * When measures apply.
     *
     * @param warnAfter manifestly unfounded notices (within the window) that earn a warning
     * @param suspendAfter manifestly unfounded notices (within the window) that earn a suspension
     * @param window how far back notices count
     * @param firstSuspension the length of a first suspension; each further one doubles it
     * @param maxSuspension the longest suspension
     */
    public record Policy(
            int warnAfter, int suspendAfter, Duration window, Duration firstSuspension, Duration maxSuspension) {
        public static final Policy DEFAULTS =
                new Policy(3, 5, Duration.ofDays(180), Duration.ofDays(30), Duration.ofDays(180));

        public Policy {
            if (warnAfter < 1 || suspendAfter <= warnAfter) {
                throw new IllegalArgumentException("need 1 <= warnAfter < suspendAfter");
            }
        }
    }

    /** How a notice item turned out. */
    public enum Outcome {
        founded,
        unfounded,
        manifestly_unfounded
    }

    /** A measure taken against a notifier. */
    public sealed interface Measure {
        String reporterKey();

        /** A warning: further manifestly unfounded notices lead to a suspension. */
        record Warned(String reporterKey, long unfounded) implements Measure {}

        /** Notices from this notifier are not processed until {@code until}. */
        record Suspended(String reporterKey, long unfounded, Instant until) implements Measure {}
    }

    /** Item counts by outcome for one reporter. */
    public record Counts(long items, long founded, long unfounded, long manifestlyUnfounded, long pending) {
        public Optional<Double> accuracy() {
            long decided = founded + unfounded + manifestlyUnfounded;
            return decided == 0 ? Optional.empty() : Optional.of((double) founded / decided);
        }
    }

    /** A reporter's standing as staff and the reporter see it. */
    public record Standing(
            String reporterKey, int warnings, int suspensions, Optional<Instant> suspendedUntil, Counts counts) {}

    /**
     * Refuses a notice from a suspended notifier. Every notice asks, and suspensions are rare, so the
     * suspended notifiers are kept in memory: updated at once by suspensions on this node and
     * reloaded from the database every few seconds for those made on others.
     */
    public void checkMayReport(Tx tx, String reporterKey) {
        long now = tx.now().toEpochMilli();
        if (now - suspendedLoadedAt > SUSPENDED_REFRESH_MILLIS || now < suspendedLoadedAt) {
            Map<String, Long> fresh = new ConcurrentHashMap<>();
            tx.handle()
                    .createQuery(
                            "SELECT reporter_key, suspended_until FROM reporter_standing WHERE suspended_until > :now")
                    .bind("now", now)
                    .map((rs, ctx) -> fresh.put(rs.getString("reporter_key"), rs.getLong("suspended_until")))
                    .list();
            suspended = fresh;
            suspendedLoadedAt = now;
        }
        Long until = suspended.get(reporterKey);
        if (until != null && until > now) {
            throw new FulcrumException.Forbidden("notices from this notifier are not processed until "
                    + Instant.ofEpochMilli(until) + " (DSA Art. 23: repeated manifestly unfounded notices)");
        }
    }

    /** Gives the pending items of {@code caseId} their outcome and takes any measure it triggers. */
    public List<Measure> decided(Tx tx, String caseId, Outcome outcome) {
        long now = tx.now().toEpochMilli();
        List<String> reporters = outcome == Outcome.manifestly_unfounded
                ? tx.handle()
                        .createQuery("""
                        SELECT DISTINCT reporter_key FROM notice_item
                        WHERE case_id = :c AND outcome = 'pending' AND reporter_key IS NOT NULL""")
                        .bind("c", caseId)
                        .mapTo(String.class)
                        .list()
                : List.of();
        tx.handle()
                .createUpdate("""
                UPDATE notice_item SET outcome = :o, decided_at = :now WHERE case_id = :c AND outcome = 'pending'""")
                .bind("o", outcome.name())
                .bind("now", now)
                .bind("c", caseId)
                .execute();
        List<Measure> measures = new ArrayList<>();
        for (String key : reporters) {
            measure(tx, key).ifPresent(measures::add);
        }
        return measures;
    }

    /**
     * Records that a report from {@code reporterKey} failed franking verification as a forgery and
     * takes any measure it triggers: a forged report counts like a manifestly unfounded notice.
     */
    public Optional<Measure> forged(Tx tx, String reporterKey) {
        return measure(tx, reporterKey);
    }

    /** After a decision is reversed on appeal, the items that led to it were not founded after all. */
    public void reversed(Tx tx, String caseId) {
        tx.handle()
                .createUpdate("""
                UPDATE notice_item SET outcome = 'unfounded', decided_at = :now WHERE case_id = :c AND outcome = 'founded'""")
                .bind("now", tx.now().toEpochMilli())
                .bind("c", caseId)
                .execute();
    }

    /** A case reopened on appeal takes over the items of the old one, pending again. */
    public void reopened(Tx tx, String oldCaseId, String newCaseId) {
        tx.handle().createUpdate("""
                UPDATE notice_item SET case_id = :n, outcome = 'pending', decided_at = NULL WHERE case_id = :o""").bind("n", newCaseId).bind("o", oldCaseId).execute();
    }

    private Optional<Measure> measure(Tx tx, String key) {
        long now = tx.now().toEpochMilli();
        Handle h = tx.handle();
        h.createUpdate("""
                INSERT INTO reporter_standing (reporter_key, updated_at) VALUES (:k, :now)
                ON CONFLICT (reporter_key) DO NOTHING""").bind("k", key).bind("now", now).execute();
        var row = h.createQuery("""
                        SELECT counted_from, COALESCE(last_warned_at, -1) AS last_warned_at, suspensions FROM reporter_standing WHERE reporter_key = :k""")
                .bind("k", key)
                .map((rs, ctx) ->
                        new long[] {rs.getLong("counted_from"), rs.getLong("last_warned_at"), rs.getLong("suspensions")
                        })
                .one();
        long from = Math.max(row[0], now - policy.window().toMillis());
        long unfounded = h.createQuery("""
                        SELECT COUNT(DISTINCT notice_id) FROM notice_item
                        WHERE reporter_key = :k AND outcome = 'manifestly_unfounded' AND decided_at >= :from""")
                        .bind("k", key)
                        .bind("from", from)
                        .mapTo(Long.class)
                        .one()
                + forgedReports(h, key, from);
        Measure measure;
        if (unfounded >= policy.suspendAfter()) {
            long factor = 1L << Math.min(row[2], 20);
            Duration length = policy.firstSuspension().multipliedBy(factor);
            if (length.compareTo(policy.maxSuspension()) > 0) {
                length = policy.maxSuspension();
            }
            Instant until = tx.now().plus(length);
            h.createUpdate("""
                    UPDATE reporter_standing SET suspensions = suspensions + 1, suspended_until = :until,
                      counted_from = :now, updated_at = :now WHERE reporter_key = :k""")
                    .bind("until", until.toEpochMilli())
                    .bind("now", now)
                    .bind("k", key)
                    .execute();
            measure = new Measure.Suspended(key, unfounded, until);
            long untilMillis = until.toEpochMilli();
            tx.afterCommit(() -> suspended.put(key, untilMillis));
        } else if (unfounded >= policy.warnAfter() && row[1] < from) {
            h.createUpdate("""
                    UPDATE reporter_standing SET warnings = warnings + 1, last_warned_at = :now, updated_at = :now
                    WHERE reporter_key = :k""").bind("now", now).bind("k", key).execute();
            measure = new Measure.Warned(key, unfounded);
        } else {
            return Optional.empty();
        }
        record(tx, measure);
        return Optional.of(measure);
    }

    private void record(Tx tx, Measure m) {
        String id = Ids.next("rm", tx.clock());
        String kind = switch (m) {
            case Measure.Warned w -> "warning";
            case Measure.Suspended s -> "suspension";
        };
        Long until = m instanceof Measure.Suspended s ? s.until().toEpochMilli() : null;
        long unfounded = switch (m) {
            case Measure.Warned w -> w.unfounded();
            case Measure.Suspended s -> s.unfounded();
        };
        tx.handle()
                .createUpdate("""
                INSERT INTO reporter_measure (id, reporter_key, kind, until_at, unfounded, created_at)
                VALUES (:id, :k, :kind, :until, :n, :now)""")
                .bind("id", id)
                .bind("k", m.reporterKey())
                .bind("kind", kind)
                .bind("until", until)
                .bind("n", unfounded)
                .bind("now", tx.now().toEpochMilli())
                .execute();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("measureId", id);
        details.put("reporter", m.reporterKey());
        log.append(
                tx,
                LogEntry.of(
                        EntryKind.moderation_decision,
                        tx.now(),
                        null,
                        null,
                        "notifier_" + (kind.equals("warning") ? "warned" : "suspended"),
                        Map.of("measure", "art23_notifier_" + kind, "unfoundedNotices", unfounded),
                        details,
                        m.reporterKey()));
        if (m.reporterKey().startsWith("user:")) {
            String account = m.reporterKey().substring("user:".length());
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("kind", "notifier_" + kind);
            payload.put("accountId", account);
            payload.put("unfoundedNotices", unfounded);
            if (until != null) {
                payload.put("noticesSuspendedUntil", Instant.ofEpochMilli(until).toString());
            }
            payload.put("legalBasis", "DSA Art. 23(2)");
            outbox.enqueueMessage(tx, id, account, payload);
        }
    }

    /**
     * Forged E2E reports of a user reporter since {@code from}. Only stamps and commitments that do not
     * verify count: an unknown, revoked or expired relay key or a malformed report can be the client's
     * fault rather than the reporter's.
     */
    private static long forgedReports(Handle h, String reporterKey, long from) {
        if (!reporterKey.startsWith("user:")) {
            return 0;
        }
        return h.createQuery("""
                        SELECT COUNT(*) FROM e2e_rejection
                        WHERE reporter_id = :r AND reason IN ('BAD_STAMP', 'BAD_COMMITMENT') AND at >= :from""")
                .bind("r", reporterKey.substring("user:".length()))
                .bind("from", from)
                .mapTo(Long.class)
                .one();
    }

    public static Counts counts(Handle h, String reporterKey) {
        Map<String, Long> by = new LinkedHashMap<>();
        h.createQuery("SELECT outcome, COUNT(*) AS n FROM notice_item WHERE reporter_key = :k GROUP BY outcome")
                .bind("k", reporterKey)
                .map((rs, ctx) -> by.put(rs.getString("outcome"), rs.getLong("n")))
                .list();
        long total = by.values().stream().mapToLong(Long::longValue).sum();
        return new Counts(
                total,
                by.getOrDefault("founded", 0L),
                by.getOrDefault("unfounded", 0L),
                by.getOrDefault("manifestly_unfounded", 0L),
                by.getOrDefault("pending", 0L));
    }

    public static Standing standing(Handle h, String reporterKey) {
        Counts counts = counts(h, reporterKey);
        return h.createQuery("""
                        SELECT warnings, suspensions, suspended_until FROM reporter_standing WHERE reporter_key = :k""")
                .bind("k", reporterKey)
                .map((rs, ctx) -> new Standing(
                        reporterKey,
                        rs.getInt("warnings"),
                        rs.getInt("suspensions"),
                        Columns.optionalInstant(rs, "suspended_until"),
                        counts))
                .findOne()
                .orElse(new Standing(reporterKey, 0, 0, Optional.empty(), counts));
    }
}
