package org.fulcrum.server.lawful.decision;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.lawful.request.Requests;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Tx;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** Questions asked of the authority, and its answers. An open question stops the clock. */
public final class Clarifications {
    private Clarifications() {}

    /** A question and, once given, its answer. */
    public record Clarification(
            String id,
            String question,
            String askedBy,
            Instant askedAt,
            Optional<String> answer,
            Optional<Instant> answeredAt) {}

    public static void ask(Tx tx, String requestId, String question, String by) {
        tx.handle()
                .createUpdate("""
                INSERT INTO lawful_clarification (id, request_id, question, asked_by, asked_at)
                VALUES (:id, :r, :q, :by, :at)""")
                .bind("id", Ids.next("cl", tx.clock()))
                .bind("r", requestId)
                .bind("q", question)
                .bind("by", by)
                .bind("at", tx.now().toEpochMilli())
                .execute();
        Requests.pause(tx.handle(), requestId, tx.now());
    }

    /** Answers every open question; returns how many were open. */
    public static int answer(Tx tx, String requestId, String answer) {
        int n = tx.handle()
                .createUpdate("""
                UPDATE lawful_clarification SET answer = :a, answered_at = :at
                WHERE request_id = :r AND answered_at IS NULL""")
                .bind("a", answer)
                .bind("at", tx.now().toEpochMilli())
                .bind("r", requestId)
                .execute();
        Requests.resume(tx.handle(), requestId, tx.now());
        return n;
    }

    public static List<Clarification> of(Handle h, String requestId) {
        return h.createQuery("""
                        SELECT id, question, asked_by, asked_at, answer, answered_at FROM lawful_clarification
                        WHERE request_id = :r ORDER BY asked_at, id""").bind("r", requestId).map(CLARIFICATION).list();
    }

    private static final RowMapper<Clarification> CLARIFICATION = (rs, ctx) -> new Clarification(
            rs.getString("id"),
            rs.getString("question"),
            rs.getString("asked_by"),
            Columns.instant(rs, "asked_at"),
            Columns.optionalString(rs, "answer"),
            Columns.optionalInstant(rs, "answered_at"));
}
