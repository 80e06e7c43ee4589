package org.fulcrum.server.platform;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;
import org.fulcrum.server.web.Json;

/** The outbox as a table in the server's database, shared by every transport. */
public final class SqlOutbox implements Outbox {
    private final Database db;
    private volatile Runnable wake = () -> { };

    public SqlOutbox(Database db) {
        this.db = db;
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
        long now = tx.now().toEpochMilli();
        // The subject's row was updated earlier in this transaction, so on PostgreSQL two nodes acting
        // on one subject are serialised by its row lock and number its actions without a gap or a tie.
        tx.handle().createUpdate("""
                INSERT INTO outbox (action_id, subject_id, subject_seq, payload, created_at, next_attempt_at)
                VALUES (:id, :subject,
                        (SELECT COALESCE(MAX(subject_seq), 0) + 1 FROM outbox WHERE subject_id = :subject),
                        :payload, :now, :now)""")
                .bind("id", action.id()).bind("subject", action.subjectId()).bind("payload", Json.write(payload))
                .bind("now", now).execute();
        tx.afterCommit(wake);
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
        long now = tx.now().toEpochMilli();
        tx.handle().createUpdate("""
                INSERT INTO outbox (action_id, subject_id, subject_seq, payload, created_at, next_attempt_at)
                VALUES (:id, :subject,
                        (SELECT COALESCE(MAX(subject_seq), 0) + 1 FROM outbox WHERE subject_id = :subject),
                        :payload, :now, :now)""")
                .bind("id", messageId).bind("subject", subjectId).bind("payload", Json.write(body))
                .bind("now", now).execute();
        tx.afterCommit(wake);
    }

    /** An outbox record as operators see it; {@code claimedBy} names the node delivering it right now. */
    public record Entry(String actionId, String subjectId, Instant createdAt, int attempts, Instant nextAttemptAt,
                       Optional<Instant> deliveredAt, Optional<Integer> lastStatus, Optional<String> lastError,
                       Optional<String> claimedBy) {
    }

    /** Records not yet delivered, oldest first; those that failed at least once are "failing". */
    public List<Entry> pending(int limit) {
        return db.read(h -> h.createQuery("""
                        SELECT action_id, subject_id, created_at, attempts, next_attempt_at, delivered_at, last_status,
                               last_error, claimed_by
                        FROM outbox WHERE delivered_at IS NULL ORDER BY created_at, action_id LIMIT :limit""")
                .bind("limit", limit)
                .map((rs, ctx) -> new Entry(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                        rs.getInt(4), Instant.ofEpochMilli(rs.getLong(5)), Optional.empty(),
                        Optional.ofNullable((Integer) rs.getObject(7) == null ? null : rs.getInt(7)),
                        Optional.ofNullable(rs.getString(8)), Optional.ofNullable(rs.getString(9))))
                .list());
    }

    /** Counts of pending and failing records, for metrics and readiness. */
    public record Counts(long pending, long failing, long delivered) {
    }

    public Counts counts() {
        return db.read(h -> h.createQuery("""
                        SELECT
                          COALESCE(SUM(CASE WHEN delivered_at IS NULL THEN 1 ELSE 0 END), 0),
                          COALESCE(SUM(CASE WHEN delivered_at IS NULL AND attempts > 0 THEN 1 ELSE 0 END), 0),
                          COALESCE(SUM(CASE WHEN delivered_at IS NOT NULL THEN 1 ELSE 0 END), 0)
                        FROM outbox""")
                .map((rs, ctx) -> new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3))).one());
    }
}
