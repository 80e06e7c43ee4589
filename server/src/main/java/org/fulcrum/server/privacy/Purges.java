package org.fulcrum.server.privacy;

import static org.fulcrum.server.privacy.HeldSql.notHeld;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The SQL that deletes one batch of a class's expired data: rows whose anchor is at or before the
 * cutoff, that nothing else keeps (an open case, the appeal window, a running request) and that no
 * legal hold covers. Each statement re-checks the conditions itself, so a hold placed a moment
 * earlier is always respected. Answers how many rows each table lost.
 */
final class Purges {
    private Purges() {
    }

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

    static Map<String, Integer> purge(Handle h, DataClass c, Batch b) {
        Map<String, Integer> stores = new LinkedHashMap<>();
        switch (c) {
            case content_copies -> stores.put("subject_content", update(h, """
                    DELETE FROM subject_content WHERE subject_id IN (
                      SELECT c.subject_id FROM subject_content c WHERE c.updated_at <= :cutoff
                        AND NOT EXISTS (SELECT 1 FROM review_case rc WHERE rc.subject_id = c.subject_id AND rc.status = 'open')
                        AND NOT EXISTS (SELECT 1 FROM review_decision rd WHERE rd.subject_id = c.subject_id
                                          AND rd.created_at > :appealCutoff)
                        AND %s ORDER BY c.updated_at LIMIT :limit)""".formatted(notHeld("c.subject_id")), b));
            case content_events -> stores.put("content_event", update(h, """
                    DELETE FROM content_event WHERE event_id IN (
                      SELECT e.event_id FROM content_event e WHERE e.received_at <= :cutoff AND %s
                      ORDER BY e.received_at LIMIT :limit)""".formatted(notHeld("e.subject_id")), b));
            case notices -> {
                List<String> ids = decidedNotices(h, b, "1 = 1");
                stores.put("notice_item", ids.isEmpty() ? 0 : h.createUpdate(
                        "DELETE FROM notice_item WHERE notice_id IN (<ids>)").bindList("ids", ids).execute());
                stores.put("notice", ids.isEmpty() ? 0 : h.createUpdate("DELETE FROM notice WHERE id IN (<ids>)")
                        .bindList("ids", ids).execute());
            }
            case reporter_identities -> reporterIdentities(h, b, stores);
            case request_documents -> stores.put("lawful_document", update(h, """
                    DELETE FROM lawful_document WHERE id IN (
                      SELECT d.id FROM lawful_document d JOIN lawful_request r ON r.id = d.request_id
                      WHERE r.closed_at IS NOT NULL AND r.closed_at <= :cutoff AND %s
                      ORDER BY r.closed_at LIMIT :limit)""".formatted(noRequestHold("r.id")), b));
            case disclosure_packages -> stores.put("disclosure.package", update(h, """
                    UPDATE disclosure SET package = NULL WHERE id IN (
                      SELECT d.id FROM disclosure d WHERE d.package IS NOT NULL AND d.executed_at IS NOT NULL
                        AND d.executed_at <= :cutoff AND %s ORDER BY d.executed_at LIMIT :limit)"""
                    .formatted(noRequestHold("d.request_id")), b));
            case preserved_evidence -> {
                stores.put("preserved_item", update(h, """
                    DELETE FROM preserved_item WHERE id IN (
                      SELECT p.id FROM preserved_item p JOIN legal_hold h ON h.id = p.hold_id
                      WHERE (CASE WHEN h.released_at IS NOT NULL AND h.released_at < h.until_at
                                  THEN h.released_at ELSE h.until_at END) <= :cutoff
                        AND %s ORDER BY p.captured_at LIMIT :limit)""".formatted(notHeld("p.subject_id")), b));
                stores.put("preserved_media", update(h, """
                        DELETE FROM preserved_media WHERE id IN (
                          SELECT p.id FROM preserved_media p JOIN legal_hold h ON h.id = p.hold_id
                          WHERE (CASE WHEN h.released_at IS NOT NULL AND h.released_at < h.until_at
                                      THEN h.released_at ELSE h.until_at END) <= :cutoff
                            AND %s ORDER BY p.captured_at LIMIT :limit)""".formatted(notHeld("p.subject_id")), b));
            }
            case franked_report_evidence -> {
                stores.put("e2e_report", update(h, """
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
                            AND %s ORDER BY r.received_at LIMIT :limit)""".formatted(notHeld("r.subject_id")), b));
                stores.put("e2e_rejection", update(h, """
                        DELETE FROM e2e_rejection WHERE id IN (
                          SELECT x.id FROM e2e_rejection x WHERE x.at <= :cutoff AND %s ORDER BY x.at LIMIT :limit)"""
                        .formatted(notHeld("x.reporter_id")), b));
            }
            case rejected_requests -> stores.put("lawful_rejection", update(h, """
                    DELETE FROM lawful_rejection WHERE id IN (
                      SELECT x.id FROM lawful_rejection x WHERE x.at <= :cutoff ORDER BY x.at LIMIT :limit)""", b));
            case account_data -> stores.put("account_private_data", accountData(h, b));
            case audit_trail -> stores.put("audit", update(h, """
                    DELETE FROM audit WHERE id IN (
                      SELECT a.id FROM audit a WHERE a.at <= :cutoff
                        AND (a.target IS NULL OR a.target NOT LIKE 'subject:%%' OR %s)
                      ORDER BY a.at LIMIT :limit)""".formatted(notHeld("SUBSTR(a.target, 9)")), b));
            case log_commitment_secrets -> stores.put("log_secret", logSecrets(h, b));
        }
        return stores;
    }

