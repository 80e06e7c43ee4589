package org.fulcrum.server.review;

import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.platform.Action;
import org.fulcrum.server.platform.Outbox;
import org.fulcrum.server.platform.Subject;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;
import org.jdbi.v3.core.Handle;

/**
 * Statements of reasons (DSA Art. 17): one for every decision that restricts, stored with its
 * Transparency Database body and the text the affected user reads in their language, delivered to
 * the platform through the outbox in the decision's transaction, and exported in batches.
 */
public final class Statements {
    public static final int MAX_BATCH = 100;
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final Database db;
    private final Json json;
    private final Outbox outbox;

    public Statements(Database db, Outbox outbox, Json json) {
        this.json = json;
        this.db = db;
        this.outbox = outbox;
    }

    /**
     * A statement as stored.
     *
     * @param id the puid
     * @param decisionId the decision it explains
     * @param subjectId the subject restricted
     * @param recipientId the account told
     * @param language the language of {@code message}
     * @param body the Transparency Database statement
     * @param message the text the user reads
     * @param createdAt when it was issued
     */
    public record Statement(
            String id,
            String decisionId,
            String subjectId,
            Optional<String> recipientId,
            String language,
            Map<String, Object> body,
            String message,
            Instant createdAt) {}

    /**
     * A batch for the Transparency Database: at most {@value #MAX_BATCH} statements, the body of
     * one batch submission.
     *
     * @param statements the statements
     */
    public record Batch(List<Map<String, Object>> statements) {
        public Batch {
            if (statements == null) {
                throw new FulcrumException.InvalidInput("statements", "is required");
            }
            if (statements.size() > MAX_BATCH) {
                throw new FulcrumException.InvalidInput(
                        "statements", "a batch holds at most " + MAX_BATCH + " statements, not " + statements.size());
            }
            statements = List.copyOf(statements);
        }
    }

    /** Issues the statement for {@code d}, in its transaction, and queues its delivery. */
    public Statement issue(
            Tx tx,
            Decision d,
            Subject subject,
            Optional<String> recipientId,
            List<Action> restricting,
            String language,
            Instant appealUntil) {
        String id = Ids.next("sor", tx.clock());
        Handle h = tx.handle();
        Optional<String[]> content = h.createQuery(
                        "SELECT text_content, media FROM subject_content WHERE subject_id = :s")
                .bind("s", subject.id())
                .map((rs, ctx) -> new String[] {rs.getString("text_content"), rs.getString("media")})
                .findOne();
        boolean hasText = content.map(c -> c[0] != null && !c[0].isEmpty()).orElse(false);
        boolean hasMedia = content.map(c -> c[1] != null && !c[1].equals("[]")).orElse(false);
        // A trusted flagger's name is public (DSA Art. 22); individual notifiers are never named.
        Optional<String> flagger =
                h.createQuery("""
                        SELECT f.name FROM notice_item i JOIN notice n ON n.id = i.notice_id
                        JOIN trusted_flagger f ON f.id = n.flagger_id
                        WHERE i.subject_id = :s ORDER BY n.received_at LIMIT 1""").bind("s", subject.id()).mapTo(String.class).findOne();
        Map<String, Object> body = StatementBody.build(
                id,
                d,
                new StatementBody.Content(
                        subject.kind(), hasText, hasMedia, subject.createdAt(), subject.language(), flagger),
                restricting);
        String message = StatementText.render(language, d, subject.kind(), restricting, appealUntil, id);
        h.createUpdate("""
                INSERT INTO statement_of_reasons (id, decision_id, subject_id, recipient_id, language, body, message,
                                                  created_at)
                VALUES (:id, :d, :s, :r, :lang, :body, :msg, :now)""")
                .bind("id", id)
                .bind("d", d.id())
                .bind("s", subject.id())
                .bind("r", recipientId.orElse(null))
                .bind("lang", language)
                .bind("body", json.write(body))
                .bind("msg", message)
                .bind("now", tx.now().toEpochMilli())
                .execute();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("kind", "statement_of_reasons");
        payload.put("statementId", id);
        payload.put("decisionId", d.id());
        recipientId.ifPresent(r -> payload.put("recipientId", r));
        payload.put("language", language);
        payload.put("text", message);
        payload.put("appealUntil", appealUntil.toString());
        payload.put("statement", body);
        outbox.enqueueMessage(tx, id, subject.id(), payload);
        return new Statement(id, d.id(), subject.id(), recipientId, language, body, message, tx.now());
    }

    public Optional<Statement> find(String id) {
        return db.read(h -> h.createQuery(SELECT + " WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> map(rs))
                .findOne());
    }

    public List<Statement> forDecision(Handle h, String decisionId) {
        return h.createQuery(SELECT + " WHERE decision_id = :d ORDER BY id")
                .bind("d", decisionId)
                .map((rs, ctx) -> map(rs))
                .list();
    }

    /** A page of the export: statements after {@code after} in id order, at most {@value #MAX_BATCH}. */
    public record Page(Batch batch, Optional<String> next) {}

    public Page export(Optional<String> after, int limit) {
        if (limit < 1 || limit > MAX_BATCH) {
            throw new FulcrumException.InvalidInput(
                    "limit",
                    "must be between 1 and " + MAX_BATCH + " (a Transparency Database batch holds at most " + MAX_BATCH
                            + ")");
        }
        List<Map<String, Object>> bodies = db.read(h -> h.createQuery("""
                        SELECT body FROM statement_of_reasons WHERE id > :after ORDER BY id LIMIT :limit""")
                .bind("after", after.orElse(""))
                .bind("limit", limit + 1)
                .map((rs, ctx) -> read(rs.getString("body")))
                .list());
        boolean more = bodies.size() > limit;
        List<Map<String, Object>> page = more ? bodies.subList(0, limit) : bodies;
        Optional<String> next = more ? Optional.of((String) page.getLast().get("puid")) : Optional.empty();
        return new Page(new Batch(page), next);
    }

    private static final String SELECT = """
            SELECT id, decision_id, subject_id, recipient_id, language, body, message, created_at
            FROM statement_of_reasons""";

    private Statement map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Statement(
                rs.getString("id"),
                rs.getString("decision_id"),
                rs.getString("subject_id"),
                Columns.optionalString(rs, "recipient_id"),
                rs.getString("language"),
                read(rs.getString("body")),
                rs.getString("message"),
                Columns.instant(rs, "created_at"));
    }

    private Map<String, Object> read(String stored) {
        try {
            return json.read(stored, MAP);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored statement is unreadable", e);
        }
    }
}
