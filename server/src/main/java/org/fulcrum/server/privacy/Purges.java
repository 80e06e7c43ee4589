package org.fulcrum.server.privacy;

import static org.fulcrum.server.privacy.HeldSql.notHeld;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The SQL that deletes one batch of a class's expired data: rows whose anchor is at or before the
 * cutoff, that nothing else keeps (an open case, the appeal window, a running request) and that no
 * legal hold covers. Each statement re-checks the conditions itself, so a hold placed a moment
 * earlier is always respected. Answers how many rows each table lost.
 */
final class Purges {
    private Purges() {}

    /**
     * The bounds of one batch.
     *
     * @param now the time of the run
     * @param cutoff anchors at or before this are due
     * @param limit rows (or records) at most
     */
    record Batch(Instant now, Instant cutoff, int limit) {
        long nowMillis() {
            return now.toEpochMilli();
        }

        long cutoffMillis() {
            return cutoff.toEpochMilli();
        }

        /** Decisions after this are still open to appeal. */
        long appealCutoffMillis() {
            return Retention.cutoff(now, Retention.APPEAL_WINDOW).toEpochMilli();
        }
    }

    /**
     * Purges one batch of {@code c}: each table the registry keeps under the class, in the registry's
     * order (a table before the tables it refers to), by the class's statement for that table.
     */
    static Map<String, Integer> purge(Handle h, TableRegistry registry, DataClass c, Batch b) {
        PurgeRun run = new PurgeRun(h, registry, b, new HashMap<>());
        Map<String, Integer> stores = new LinkedHashMap<>();
        for (TableEntry e : registry.retainedBy(c)) {
            Step step = STEPS.get(c).get(e.table());
            if (step == null) {
                throw new IllegalStateException(c + " has no purge statement for " + e.table());
            }
            stores.merge(e.table(), step.purge(run), Integer::sum);
        }
        return stores;
    }

    /**
     * Refuses a registry whose tables under a class differ from the tables the class has statements
     * for: a table classified but never purged, or purged but not classified.
     */
    static void check(TableRegistry registry) {
        for (DataClass c : DataClass.values()) {
            Set<String> classified = new TreeSet<>();
            registry.retainedBy(c).forEach(e -> classified.add(e.table()));
            Set<String> purged = new TreeSet<>(STEPS.get(c).keySet());
            if (!classified.equals(purged)) {
                throw new IllegalStateException(TableRegistry.RESOURCE + " keeps " + classified + " under " + c
                        + " but its purge deletes from " + purged);
            }
        }
    }

    /** The statement that purges one table's rows for one class; answers how many rows it deleted or rewrote. */
    interface Step {
        int purge(PurgeRun r);
    }

    private static final Map<DataClass, Map<String, Step>> STEPS = steps();

