package org.fulcrum.server.review;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Database;
import org.jdbi.v3.core.Handle;

/**
 * Internal notes on a case, with tags, and escalation: a note may move the open case to another
 * queue (a lead's queue, a specialist team) and may name a person (a lead or a moderator) it is
 * escalated to, the note saying why; either releases any claim so the receiver picks it up. A
 * person's escalations are listed for them until the case is decided. Notes stay inside Fulcrum;
 * each is audited.
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
    public record Note(
            String id,
            String author,
            String body,
            List<String> tags,
            Optional<String> escalatedTo,
            Optional<String> escalatedPerson,
            Instant at) {}

    /** Someone a case may be escalated to: a moderator or admin whose role is active. */
    public record Person(String actor, String name) {}

    /** An open case escalated to a person: the case, who escalated it, when and why. */
    public record Escalation(Case summary, String by, String why, Instant at) {}

    /**
     * A note to add.
     *
     * @param body the note, 1 to {@value #MAX_BODY} characters
     * @param tags up to {@value #MAX_TAGS} tags of a-z 0-9 and -, from a comma or space separated list
     * @param escalateTo a queue to move the case to
     * @param escalateToPerson a person ({@code staff:…}) to escalate the case to: a lead or a moderator
     */
    public record Draft(
            String body, List<String> tags, Optional<String> escalateTo, Optional<String> escalateToPerson) {
        @com.fasterxml.jackson.annotation.JsonCreator
        public Draft {
            body = body == null ? "" : body.strip();
            if (body.isEmpty()) {
                throw new InvalidInput("body", "Write the note.");
            }
            if (body.length() > MAX_BODY) {
                throw new InvalidInput("body", "A note is at most " + MAX_BODY + " characters.");
            }
            tags = tags == null ? List.of() : List.copyOf(tags);
            if (tags.size() > MAX_TAGS) {
                throw new InvalidInput("tags", "Use at most " + MAX_TAGS + " tags.");
            }
            for (String t : tags) {
                if (!t.matches("[a-z0-9][a-z0-9-]{0,31}")) {
                    throw new InvalidInput(
                            "tags", "Tags are words of a-z, 0-9 and -, such as needs-lead; \"" + t + "\" is not.");
                }
            }
            escalateTo = escalateTo == null ? Optional.empty() : escalateTo.filter(q -> !q.isBlank());
            escalateToPerson = escalateToPerson == null ? Optional.empty() : escalateToPerson.filter(q -> !q.isBlank());
        }

        public Draft(String body, List<String> tags, Optional<String> escalateTo) {
            this(body, tags, escalateTo, Optional.empty());
        }

        boolean escalates() {
            return escalateTo.isPresent() || escalateToPerson.isPresent();
        }

        /** Tags as typed: separated by commas or spaces, lower-cased. */
        public static List<String> tags(String typed) {
            return typed == null || typed.isBlank()
                    ? List.of()
                    : Arrays.stream(typed.split("[,\\s]+"))
                            .filter(s -> !s.isBlank())
                            .map(s -> s.toLowerCase(Locale.ROOT))
                            .distinct()
                            .toList();
        }
    }

    public Note add(String actor, String caseId, Draft d) {
        d.escalateTo().ifPresent(q -> {
            if (queues.list().stream().noneMatch(x -> x.id().equals(q))) {
                throw new InvalidInput("escalateTo", "Choose one of the queues.");
            }
        });
        d.escalateToPerson().ifPresent(p -> {
            if (p.equals(actor)) {
                throw new InvalidInput("escalateToPerson", "Escalate to someone else: a lead or another moderator.");
            }
            if (db.read(CaseNotes::people).stream().noneMatch(x -> x.actor().equals(p))) {
                throw new InvalidInput("escalateToPerson", "Choose one of the moderators or admins.");
            }
        });
        return db.write(tx -> {
            Case c = Cases.find(tx.handle(), caseId).orElseThrow(() -> new FulcrumException.NotFound("case " + caseId));
            if (d.escalates() && !c.open()) {
                throw new InvalidInput(
                        d.escalateTo().isPresent() ? "escalateTo" : "escalateToPerson",
                        "A decided case is not escalated; add the note without it.");
            }
            String id = Ids.next("cn", tx.clock());
            tx.handle()
                    .createUpdate("""
                            INSERT INTO case_note (id, case_id, author, body, tags, escalated_to, escalated_person,
                                                   created_at)
                            VALUES (:id, :c, :a, :b, :t, :e, :p, :now)""")
                    .bind("id", id)
                    .bind("c", caseId)
                    .bind("a", actor)
                    .bind("b", d.body())
                    .bind("t", String.join(",", d.tags()))
                    .bind("e", d.escalateTo().orElse(null))
                    .bind("p", d.escalateToPerson().orElse(null))
                    .bind("now", tx.now().toEpochMilli())
                    .execute();
            d.escalateTo()
                    .ifPresent(q -> tx.handle()
                            .createUpdate("""
                            UPDATE review_case SET queue_id = :q WHERE id = :c""")
                            .bind("q", q)
                            .bind("c", caseId)
                            .execute());
            if (d.escalates()) {
                tx.handle()
                        .createUpdate(
                                "UPDATE review_case SET assigned_to = NULL, claim_expires_at = NULL WHERE id = :c")
                        .bind("c", caseId)
                        .execute();
            }
            List<String> to = new java.util.ArrayList<>();
            d.escalateTo().ifPresent(q -> to.add("to queue " + q));
            d.escalateToPerson().ifPresent(p -> to.add("to " + p));
            Audit.record(
                    tx,
                    actor,
                    d.escalates() ? "case.escalate" : "case.note",
                    caseId,
                    String.join(",", d.tags()),
                    to.isEmpty() ? "note" : String.join(" and ", to));
            return new Note(id, actor, d.body(), d.tags(), d.escalateTo(), d.escalateToPerson(), tx.now());
        });
    }

    public static List<Note> of(Handle h, String caseId) {
        return h.createQuery("""
                        SELECT id, author, body, tags, escalated_to, escalated_person, created_at FROM case_note
                        WHERE case_id = :c ORDER BY created_at DESC, id DESC LIMIT 200""")
                .bind("c", caseId)
                .map((rs, ctx) -> new Note(
                        rs.getString("id"),
                        rs.getString("author"),
                        rs.getString("body"),
                        rs.getString("tags").isEmpty()
                                ? List.of()
                                : List.of(rs.getString("tags").split(",")),
                        Optional.ofNullable(rs.getString("escalated_to")),
                        Optional.ofNullable(rs.getString("escalated_person")),
                        Instant.ofEpochMilli(rs.getLong("created_at"))))
                .list();
    }

    /** The case's current escalation to a person: the latest note naming one, while the case is open. */
    public static Optional<Note> escalation(Handle h, String caseId) {
        return of(h, caseId).stream()
                .filter(n -> n.escalatedPerson().isPresent())
                .findFirst();
    }

    /** Who a case may be escalated to: staff with an active moderator or admin role, by name. */
    public static List<Person> people(Handle h) {
        return h.createQuery("""
                        SELECT s.id, s.display_name, s.username FROM staff s WHERE s.disabled = 0 AND EXISTS (
                          SELECT 1 FROM staff_role r WHERE r.staff_id = s.id AND r.role IN ('moderator', 'admin')
                            AND r.approved_by IS NOT NULL)
                        ORDER BY s.display_name, s.username""")
                .map((rs, ctx) -> new Person(
                        "staff:" + rs.getString("id"),
                        Columns.optionalString(rs, "display_name")
                                .filter(name -> !name.isBlank())
                                .orElse(rs.getString("username"))))
                .list();
    }

    /**
     * The open cases whose latest escalation to a person names {@code actor}, oldest escalation first:
     * a later escalation to someone else takes the case off this list.
     */
    public static List<Escalation> escalatedTo(Handle h, String actor) {
        record Row(String caseId, String by, String why, long at) {}
        List<Row> rows = h.createQuery("""
                        SELECT n.case_id, n.author, n.body, n.created_at FROM case_note n
                        JOIN review_case c ON c.id = n.case_id
                        WHERE n.escalated_person = :p AND c.status = 'open'
                          AND NOT EXISTS (SELECT 1 FROM case_note later WHERE later.case_id = n.case_id
                                            AND later.escalated_person IS NOT NULL
                                            AND (later.created_at > n.created_at
                                                 OR (later.created_at = n.created_at AND later.id > n.id)))
                        ORDER BY n.created_at LIMIT 500""")
                .bind("p", actor)
                .map((rs, ctx) -> new Row(
                        rs.getString("case_id"),
                        rs.getString("author"),
                        rs.getString("body"),
                        rs.getLong("created_at")))
                .list();
        List<Escalation> out = new java.util.ArrayList<>();
        for (Row r : rows) {
            Cases.find(h, r.caseId())
                    .ifPresent(c -> out.add(new Escalation(c, r.by(), r.why(), Instant.ofEpochMilli(r.at()))));
        }
        return out;
    }
}
