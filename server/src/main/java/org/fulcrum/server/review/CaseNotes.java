package org.fulcrum.server.review;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.fulcrum.server.FulcrumException;
import org.fulcrum.server.FulcrumException.InvalidInput;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Ids;
import org.jdbi.v3.core.Handle;

/**
 * Internal notes on a case, with tags, and escalation: a note may move the open case to another
 * queue (a lead's queue, a specialist team), releasing any claim so the receiving team picks it up.
 * Notes stay inside Fulcrum; each is audited.
 */
public final class CaseNotes {
    public static final int MAX_BODY = 2000;
    public static final int MAX_TAGS = 10;
    private final Database db;
    private final Queues queues;

    public CaseNotes(Database db, Queues queues) {
        this.db = db;
        this.queues = queues;
    }

    /** A note as shown on the case. */
    public record Note(String id, String author, String body, List<String> tags, Optional<String> escalatedTo,
                       Instant at) {
    }

    /**
     * A note to add.
     *
     * @param body the note, 1 to {@value #MAX_BODY} characters
     * @param tags up to {@value #MAX_TAGS} tags of a-z 0-9 and -, from a comma or space separated list
     * @param escalateTo a queue to move the case to
     */
    public record Draft(String body, List<String> tags, Optional<String> escalateTo) {
        public Draft {
            body = body == null ? "" : body.strip();
            if (body.isEmpty()) {
                throw new InvalidInput("body", "Write the note.");
            }
            if (body.length() > MAX_BODY) {
                throw new InvalidInput("body", "A note is at most " + MAX_BODY + " characters.");
            }
            tags = List.copyOf(tags);
            if (tags.size() > MAX_TAGS) {
                throw new InvalidInput("tags", "Use at most " + MAX_TAGS + " tags.");
            }
            for (String t : tags) {
                if (!t.matches("[a-z0-9][a-z0-9-]{0,31}")) {
                    throw new InvalidInput("tags", "Tags are words of a-z, 0-9 and -, such as needs-lead; \"" + t
                            + "\" is not.");
                }
            }
            escalateTo = escalateTo == null ? Optional.empty() : escalateTo.filter(q -> !q.isBlank());
        }

        /** Tags as typed: separated by commas or spaces, lower-cased. */
        public static List<String> tags(String typed) {
            return typed == null || typed.isBlank() ? List.of() : Arrays.stream(typed.split("[,\\s]+"))
                    .filter(s -> !s.isBlank()).map(s -> s.toLowerCase(Locale.ROOT)).distinct().toList();
        }
    }

    public Note add(String actor, String caseId, Draft d) {
        d.escalateTo().ifPresent(q -> {
            if (queues.list().stream().noneMatch(x -> x.id().equals(q))) {
                throw new InvalidInput("escalateTo", "Choose one of the queues.");
            }
        });
        return db.write(tx -> {
            Case c = Cases.find(tx.handle(), caseId).orElseThrow(() -> new FulcrumException.NotFound("case " + caseId));
            if (d.escalateTo().isPresent() && !c.open()) {
                throw new InvalidInput("escalateTo", "A decided case is not escalated; add the note without it.");
            }
            String id = Ids.next("cn", tx.clock());
            tx.handle().createUpdate("""
                            INSERT INTO case_note (id, case_id, author, body, tags, escalated_to, created_at)
                            VALUES (:id, :c, :a, :b, :t, :e, :now)""")
                    .bind("id", id).bind("c", caseId).bind("a", actor).bind("b", d.body())
                    .bind("t", String.join(",", d.tags())).bind("e", d.escalateTo().orElse(null))
                    .bind("now", tx.now().toEpochMilli()).execute();
            d.escalateTo().ifPresent(q -> tx.handle().createUpdate("""
                            UPDATE review_case SET queue_id = :q, assigned_to = NULL, claim_expires_at = NULL
                            WHERE id = :c""").bind("q", q).bind("c", caseId).execute());
            Audit.record(tx, actor, d.escalateTo().isPresent() ? "case.escalate" : "case.note", caseId,
                    String.join(",", d.tags()), d.escalateTo().map(q -> "to queue " + q).orElse("note"));
            return new Note(id, actor, d.body(), d.tags(), d.escalateTo(), tx.now());
        });
    }

    public static List<Note> of(Handle h, String caseId) {
        return h.createQuery("""
                        SELECT id, author, body, tags, escalated_to, created_at FROM case_note WHERE case_id = :c
                        ORDER BY created_at DESC, id DESC LIMIT 200""").bind("c", caseId)
                .map((rs, ctx) -> new Note(rs.getString("id"), rs.getString("author"), rs.getString("body"),
                        rs.getString("tags").isEmpty() ? List.of() : List.of(rs.getString("tags").split(",")),
                        Optional.ofNullable(rs.getString("escalated_to")),
                        Instant.ofEpochMilli(rs.getLong("created_at")))).list();
    }
}