    private static Map<DataClass, Map<String, Step>> steps() {
        Map<DataClass, Map<String, Step>> steps = new EnumMap<>(DataClass.class);
        for (DataClass c : DataClass.values()) {
            steps.put(
                    c,
                    switch (c) {
                        case content_copies ->
                            Map.of("subject_content", r -> r.update("""
                        DELETE FROM subject_content WHERE subject_id IN (
                          SELECT c.subject_id FROM subject_content c WHERE c.updated_at <= :cutoff
                            AND NOT EXISTS (SELECT 1 FROM review_case rc WHERE rc.subject_id = c.subject_id AND rc.status = 'open')
                            AND NOT EXISTS (SELECT 1 FROM review_decision rd WHERE rd.subject_id = c.subject_id
                                              AND rd.created_at > :appealCutoff)
                            AND %s ORDER BY c.updated_at LIMIT :limit)""".formatted(notHeld("c.subject_id"))));
                        case content_events ->
                            Map.of("content_event", r -> r.update("""
                        DELETE FROM content_event WHERE event_id IN (
                          SELECT e.event_id FROM content_event e WHERE e.received_at <= :cutoff AND %s
                          ORDER BY e.received_at LIMIT :limit)""".formatted(notHeld("e.subject_id"))));
                        case notices ->
                            Map.of(
                                    "notice_item",
                                            r -> r.in(
                                                    "DELETE FROM notice_item WHERE notice_id IN (<ids>)",
                                                    r.shared("notices", run -> decidedNotices(run, "1 = 1"))),
                                    "notice",
                                            r -> r.in(
                                                    "DELETE FROM notice WHERE id IN (<ids>)",
                                                    r.shared("notices", run -> decidedNotices(run, "1 = 1"))));
                        case reporter_identities ->
                            Map.of(
                                    "case_reporter", r -> r.update("""
                                DELETE FROM case_reporter WHERE reporter_key LIKE 'user:%%' AND case_id IN (
                                  SELECT rc.id FROM review_case rc WHERE rc.status <> 'open' AND rc.decided_at IS NOT NULL
                                    AND rc.decided_at <= :cutoff AND %s ORDER BY rc.decided_at LIMIT :limit)""".formatted(notHeld("rc.subject_id"))),
                                    "notice_item", r -> r.in("""
                                UPDATE notice_item SET reporter_key = NULL
                                WHERE notice_id IN (<ids>) AND reporter_key LIKE 'user:%'""", reporterNotices(r)),
                                    "notice", r -> r.in("""
                                UPDATE notice SET notifier_name = NULL, notifier_email = NULL,
                                  reporter_key = CASE WHEN reporter_key LIKE 'user:%' THEN NULL ELSE reporter_key END,
                                  submitter = CASE WHEN submitter LIKE 'e2e:%' THEN 'e2e' ELSE submitter END
                                WHERE id IN (<ids>)""", reporterNotices(r)),
                                    "reporter_standing", r -> r.update("""
                                DELETE FROM reporter_standing WHERE reporter_key IN (
                                  SELECT s.reporter_key FROM reporter_standing s WHERE s.reporter_key LIKE 'user:%'
                                    AND s.updated_at <= :cutoff AND (s.suspended_until IS NULL OR s.suspended_until <= :now)
                                  ORDER BY s.updated_at LIMIT :limit)"""),
                                    "reporter_measure", r -> r.update("""
                                DELETE FROM reporter_measure WHERE id IN (
                                  SELECT m.id FROM reporter_measure m WHERE m.reporter_key LIKE 'user:%' AND m.created_at <= :cutoff
                                    AND (m.until_at IS NULL OR m.until_at <= :now) ORDER BY m.created_at LIMIT :limit)"""));
                        case request_documents ->
                            Map.of("lawful_document", r -> r.update("""
                        DELETE FROM lawful_document WHERE id IN (
                          SELECT d.id FROM lawful_document d JOIN lawful_request r ON r.id = d.request_id
                          WHERE r.closed_at IS NOT NULL AND r.closed_at <= :cutoff AND %s
                          ORDER BY r.closed_at LIMIT :limit)""".formatted(LawfulPurges.noRequestHold("r.id"))));
                        case disclosure_packages ->
                            Map.of(
                                    "disclosure",
                                    r -> r.update("""
                        UPDATE disclosure SET package = NULL WHERE id IN (
                          SELECT d.id FROM disclosure d WHERE d.package IS NOT NULL AND d.executed_at IS NOT NULL
                            AND d.executed_at <= :cutoff AND %s ORDER BY d.executed_at LIMIT :limit)""".formatted(LawfulPurges.noRequestHold("d.request_id"))));
                        case preserved_evidence ->
                            Map.of(
                                    "preserved_item", r -> r.update("""
                                DELETE FROM preserved_item WHERE id IN (
                                  SELECT p.id FROM preserved_item p JOIN legal_hold h ON h.id = p.hold_id
                                  WHERE (CASE WHEN h.released_at IS NOT NULL AND h.released_at < h.until_at
                                              THEN h.released_at ELSE h.until_at END) <= :cutoff
                                    AND %s ORDER BY p.captured_at LIMIT :limit)""".formatted(notHeld("p.subject_id"))),
                                    "preserved_media", r -> r.update("""
                                DELETE FROM preserved_media WHERE id IN (
                                  SELECT p.id FROM preserved_media p JOIN legal_hold h ON h.id = p.hold_id
                                  WHERE (CASE WHEN h.released_at IS NOT NULL AND h.released_at < h.until_at
                                              THEN h.released_at ELSE h.until_at END) <= :cutoff
                                    AND %s ORDER BY p.captured_at LIMIT :limit)""".formatted(notHeld("p.subject_id"))));
                        case franked_report_evidence ->
                            Map.of(
                                    "e2e_report", r -> r.update("""
                                DELETE FROM e2e_report WHERE id IN (
                                  SELECT r.id FROM e2e_report r WHERE r.received_at <= :cutoff
                                    AND NOT EXISTS (SELECT 1 FROM review_case rc WHERE rc.subject_id = r.subject_id
                                                      AND rc.status = 'open')
                                    AND NOT EXISTS (SELECT 1 FROM review_decision rd WHERE rd.subject_id = r.subject_id
                                                      AND rd.created_at > :appealCutoff)
                                    AND NOT EXISTS (SELECT 1 FROM notice n JOIN notice_item i ON i.notice_id = n.id
                                                      JOIN review_case rc ON rc.id = i.case_id
                                                    WHERE n.external_ref = r.id
                                                      AND (rc.status = 'open' OR rc.decided_at > :appealCutoff))
                                    AND %s ORDER BY r.received_at LIMIT :limit)""".formatted(notHeld("r.subject_id"))),
                                    "e2e_rejection", r -> r.update("""
                                DELETE FROM e2e_rejection WHERE id IN (
                                  SELECT x.id FROM e2e_rejection x WHERE x.at <= :cutoff AND %s ORDER BY x.at LIMIT :limit)""".formatted(notHeld("x.reporter_id"))));
                        case rejected_requests -> Map.of("lawful_rejection", r -> r.update("""
                        DELETE FROM lawful_rejection WHERE id IN (
                          SELECT x.id FROM lawful_rejection x WHERE x.at <= :cutoff ORDER BY x.at LIMIT :limit)"""));
                        case account_data -> Map.of("account_private_data", Purges::accountData);
                        case audit_trail ->
                            Map.of("audit", r -> r.update("""
                        DELETE FROM audit WHERE id IN (
                          SELECT a.id FROM audit a WHERE a.at <= :cutoff
                            AND (a.target IS NULL OR a.target NOT LIKE 'subject:%%' OR %s)
                          ORDER BY a.at LIMIT :limit)""".formatted(notHeld("SUBSTR(a.target, 9)"))));
                        case log_commitment_secrets -> Map.of("log_secret", Purges::logSecrets);
                        case subjects -> Map.of("subject", Purges::subjects);
                        case detection_records ->
                            Map.of(
                                    "detection_match", r -> r.update("""
                                DELETE FROM detection_match WHERE id IN (
                                  SELECT m.id FROM detection_match m WHERE m.created_at <= :cutoff
                                    AND %s ORDER BY m.created_at LIMIT :limit)""".formatted(settled("m.subject_id"))),
                                    "video_match_frame", r -> r.update("""
                                DELETE FROM video_match_frame WHERE match_id IN (
                                  SELECT f.match_id FROM video_match_frame f WHERE f.created_at <= :cutoff
                                    AND %s ORDER BY f.created_at LIMIT :limit)""".formatted(settled("f.subject_id"))),
                                    "detection_pending", r -> r.update("""
                                DELETE FROM detection_pending WHERE event_id IN (
                                  SELECT p.event_id FROM detection_pending p WHERE p.received_at <= :cutoff
                                    AND NOT EXISTS (SELECT 1 FROM content_event e WHERE e.event_id = p.event_id AND %s)
                                  ORDER BY p.received_at LIMIT :limit)""".formatted(HeldSql.held("e.subject_id"))));
                        case lawful_records -> LawfulPurges.steps();
                    });
        }
        return Map.copyOf(steps);
    }

