package org.fulcrum.server.platform;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Dialect;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims on outbox records, so that nodes sharing one database never deliver a record at the same
 * time. A node claims due records for a lease; the others leave them alone until the claim is
 * released or its lease runs out (the node died), then take them over. Only the oldest undelivered
 * record of each subject is ever due (the later ones wait with {@link SqlOutbox#WAITING} until the
 * one before is delivered), so a subject's actions go out one after the other, in order, whichever
 * node sends them. With one node the claims are simply always granted.
 *
 * <p>A claim sets the record's {@code next_attempt_at} to the end of its lease, so the partial
 * index {@code outbox_ready} holds exactly the records that may be claimed, soonest first: the
 * claim reads the first {@code limit} entries of that index and nothing else, whatever the backlog.
 * On PostgreSQL the candidates are locked with {@code FOR UPDATE SKIP LOCKED}: a node passes over
 * the rows another node is claiming at that moment instead of waiting for them. SQLite has one
 * writer, which needs no such clause.
 *
 * <p>Claims and outcomes are written {@linkplain Database#writeAlone alone}: never in the
 * transaction of another unit (a bulk decision, a log append), so they neither wait for nor hold
 * anything but the outbox rows they touch.
 */
public final class OutboxClaims {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxClaims.class);
    static final String SQLITE_CLAIM = """
            UPDATE outbox SET previous_claimant = claimed_by, claimed_by = :node, claim_until = :until,
              next_attempt_at = :until
            WHERE action_id IN (
              SELECT action_id FROM outbox WHERE delivered_at IS NULL AND next_attempt_at <= :now
              ORDER BY next_attempt_at LIMIT :limit)
            RETURNING action_id, subject_id, payload, attempts, claim_until, created_at, previous_claimant""";
    // The candidates as an array: the update then finds each by its key, never by joining the table.
    static final String POSTGRES_CLAIM = """
            UPDATE outbox SET previous_claimant = claimed_by, claimed_by = :node, claim_until = :until,
              next_attempt_at = :until
            WHERE action_id = ANY(ARRAY(
              SELECT action_id FROM outbox WHERE delivered_at IS NULL AND next_attempt_at <= :now
              ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED))
            RETURNING action_id, subject_id, payload, attempts, claim_until, created_at, previous_claimant""";

    private final Database db;
    private final String node;
    private final Duration lease;
    private final Clock clock;
    private final String claimSql;
    private final LongAdder takenOver = new LongAdder();

    public OutboxClaims(Database db, String node, Duration lease, Clock clock) {
        this.db = db;
        this.node = node;
        this.lease = lease;
        this.clock = clock;
        this.claimSql = db.dialect() == Dialect.POSTGRES ? POSTGRES_CLAIM : SQLITE_CLAIM;
    }

    public String node() {
        return node;
    }

    public Duration lease() {
        return lease;
    }

    /** A record this node has claimed, and until when. */
    public record Claimed(
            String actionId, String subjectId, String payload, int attempts, long claimUntil, long createdAt) {
        public Claimed(String actionId, String subjectId, String payload, int attempts, long claimUntil) {
            this(actionId, subjectId, payload, attempts, claimUntil, 0);
        }

        public Outbox.Envelope envelope() {
            return new Outbox.Envelope(actionId, subjectId, payload);
        }
    }

    /**
     * Claims up to {@code limit} due records, oldest first; returns what this node now holds. The lease
     * is checked once the claim is granted: if more than half of it went by while the query ran, the
     * records are released unsent and nothing is returned, so a record is never sent on a lease that
     * another node may already consider expired.
     */
    public List<Claimed> claim(int limit) {
        long now = clock.millis();
        long until = now + lease.toMillis();
        List<Row> claimed = db.writeAlone(tx -> tx.handle()
                .createQuery(claimSql)
                .bind("node", node)
                .bind("until", until)
                .bind("now", now)
                .bind("limit", limit)
                .map((rs, ctx) -> new Row(
                        new Claimed(
                                rs.getString("action_id"),
                                rs.getString("subject_id"),
                                rs.getString("payload"),
                                rs.getInt("attempts"),
                                rs.getLong("claim_until"),
                                rs.getLong("created_at")),
                        rs.getString("previous_claimant")))
                .list());
        List<Claimed> records = claimed.stream().map(Row::record).toList();
        // The lease was computed before the query: a query slowed down (stale planner statistics, a
        // busy database) can hand out claims whose lease is already mostly spent, and another node
        // would take them over while they are being sent. Such claims are let go at once, unsent.
        if (!claimed.isEmpty() && clock.millis() > until - lease.toMillis() / 2) {
            LOG.warn(
                    "outbox claim of {} records took more than half the {} s lease; released them unsent",
                    claimed.size(),
                    lease.toSeconds());
            release(records);
            return List.of();
        }
        claimed.forEach(this::countTakeOver);
        return records.stream()
                .sorted(Comparator.comparingLong(Claimed::createdAt).thenComparing(Claimed::actionId))
                .toList();
    }

    /** A claimed row as the claim returns it, with the node whose expired claim it replaced. */
    private record Row(Claimed record, String previousClaimant) {}

    private void countTakeOver(Row row) {
        if (row.previousClaimant != null) {
            takenOver.increment();
            // One line per record: the operator (and the failure tests) see whose lease ran out and
            // which action may reach the platform twice.
            LOG.info(
                    "took over outbox record {} whose claim by {} ran out; it may be delivered twice",
                    row.record.actionId(),
                    row.previousClaimant);
        }
    }

    /**
     * Records this node claimed after another claim on them ran out unreleased (its holder died or
     * stalled longer than its lease), since this node started: each may reach the platform twice.
     */
    public long takenOver() {
        return takenOver.sum();
    }

    /** The outcome of one attempt at a claimed record. */
    public record Attempt(Claimed record, Outbox.Delivery result, long retryAt) {}

    /**
     * Records the outcomes of attempts in one transaction and lets go of their claims; a delivered
     * record makes the next record of its subject due. A delivery is recorded whoever holds the
     * record now (it did reach the platform); a failure only while this node still holds the claim,
     * since another node may have taken the record over meanwhile. Records that were not attempted
     * are released for any node to take at once.
     */
    public void record(List<Attempt> attempts) {
        if (attempts.isEmpty()) {
            return;
        }
        db.writeAlone(tx -> {
            long now = clock.millis();
            PreparedBatch delivered = tx.handle().prepareBatch("""
                    UPDATE outbox SET delivered_at = :now, attempts = attempts + 1, last_status = :status,
                      last_error = NULL, claimed_by = NULL, claim_until = NULL
                    WHERE action_id = :id AND delivered_at IS NULL""");
            // Run after every delivery above: the subject's next record, if it waits, is due now.
            PreparedBatch next = tx.handle().prepareBatch("""
                    UPDATE outbox SET next_attempt_at = :now
                    WHERE subject_id = :subject AND delivered_at IS NULL AND next_attempt_at = :waiting
                      AND subject_seq = (SELECT MIN(subject_seq) FROM outbox
                                         WHERE subject_id = :subject AND delivered_at IS NULL)""");
            PreparedBatch failed = tx.handle().prepareBatch("""
                    UPDATE outbox SET attempts = attempts + 1, next_attempt_at = :next, last_status = :status,
                      last_error = :error, claimed_by = NULL, claim_until = NULL
                    WHERE action_id = :id AND claimed_by = :node AND delivered_at IS NULL""");
            PreparedBatch released = releaseBatch(tx.handle());
            for (Attempt a : attempts) {
                switch (a.result()) {
                    case Outbox.Delivery.Delivered ok -> {
                        delivered
                                .bind("now", now)
                                .bind("status", ok.status())
                                .bind("id", a.record().actionId())
                                .add();
                        next.bind("now", now)
                                .bind("subject", a.record().subjectId())
                                .bind("waiting", SqlOutbox.WAITING)
                                .add();
                    }
                    case Outbox.Delivery.Failed f ->
                        failed.bind("next", a.retryAt())
                                .bind("status", f.status())
                                .bind("error", truncate(f.error()))
                                .bind("id", a.record().actionId())
                                .bind("node", node)
                                .add();
                    case Outbox.Delivery.NotAttempted skipped ->
                        released.bind("now", now)
                                .bind("id", a.record().actionId())
                                .bind("node", node)
                                .add();
                }
            }
            for (PreparedBatch batch : List.of(delivered, next, failed, released)) {
                if (batch.size() > 0) {
                    batch.execute();
                }
            }
            return null;
        });
    }

    /** Lets go of claimed records that were not attempted, for any node to take at once. */
    public void release(List<Claimed> records) {
        if (records.isEmpty()) {
            return;
        }
        db.writeAlone(tx -> {
            long now = clock.millis();
            PreparedBatch batch = releaseBatch(tx.handle());
            records.forEach(r -> batch.bind("now", now)
                    .bind("id", r.actionId())
                    .bind("node", node)
                    .add());
            batch.execute();
            return null;
        });
    }

    private static PreparedBatch releaseBatch(Handle handle) {
        return handle.prepareBatch("""
                UPDATE outbox SET claimed_by = NULL, claim_until = NULL, next_attempt_at = :now
                WHERE action_id = :id AND claimed_by = :node AND delivered_at IS NULL""");
    }

    /** Lets go of every claim this node holds (on a clean shutdown). */
    public int releaseAll() {
        long now = clock.millis();
        return db.writeAlone(tx -> tx.handle()
                .createUpdate("""
                        UPDATE outbox SET claimed_by = NULL, claim_until = NULL, next_attempt_at = :now
                        WHERE claimed_by = :node AND delivered_at IS NULL""")
                .bind("node", node)
                .bind("now", now)
                .execute());
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 500);
    }
}