    private static int update(Handle h, String sql, Batch b) {
        var u = h.createUpdate(sql).bind("limit", b.limit());
        if (sql.contains(":cutoff")) {
            u.bind("cutoff", b.cutoffMillis());
        }
        if (sql.contains(":now")) {
            u.bind("now", b.nowMillis());
        }
        if (sql.contains(":appealCutoff")) {
            u.bind("appealCutoff", b.appealCutoffMillis());
        }
        return u.execute();
    }

    /** No running hold was placed by the lawful request in {@code column}. */
    private static String noRequestHold(String column) {
        return "NOT EXISTS (SELECT 1 FROM legal_hold rh WHERE rh.source_ref = " + column
                + " AND rh.released_at IS NULL AND rh.until_at > :now)";
    }

    /** Notices whose items were all decided at or before the cutoff, none of them held, and {@code extra}. */
    private static List<String> decidedNotices(Handle h, Batch b, String extra) {
        return h.createQuery("""
                        SELECT n.id FROM notice n WHERE n.received_at <= :cutoff AND %s
                          AND NOT EXISTS (SELECT 1 FROM notice_item i WHERE i.notice_id = n.id
                                            AND (i.outcome = 'pending' OR i.decided_at IS NULL OR i.decided_at > :cutoff))
                          AND NOT EXISTS (SELECT 1 FROM notice_item i WHERE i.notice_id = n.id AND %s)
                        ORDER BY n.received_at LIMIT :limit""".formatted(extra, HeldSql.held("i.subject_id")))
                .bind("cutoff", b.cutoffMillis()).bind("now", b.nowMillis()).bind("limit", b.limit())
                .mapTo(String.class).list();
    }

