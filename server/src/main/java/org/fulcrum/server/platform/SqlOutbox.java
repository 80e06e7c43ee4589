package org.fulcrum.server.platform;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Dialect;
import org.fulcrum.server.store.Tx;

/** The outbox as a table in the server's database, shared by every transport. */
public final class SqlOutbox implements Outbox {
    /** The {@code next_attempt_at} of a record waiting for an earlier record of its subject: never. */
    static final long WAITING = Long.MAX_VALUE;

    private final Database db;
    private volatile Runnable wake = () -> {};

    private final Json json;

    public SqlOutbox(Database db, Json json) {
        this.db = db;
        this.json = json;
    }

    void onEnqueue(Runnable wake) {
        this.wake = wake;
    }

    @Override
    public void enqueue(Tx tx, Action action, EnforcementState state) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("actionId", action.id());
        payload.put("subjectId", action.subjectId());
        payload.put("type", action.type());
        payload.put("countries", action.countries());
        action.label().ifPresent(l -> payload.put("label", l));
        action.until().ifPresent(u -> payload.put("until", u.toString()));
        payload.put("reason", action.reason());
        payload.put("origin", action.origin());
        action.reverses().ifPresent(r -> payload.put("reverses", r));
        payload.put("state", state);
        payload.put("at", action.at().toString());
        // The subject's row was updated earlier in this transaction, so on PostgreSQL two nodes acting
        // on one subject are serialised by its row lock and number its actions without a gap or a tie.
        insert(tx, action.id(), action.subjectId(), json.write(payload));
    }

    @Override
    public void enqueueMessage(Tx tx, String messageId, String subjectId, Map<String, Object> payload) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messageId", messageId);
        body.put("message", payload.get("kind"));
        body.put("subjectId", subjectId);
        payload.forEach((k, v) -> {
            if (!k.equals("kind")) {
                body.put(k, v);
            }
        });
        body.put("at", tx.now().toString());
        // Messages take their place in the subject's sequence like actions: two messages about one
        // subject (a statement, then an appeal's outcome) must not share a number.
        insert(tx, messageId, subjectId, json.write(body));
    }

    /**
     * Adds a record behind the subject's earlier ones: due at once if none is undelivered, else
     * {@link #WAITING} until the one before it is delivered. On PostgreSQL the last undelivered
     * record is read {@code FOR SHARE}: a dispatcher marking it delivered at this moment either
     * commits first (and this record is due at once) or waits for this transaction (and then finds
     * this record to make due), so no record is left waiting behind a delivered one.
     */
    private void insert(Tx tx, String id, String subjectId, String payload) {
        long now = tx.now().toEpochMilli();
        boolean behind = tx.handle()
                .createQuery("""
                        SELECT subject_seq FROM outbox WHERE subject_id = :subject AND delivered_at IS NULL
                        ORDER BY subject_seq DESC LIMIT 1""" + (db.dialect() == Dialect.POSTGRES ? " FOR SHARE" : ""))
                .bind("subject", subjectId)
                .mapTo(Long.class)
                .findOne()
                .isPresent();
        tx.handle()
                .createUpdate("""
                INSERT INTO outbox (action_id, subject_id, subject_seq, payload, created_at, next_attempt_at)
                VALUES (:id, :subject,
                        (SELECT COALESCE(MAX(subject_seq), 0) + 1 FROM outbox WHERE subject_id = :subject),
                        :payload, :now, :next)""")
                .bind("id", id)
                .bind("subject", subjectId)
                .bind("payload", payload)
                .bind("now", now)
                .bind("next", behind ? WAITING : now)
                .execute();
        tx.afterCommit(wake);
    }

    /**
     * An outbox record as operators see it; {@code claimedBy} names the node delivering it right now,
     * {@code nextAttemptAt} is empty while the record waits for an earlier record of its subject.
     */
    public record Entry(
            String actionId,
            String subjectId,
            Instant createdAt,
            int attempts,
            Optional<Instant> nextAttemptAt,
            Optional<Instant> deliveredAt,
            Optional<Integer> lastStatus,
            Optional<String> lastError,
            Optional<String> claimedBy) {}

    /** Records not yet delivered, oldest first; those that failed at least once are "failing". */
    public List<Entry> pending(int limit) {
        return db.read(h -> h.createQuery("""
                        SELECT action_id, subject_id, created_at, attempts, next_attempt_at, delivered_at, last_status,
                               last_error, claimed_by
                        FROM outbox WHERE delivered_at IS NULL ORDER BY created_at, action_id LIMIT :limit""")
                .bind("limit", limit)
                .map((rs, ctx) -> new Entry(
                        rs.getString("action_id"),
                        rs.getString("subject_id"),
                        Columns.instant(rs, "created_at"),
                        rs.getInt("attempts"),
                        rs.getLong("next_attempt_at") == WAITING
                                ? Optional.empty()
                                : Columns.optionalInstant(rs, "next_attempt_at"),
                        Optional.empty(),
                        Columns.optionalInt(rs, "last_status"),
                        Columns.optionalString(rs, "last_error"),
                        Columns.optionalString(rs, "claimed_by")))
                .list());
    }

    /** Counts of pending and failing records, for metrics and readiness. */
    public record Counts(long pending, long failing, long delivered) {}

    /**
     * What still waits for the platform, read from the undelivered rows only.
     *
     * @param pending actions not yet acknowledged
     * @param failing of them, those whose delivery failed at least once
     * @param oldest when the oldest of them was committed, if any
     */
    public record Waiting(long pending, long failing, java.util.Optional<java.time.Instant> oldest) {}

    public Waiting waiting() {
        return db.read(h -> h.createQuery("""
                        SELECT COUNT(*) AS pending,
                               COALESCE(SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END), 0) AS failing,
                               MIN(created_at) AS oldest
                        FROM outbox WHERE delivered_at IS NULL""")
                .map((rs, ctx) -> new Waiting(
                        rs.getLong("pending"),
                        rs.getLong("failing"),
                        org.fulcrum.server.store.Columns.optionalInstant(rs, "oldest")))
                .one());
    }

    public Counts counts() {
        return db.read(h -> h.createQuery("""
                        SELECT
                          COALESCE(SUM(CASE WHEN delivered_at IS NULL THEN 1 ELSE 0 END), 0) AS pending,
                          COALESCE(SUM(CASE WHEN delivered_at IS NULL AND attempts > 0 THEN 1 ELSE 0 END), 0) AS failing,
                          COALESCE(SUM(CASE WHEN delivered_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS delivered
                        FROM outbox""")
                .map((rs, ctx) -> new Counts(rs.getLong("pending"), rs.getLong("failing"), rs.getLong("delivered")))
                .one());
    }
}
