package org.fulcrum.server.privacy;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.store.OrderedRow;
import org.fulcrum.server.store.Tx;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Captures what a hold preserves when it is placed: the subject's record, its content copy and its
 * content events; for an account also its private data and the content copies of what it wrote;
 * for a channel or group the content copies of its posts. The platform may delete the content
 * afterwards (a deleted event drops the copy); the evidence stays until the hold ends. The media of
 * what is captured are fetched afterwards and kept sealed ({@link MediaEvidence}).
 */
final class Evidence {
    /** At most this many rows of each source are captured for one hold. */
    static final int LIMIT = 1000;

    private Evidence() {}

    /** Captures the evidence of hold {@code holdId} on {@code subjectId}; returns how many items. */
    static int capture(Tx tx, Clock clock, Json json, String holdId, String subjectId) {
        Handle h = tx.handle();
        long now = tx.now().toEpochMilli();
        PreparedBatch batch = h.prepareBatch("""
                INSERT INTO preserved_item (id, hold_id, subject_id, source, source_key, body, captured_at)
                VALUES (:id, :hold, :subject, :source, :key, :body, :now)""");
        int[] n = {0};
        Capture add = (subject, source, key, body) -> {
            batch.bind("id", Ids.next("pi", clock))
                    .bind("hold", holdId)
                    .bind("subject", subject)
                    .bind("source", source)
                    .bind("key", key)
                    .bind("body", json.write(body))
                    .bind("now", now)
                    .add();
            n[0]++;
        };
        for (Map<String, Object> row : rows(h, "SELECT * FROM subject WHERE id = :s", subjectId)) {
            add.add(subjectId, "subject", subjectId, row);
        }
        for (Map<String, Object> row : rows(h, "SELECT * FROM subject_content WHERE subject_id = :s", subjectId)) {
            add.add(subjectId, "subject_content", subjectId, row);
        }
        for (Map<String, Object> row : rows(
                h,
                "SELECT * FROM content_event WHERE subject_id = :s " + "ORDER BY received_at DESC LIMIT " + LIMIT,
                subjectId)) {
            add.add(subjectId, "content_event", (String) row.get("event_id"), row);
        }
        for (Map<String, Object> row : rows(
                h,
                "SELECT * FROM account_private_data WHERE account_id = :s " + "ORDER BY observed_at DESC LIMIT "
                        + LIMIT,
                subjectId)) {
            add.add(subjectId, "account_private_data", row.get("category") + "/" + row.get("observed_at"), row);
        }
        for (Map<String, Object> row : rows(h, """
                SELECT c.* FROM subject_content c JOIN subject s ON s.id = c.subject_id
                WHERE s.author_id = :s OR s.container_id = :s ORDER BY c.updated_at DESC LIMIT""" + " " + LIMIT, subjectId)) {
            String id = (String) row.get("subject_id");
            add.add(id, "subject_content", id, row);
        }
        if (n[0] > 0) {
            batch.execute();
        }
        MediaEvidence.enqueue(tx, json, holdId, subjectId);
        return n[0];
    }

    @FunctionalInterface
    private interface Capture {
        void add(String subjectId, String source, String key, Map<String, Object> body);
    }

    private static List<Map<String, Object>> rows(Handle h, String sql, String subjectId) {
        return h.createQuery(sql).bind("s", subjectId).map(OrderedRow.MAPPER).list();
    }
}