    private static void reporterIdentities(Handle h, Batch b, Map<String, Integer> stores) {
        List<String> ids = decidedNotices(h, b, """
                (n.notifier_name IS NOT NULL OR n.notifier_email IS NOT NULL OR n.reporter_key LIKE 'user:%'
                 OR EXISTS (SELECT 1 FROM notice_item ri WHERE ri.notice_id = n.id AND ri.reporter_key LIKE 'user:%'))""");
        int notices = 0;
        if (!ids.isEmpty()) {
            notices = h.createUpdate("""
                    UPDATE notice SET notifier_name = NULL, notifier_email = NULL,
                      reporter_key = CASE WHEN reporter_key LIKE 'user:%' THEN NULL ELSE reporter_key END,
                      submitter = CASE WHEN submitter LIKE 'e2e:%' THEN 'e2e' ELSE submitter END
                    WHERE id IN (<ids>)""").bindList("ids", ids).execute();
            h.createUpdate("UPDATE notice_item SET reporter_key = NULL WHERE notice_id IN (<ids>) AND reporter_key LIKE 'user:%'")
                    .bindList("ids", ids).execute();
        }
        stores.put("notice", notices);
        stores.put("case_reporter", update(h, """
                DELETE FROM case_reporter WHERE reporter_key LIKE 'user:%%' AND case_id IN (
                  SELECT rc.id FROM review_case rc WHERE rc.status <> 'open' AND rc.decided_at IS NOT NULL
                    AND rc.decided_at <= :cutoff AND %s ORDER BY rc.decided_at LIMIT :limit)"""
                .formatted(notHeld("rc.subject_id")), b));
        stores.put("reporter_measure", update(h, """
                DELETE FROM reporter_measure WHERE id IN (
                  SELECT m.id FROM reporter_measure m WHERE m.reporter_key LIKE 'user:%' AND m.created_at <= :cutoff
                    AND (m.until_at IS NULL OR m.until_at <= :now) ORDER BY m.created_at LIMIT :limit)""", b));
        stores.put("reporter_standing", update(h, """
                DELETE FROM reporter_standing WHERE reporter_key IN (
                  SELECT s.reporter_key FROM reporter_standing s WHERE s.reporter_key LIKE 'user:%'
                    AND s.updated_at <= :cutoff AND (s.suspended_until IS NULL OR s.suspended_until <= :now)
                  ORDER BY s.updated_at LIMIT :limit)""", b));
    }

    private static int accountData(Handle h, Batch b) {
        record Row(String account, String category, String value, long observed) {
        }
        List<Row> rows = h.createQuery("""
                        SELECT d.account_id, d.category, d.value, d.observed_at FROM account_private_data d
                        WHERE d.observed_at <= :cutoff AND %s ORDER BY d.observed_at LIMIT :limit"""
                        .formatted(notHeld("d.account_id")))
                .bind("cutoff", b.cutoffMillis()).bind("now", b.nowMillis()).bind("limit", b.limit())
                .map((rs, ctx) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4))).list();
        if (rows.isEmpty()) {
            return 0;
        }
        PreparedBatch delete = h.prepareBatch("""
                DELETE FROM account_private_data WHERE account_id = :a AND category = :c AND value = :v AND observed_at = :o""");
        for (Row r : rows) {
            delete.bind("a", r.account()).bind("c", r.category()).bind("v", r.value()).bind("o", r.observed()).add();
        }
        int n = 0;
        for (int x : delete.execute()) {
            n += x;
        }
        return n;
    }

    private static int logSecrets(Handle h, Batch b) {
        List<Long> idx = h.createQuery("""
                        SELECT s.idx FROM log_secret s JOIN log_entry e ON e.idx = s.idx
                        WHERE s.details_key IS NOT NULL AND e.at <= :cutoff
                          AND (e.subject_ref IS NULL OR %s) ORDER BY s.idx LIMIT :limit"""
                        .formatted(notHeld("e.subject_ref")))
                .bind("cutoff", b.cutoffMillis()).bind("now", b.nowMillis()).bind("limit", b.limit())
                .mapTo(Long.class).list();
        if (idx.isEmpty()) {
            return 0;
        }
        int n = h.createUpdate("UPDATE log_secret SET details_key = NULL, details = NULL WHERE idx IN (<idx>)")
                .bindList("idx", idx).execute();
        h.createUpdate("UPDATE log_entry SET subject_ref = NULL WHERE idx IN (<idx>)").bindList("idx", idx).execute();
        return n;
    }
}
