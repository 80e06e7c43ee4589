package org.fulcrum.server.privacy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Tx;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/** SQL for legal holds. */
final class HoldStore {
    private static final String SELECT = """
            SELECT id, subject_id, source, source_ref, instrument, reason, placed_by, placed_at, until_at, extensions,
                   released_by, released_at, release_reason FROM legal_hold""";

    private HoldStore() {}

    static void insert(
            Tx tx,
            String id,
            String subjectId,
            Hold.Source source,
            Optional<String> sourceRef,
            Optional<String> actionId,
            Optional<String> instrument,
            String reason,
            String placedBy,
            Instant until) {
        tx.handle()
                .createUpdate("""
                INSERT INTO legal_hold (id, subject_id, source, source_ref, action_id, instrument, reason, placed_by,
                                        placed_at, until_at)
                VALUES (:id, :subject, :source, :ref, :action, :instrument, :reason, :by, :now, :until)""")
                .bind("id", id)
                .bind("subject", subjectId)
                .bind("source", source.name())
                .bind("ref", sourceRef.orElse(null))
                .bind("action", actionId.orElse(null))
                .bind("instrument", instrument.orElse(null))
                .bind("reason", reason)
                .bind("by", placedBy)
                .bind("now", tx.now().toEpochMilli())
                .bind("until", until.toEpochMilli())
                .execute();
    }

    static Optional<Hold> find(Handle h, String id) {
        return h.createQuery(SELECT + " WHERE id = :id")
                .bind("id", id)
                .map(HoldStore::map)
                .findOne();
    }

    /** The running holds of {@code subjectId} itself. */
    static List<Hold> active(Handle h, String subjectId, Instant now) {
        return h.createQuery(
                        SELECT + " WHERE subject_id = :s AND released_at IS NULL AND until_at > :now ORDER BY until_at")
                .bind("s", subjectId)
                .bind("now", now.toEpochMilli())
                .map(HoldStore::map)
                .list();
    }

    /** Holds, newest first: running ones only or all, of one subject or all. */
    static List<Hold> list(Handle h, Optional<String> subjectId, boolean activeOnly, Instant now, int limit) {
        StringBuilder sql = new StringBuilder(SELECT + " WHERE 1 = 1");
        subjectId.ifPresent(s -> sql.append(" AND subject_id = :s"));
        if (activeOnly) {
            sql.append(" AND released_at IS NULL AND until_at > :now");
        }
        sql.append(" ORDER BY placed_at DESC, id DESC LIMIT :limit");
        var q = h.createQuery(sql.toString()).bind("limit", limit);
        subjectId.ifPresent(s -> q.bind("s", s));
        if (activeOnly) {
            q.bind("now", now.toEpochMilli());
        }
        return q.map(HoldStore::map).list();
    }

    static void release(Tx tx, String id, String by, String reason) {
        tx.handle()
                .createUpdate("""
                UPDATE legal_hold SET released_by = :by, released_at = :now, release_reason = :reason
                WHERE id = :id AND released_at IS NULL""")
                .bind("by", by)
                .bind("now", tx.now().toEpochMilli())
                .bind("reason", reason)
                .bind("id", id)
                .execute();
    }

    static Hold map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Hold(
                rs.getString("id"),
                rs.getString("subject_id"),
                Hold.Source.valueOf(rs.getString("source")),
                Columns.optionalString(rs, "source_ref"),
                Columns.optionalString(rs, "instrument"),
                rs.getString("reason"),
                rs.getString("placed_by"),
                Instant.ofEpochMilli(rs.getLong("placed_at")),
                Instant.ofEpochMilli(rs.getLong("until_at")),
                rs.getInt("extensions"),
                Columns.optionalString(rs, "released_by"),
                Columns.optionalInstant(rs, "released_at"),
                Columns.optionalString(rs, "release_reason"));
    }
}