    /**
     * Subject records nothing refers to any more. What refers to a subject is read from the registry:
     * every table whose key holds a subject's id (or its reporter key, or {@code subject:<id>}) directly,
     * so a table added to the registry keeps the subjects it names without a change here.
     */
    private static int subjects(PurgeRun r) {
        List<String> refs = new ArrayList<>();
        refs.add("NOT EXISTS (SELECT 1 FROM subject x WHERE x.author_id = s.id)");
        refs.add("NOT EXISTS (SELECT 1 FROM subject x WHERE x.container_id = s.id)");
        for (TableEntry e : r.registry().entries()) {
            if (e.table().equals("subject")) {
                continue;
            }
            for (SubjectKey k : e.keys()) {
                if (k.join().isPresent()) {
                    continue;
                }
                String id = switch (k.ids()) {
                    case subject, account -> "s.id";
                    case reporter -> "'user:' || s.id";
                    case subjectref -> "'subject:' || s.id";
                };
                refs.add("NOT EXISTS (SELECT 1 FROM " + e.table() + " x WHERE x." + k.column() + " = " + id + ")");
            }
        }
        return r.update("""
                DELETE FROM subject WHERE id IN (
                  SELECT s.id FROM subject s WHERE s.updated_at <= :cutoff AND %s
                    AND %s ORDER BY s.updated_at LIMIT :limit)""".formatted(String.join("\n    AND ", refs), notHeld("s.id")));
    }

