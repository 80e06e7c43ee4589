package org.fulcrum.server.platform;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Dialect;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Claims on outbox records, so that nodes sharing one database never deliver a record at the same
 * time. A node claims due records for a lease; the others leave them alone until the claim is
 * released or its lease runs out (the node died), then take them over. Only the oldest undelivered
 * record of each subject can be claimed, so a subject's actions go out one after the other, in
 * order, whichever node sends them. With one node the claims are simply always granted.
 *
 * <p>On PostgreSQL the candidates are locked with {@code FOR UPDATE SKIP LOCKED}: a node passes
 * over the rows another node is claiming at that moment instead of waiting for them, so claiming
 * nodes neither block nor deadlock one another. SQLite has one writer, which needs no such clause.
 */
public final class OutboxClaims {
    private static final String CLAIM = """
            UPDATE outbox SET claimed_by = :node, claim_until = :until
            WHERE delivered_at IS NULL AND next_attempt_at <= :now
              AND (claim_until IS NULL OR claim_until <= :now)
              AND action_id IN (
                SELECT o.action_id FROM outbox o
                WHERE o.delivered_at IS NULL AND o.next_attempt_at <= :now
                  AND (o.claim_until IS NULL OR o.claim_until <= :now)
                  AND NOT EXISTS (
                    SELECT 1 FROM outbox earlier
                    WHERE earlier.subject_id = o.subject_id AND earlier.subject_seq < o.subject_seq
                      AND earlier.delivered_at IS NULL)
                ORDER BY o.created_at, o.action_id
                LIMIT :limit <lock>)""";

    private final Database db;
    private final String node;
    private final Duration lease;
    private final Clock clock;
    private final String claimSql;
    private long lastUntil;

    public OutboxClaims(Database db, String node, Duration lease, Clock clock) {
        this.db = db;
        this.node = node;
        this.lease = lease;
        this.clock = clock;
        this.claimSql = CLAIM.replace("<lock>", db.dialect() == Dialect.POSTGRES ? "FOR UPDATE OF o SKIP LOCKED" : "");
    }

    public String node() {
        return node;
    }

    public Duration lease() {
        return lease;
    }

    /** A record this node has claimed, and until when. */
    public record Claimed(String actionId, String subjectId, String payload, int attempts, long claimUntil) {
        public Outbox.Envelope envelope() {
            return new Outbox.Envelope(actionId, subjectId, payload);
        }
    }

    /** Claims up to {@code limit} due records, oldest first; returns what this node now holds. */
    public synchronized List<Claimed> claim(int limit) {
        long now = clock.millis();
        // Each round's expiry is distinct, so it tells this round's claims from the node's earlier ones.
        long until = Math.max(now + lease.toMillis(), lastUntil + 1);
        lastUntil = until;
        return db.write(tx -> {
            int claimed = tx.handle().createUpdate(claimSql)
                    .bind("node", node).bind("until", until).bind("now", now).bind("limit", limit).execute();
            if (claimed == 0) {
                return List.<Claimed>of();
            }
            return tx.handle().createQuery("""
                            SELECT action_id, subject_id, payload, attempts, claim_until FROM outbox
                            WHERE claimed_by = :node AND claim_until = :until AND delivered_at IS NULL
                            ORDER BY created_at, action_id""")
                    .bind("node", node).bind("until", until)
                    .map((rs, ctx) -> new Claimed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            rs.getLong(5)))
                    .list();
        });
    }

    /** The outcome of one attempt at a claimed record. */
    public record Attempt(Claimed record, Outbox.Delivery result, long retryAt) {
    }

    /**
     * Records the outcomes of attempts in one transaction and lets go of their claims. A delivery is
     * recorded whoever holds the record now (it did reach the platform); a failure only while this
     * node still holds the claim, since another node may have taken the record over meanwhile.
     */
    public void record(List<Attempt> attempts) {
        if (attempts.isEmpty()) {
            return;
        }
        db.write(tx -> {
            long now = clock.millis();
            PreparedBatch delivered = tx.handle().prepareBatch("""
                    UPDATE outbox SET delivered_at = :now, attempts = attempts + 1, last_status = :status,
                      last_error = NULL, claimed_by = NULL, claim_until = NULL
                    WHERE action_id = :id AND delivered_at IS NULL""");
            PreparedBatch failed = tx.handle().prepareBatch("""
                    UPDATE outbox SET attempts = attempts + 1, next_attempt_at = :next, last_status = :status,
                      last_error = :error, claimed_by = NULL, claim_until = NULL
                    WHERE action_id = :id AND claimed_by = :node AND delivered_at IS NULL""");
            for (Attempt a : attempts) {
                switch (a.result()) {
                    case Outbox.Delivery.Delivered ok -> delivered.bind("now", now).bind("status", ok.status())
                            .bind("id", a.record().actionId()).add();
                    case Outbox.Delivery.Failed f -> failed.bind("next", a.retryAt()).bind("status", f.status())
                            .bind("error", truncate(f.error())).bind("id", a.record().actionId())
                            .bind("node", node).add();
                }
            }
            if (delivered.size() > 0) {
                delivered.execute();
            }
            if (failed.size() > 0) {
                failed.execute();
            }
            return null;
        });
    }

    /** Lets go of claimed records that were not attempted, for any node to take at once. */
    public void release(List<Claimed> records) {
        if (records.isEmpty()) {
            return;
        }
        db.write(tx -> {
            PreparedBatch batch = tx.handle().prepareBatch("""
                    UPDATE outbox SET claimed_by = NULL, claim_until = NULL
                    WHERE action_id = :id AND claimed_by = :node AND delivered_at IS NULL""");
            records.forEach(r -> batch.bind("id", r.actionId()).bind("node", node).add());
            batch.execute();
            return null;
        });
    }

    /** Lets go of every claim this node holds (on a clean shutdown). */
    public int releaseAll() {
        return db.write(tx -> tx.handle().createUpdate("""
                        UPDATE outbox SET claimed_by = NULL, claim_until = NULL
                        WHERE claimed_by = :node AND delivered_at IS NULL""")
                .bind("node", node).execute());
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 500);
    }
}