    /** Notices whose items were all decided at or before the cutoff, none of them held, and {@code extra}. */
    private static List<String> decidedNotices(PurgeRun r, String extra) {
        Batch b = r.b();
        return r.h().createQuery("""
                        SELECT n.id FROM notice n WHERE n.received_at <= :cutoff AND %s
                          AND NOT EXISTS (SELECT 1 FROM notice_item i WHERE i.notice_id = n.id
                                            AND (i.outcome = 'pending' OR i.decided_at IS NULL OR i.decided_at > :cutoff))
                          AND NOT EXISTS (SELECT 1 FROM notice_item i WHERE i.notice_id = n.id AND %s)
                        ORDER BY n.received_at LIMIT :limit""".formatted(extra, HeldSql.held("i.subject_id")))
                .bind("cutoff", b.cutoffMillis())
                .bind("now", b.nowMillis())
                .bind("limit", b.limit())
                .mapTo(String.class)
                .list();
    }

    /** Decided notices naming a reporter's identity; shared by the reporter-identity statements of a batch. */
    private static List<String> reporterNotices(PurgeRun r) {
        return r.shared("reporterNotices", run -> decidedNotices(run, """
                (n.notifier_name IS NOT NULL OR n.notifier_email IS NOT NULL OR n.reporter_key LIKE 'user:%'
                 OR EXISTS (SELECT 1 FROM notice_item ri WHERE ri.notice_id = n.id AND ri.reporter_key LIKE 'user:%'))"""));
    }

    private static int accountData(PurgeRun run) {
        Handle h = run.h();
        Batch b = run.b();
        record Row(String account, String category, String value, long observed) {}
        List<Row> rows = h.createQuery("""
                        SELECT d.account_id, d.category, d.value, d.observed_at FROM account_private_data d
                        WHERE d.observed_at <= :cutoff AND %s ORDER BY d.observed_at LIMIT :limit""".formatted(notHeld("d.account_id")))
                .bind("cutoff", b.cutoffMillis())
                .bind("now", b.nowMillis())
                .bind("limit", b.limit())
                .map((rs, ctx) -> new Row(
                        rs.getString("account_id"),
                        rs.getString("category"),
                        rs.getString("value"),
                        rs.getLong("observed_at")))
                .list();
        if (rows.isEmpty()) {
            return 0;
        }
        PreparedBatch delete = h.prepareBatch("""
                DELETE FROM account_private_data WHERE account_id = :a AND category = :c AND value = :v AND observed_at = :o""");
        for (Row r : rows) {
            delete.bind("a", r.account())
                    .bind("c", r.category())
                    .bind("v", r.value())
                    .bind("o", r.observed())
                    .add();
        }
        int n = 0;
        for (int x : delete.execute()) {
            n += x;
        }
        return n;
    }

    private static int logSecrets(PurgeRun run) {
        Handle h = run.h();
        Batch b = run.b();
        List<Long> idx = h.createQuery("""
                        SELECT s.idx FROM log_secret s JOIN log_entry e ON e.idx = s.idx
                        WHERE s.details_key IS NOT NULL AND e.at <= :cutoff
                          AND (e.subject_ref IS NULL OR %s) ORDER BY s.idx LIMIT :limit""".formatted(notHeld("e.subject_ref")))
                .bind("cutoff", b.cutoffMillis())
                .bind("now", b.nowMillis())
                .bind("limit", b.limit())
                .mapTo(Long.class)
                .list();
        if (idx.isEmpty()) {
            return 0;
        }
        int n = h.createUpdate("UPDATE log_secret SET details_key = NULL, details = NULL WHERE idx IN (<idx>)")
                .bindList("idx", idx)
                .execute();
        h.createUpdate("UPDATE log_entry SET subject_ref = NULL WHERE idx IN (<idx>)")
                .bindList("idx", idx)
                .execute();
        return n;
    }

    /**
     * Detection records of a subject are kept while a case on it is open, while a decision on it can
     * still be appealed, and while a hold covers it.
     */
    private static String settled(String subjectColumn) {
        return """
                NOT EXISTS (SELECT 1 FROM review_case rc WHERE rc.subject_id = %1$s AND rc.status = 'open')
                AND NOT EXISTS (SELECT 1 FROM review_decision rd WHERE rd.subject_id = %1$s
                                  AND rd.created_at > :appealCutoff)
                AND %2$s""".formatted(subjectColumn, notHeld(subjectColumn));
    }
}
