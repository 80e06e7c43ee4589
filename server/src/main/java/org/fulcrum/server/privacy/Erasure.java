package org.fulcrum.server.privacy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.fulcrum.server.store.Tx;
import org.fulcrum.server.transparency.LogWriter;
import org.jdbi.v3.core.Handle;

/**
 * Erases an account in one transaction: its records are deleted, and records that must stay for
 * someone else (another person's notice about the account's post, a closed lawful request, the audit
 * trail) lose every mention of it. What a legal hold covers stays as it is. The commitment secrets of
 * its transparency-log entries are erased, so the public log, which is never changed, no longer links
 * to it. Statements run child tables first, so foreign keys hold on both databases.
 */
final class Erasure {
    private final Handle h;
    private final AccountScope scope;
    private final List<String> unheld;
    private final Mentions mentions;
    private final Map<String, Integer> counts = new LinkedHashMap<>();

    private Erasure(Tx tx, AccountScope scope) {
        this.h = tx.handle();
        this.scope = scope;
        this.unheld = scope.unheld();
        Set<String> ids = new LinkedHashSet<>(unheld);
        ids.add(scope.account());
        this.mentions = new Mentions(ids);
    }

    /**
     * What erasure finds by scanning whole tables, read before its write transaction so the scan does
     * not hold up the writer: log entries whose details may name the account, cached answers that may
     * name it. Erasure re-checks them, and what was written since, in its transaction.
     *
     * @param log the candidate log entries
     * @param cached the candidate cached answers, as scope and key
     * @param cachedFrom cached answers made at or after this are checked in the transaction
     */
    record Prepared(LogLinks.Candidates log, List<List<String>> cached, long cachedFrom) {
    }

    static Prepared prepare(Handle h, Set<String> ids, long now) {
        List<List<String>> cached;
        try (Stream<String[]> rows = h.createQuery("SELECT scope, key, response FROM idempotency").setFetchSize(1000)
                .map((rs, ctx) -> new String[]{rs.getString(1), rs.getString(2), rs.getString(3)}).stream()) {
            cached = rows.filter(c -> LogLinks.names(c[2], ids)).map(c -> List.of(c[0], c[1])).toList();
        }
        return new Prepared(LogLinks.candidates(h, ids), cached, now);
    }

    /** Erases what no hold covers; answers how many rows each table lost or had rewritten. */
    static Map<String, Integer> erase(Tx tx, LogWriter log, AccountScope scope, Prepared prepared) {
        Erasure e = new Erasure(tx, scope);
        e.review();
        e.notices();
        e.content();
        e.lawful();
        Set<String> ids = new LinkedHashSet<>(e.unheld);
        ids.add(scope.account());
        ids.add(scope.reporterKey());
        e.rest(ids, prepared);
        e.count("log_secret", LogLinks.erase(tx, log, ids, prepared.log()));
        e.count("subject", e.inSubjects("DELETE FROM subject WHERE id IN (<s>)"));
        return e.counts;
    }

    private void review() {
        List<String> decisions = ids("SELECT id FROM review_decision WHERE subject_id IN (<s>)");
        List<String> actions = ids("SELECT id FROM enforcement_action WHERE subject_id IN (<s>)");
        List<String> cases = ids("SELECT id FROM review_case WHERE subject_id IN (<s>)");
        count("statement_of_reasons", inSubjects("DELETE FROM statement_of_reasons WHERE subject_id IN (<s>)")
                + in("DELETE FROM statement_of_reasons WHERE decision_id IN (<ids>)", decisions));
        count("appeal", in("DELETE FROM appeal WHERE decision_id IN (<ids>)", decisions)
                + h.createUpdate("""
                        UPDATE appeal SET appellant_ref = NULL, explanation = ''
                        WHERE appellant_ref = :a OR appellant_ref = :u""")
                .bind("a", scope.account()).bind("u", scope.reporterKey()).execute());
        count("strike", h.createUpdate("DELETE FROM strike WHERE account_id = :a").bind("a", scope.account()).execute()
                + in("DELETE FROM strike WHERE decision_id IN (<ids>)", decisions));
        count("decision_action", in("DELETE FROM decision_action WHERE decision_id IN (<ids>)", decisions)
                + in("DELETE FROM decision_action WHERE action_id IN (<ids>)", actions));
        count("review_decision", in("DELETE FROM review_decision WHERE id IN (<ids>)", decisions));
        count("review_alert", in("DELETE FROM review_alert WHERE case_id IN (<ids>)", cases));
        count("case_reporter", in("DELETE FROM case_reporter WHERE case_id IN (<ids>)", cases)
                + h.createUpdate("DELETE FROM case_reporter WHERE reporter_key = :u").bind("u", scope.reporterKey())
                .execute());
        count("safety_task", inSubjects("UPDATE safety_task SET subject_id = 'erased' WHERE subject_id IN (<s>)"));
        count("review_case", in("DELETE FROM review_case WHERE id IN (<ids>)", cases));
        count("subject_finding", inSubjects("DELETE FROM subject_finding WHERE subject_id IN (<s>)"));
        count("outbox", inSubjects("DELETE FROM outbox WHERE subject_id IN (<s>) AND delivered_at IS NOT NULL"));
        count("enforcement_action", in("DELETE FROM enforcement_action WHERE id IN (<ids>)", actions));
    }

    private void notices() {
        // Someone else's notice about the account's content stays theirs, without the account in it.
        List<String> about = ids("SELECT DISTINCT notice_id FROM notice_item WHERE subject_id IN (<s>)");
        for (List<String> chunk : LogLinks.chunks(about)) {
            h.createQuery("SELECT id, explanation FROM notice WHERE id IN (<ids>) AND explanation IS NOT NULL")
                    .bindList("ids", chunk).map((rs, ctx) -> new String[]{rs.getString(1), rs.getString(2)}).list()
                    .stream().filter(r -> mentions.in(r[1])).forEach(r -> count("notice", h.createUpdate(
                            "UPDATE notice SET explanation = :e WHERE id = :id").bind("e", mentions.erase(r[1]))
                            .bind("id", r[0]).execute()));
        }
        count("notice_item", inSubjects("""
                UPDATE notice_item SET subject_id = 'erased', locator = NULL WHERE subject_id IN (<s>)""")
                + h.createUpdate("UPDATE notice_item SET reporter_key = NULL WHERE reporter_key = :u")
                .bind("u", scope.reporterKey()).execute());
        rewrite("notice", "id", "submitter", h.createQuery("SELECT id, submitter FROM notice WHERE reporter_key = :u")
                .bind("u", scope.reporterKey()));
        count("notice", h.createUpdate("""
                UPDATE notice SET notifier_name = NULL, notifier_email = NULL, reporter_key = NULL, explanation = NULL,
                                  external_ref = NULL WHERE reporter_key = :u""").bind("u", scope.reporterKey()).execute());
        count("reporter_standing", h.createUpdate("DELETE FROM reporter_standing WHERE reporter_key = :u")
                .bind("u", scope.reporterKey()).execute());
        count("reporter_measure", h.createUpdate("DELETE FROM reporter_measure WHERE reporter_key = :u")
                .bind("u", scope.reporterKey()).execute());
    }

    private void content() {
        count("subject_content", inSubjects("DELETE FROM subject_content WHERE subject_id IN (<s>)"));
        count("content_event", inSubjects("DELETE FROM content_event WHERE subject_id IN (<s>)"));
        // Events of other people's posts in the account's channels name the channel.
        List<String> inContainers = ids("SELECT id FROM subject WHERE container_id IN (<s>)");
        for (List<String> chunk : LogLinks.chunks(inContainers)) {
            rewrite("content_event", "event_id", "body", h.createQuery(
                    "SELECT event_id, body FROM content_event WHERE subject_id IN (<ids>)").bindList("ids", chunk));
        }
        count("subject", inSubjects("UPDATE subject SET container_id = NULL WHERE container_id IN (<s>)"));
        count("preserved_item", inSubjects("DELETE FROM preserved_item WHERE subject_id IN (<s>)"));
        count("preserved_media", inSubjects("DELETE FROM preserved_media WHERE subject_id IN (<s>)"));
        count("media_preservation", inSubjects("DELETE FROM media_preservation WHERE subject_id IN (<s>)"));
        List<String> holds = ids("SELECT id FROM legal_hold WHERE subject_id IN (<s>)");
        for (List<String> chunk : LogLinks.chunks(holds)) {
            rewrite("legal_hold", "id", "reason", h.createQuery("SELECT id, reason FROM legal_hold WHERE id IN (<ids>)")
                    .bindList("ids", chunk));
        }
        count("legal_hold", in("UPDATE legal_hold SET subject_id = 'erased' WHERE id IN (<ids>)", holds));
        count("account_private_data", h.createUpdate("DELETE FROM account_private_data WHERE account_id = :a")
                .bind("a", scope.account()).execute());
        count("e2e_report", h.createUpdate("DELETE FROM e2e_report WHERE reporter_id = :a").bind("a", scope.account())
                .execute() + inSubjects("DELETE FROM e2e_report WHERE subject_id IN (<s>)"));
        count("e2e_rejection", h.createUpdate("DELETE FROM e2e_rejection WHERE reporter_id = :a")
                .bind("a", scope.account()).execute());
    }

    private void lawful() {
        Set<String> requests = new LinkedHashSet<>(ids("SELECT DISTINCT request_id FROM lawful_target WHERE subject_id IN (<s>)"));
        Mentions account = new Mentions(List.of(scope.account()));
        account.bind(h.createQuery("SELECT id, body FROM lawful_request WHERE " + account.like("body")))
                .map((rs, ctx) -> new String[]{rs.getString(1), rs.getString(2)}).list().stream()
                .filter(r -> account.in(r[1])).forEach(r -> requests.add(r[0]));
        List<String> ids = List.copyOf(requests);
        count("lawful_target", inSubjects("""
                UPDATE lawful_target SET subject_id = NULL, locator = 'erased' WHERE subject_id IN (<s>)"""));
        count("user_notice", inSubjects("DELETE FROM user_notice WHERE account_id IN (<s>)"));
        for (List<String> chunk : LogLinks.chunks(ids)) {
            rewrite("lawful_request", "id", "body", h.createQuery("SELECT id, body FROM lawful_request WHERE id IN (<ids>)")
                    .bindList("ids", chunk));
            for (String column : List.of("facts", "result", "trace", "explanation")) {
                rewrite("lawful_decision", "id", column, h.createQuery("SELECT id, " + column
                        + " FROM lawful_decision WHERE request_id IN (<ids>)").bindList("ids", chunk));
            }
            for (String column : List.of("question", "answer")) {
                rewrite("lawful_clarification", "id", column, h.createQuery("SELECT id, " + column
                        + " FROM lawful_clarification WHERE request_id IN (<ids>)").bindList("ids", chunk));
            }
            rewrite("disclosure", "id", "account_ids", h.createQuery(
                    "SELECT id, account_ids FROM disclosure WHERE request_id IN (<ids>)").bindList("ids", chunk));
        }
    }

    private void rest(Set<String> ids, Prepared prepared) {
        count("audit", inSubjects("UPDATE audit SET target = 'subject:erased' WHERE target IN (<s>)", "subject:"));
        Mentions account = new Mentions(List.of(scope.account()));
        for (String column : List.of("reason", "details")) {
            rewrite("audit", "id", column, account.bind(h.createQuery("SELECT id, " + column + " FROM audit WHERE "
                    + account.like(column))));
        }
        List<List<String>> cached = new ArrayList<>(prepared.cached());
        h.createQuery("SELECT scope, key, response FROM idempotency WHERE created_at >= :from")
                .bind("from", prepared.cachedFrom())
                .map((rs, ctx) -> new String[]{rs.getString(1), rs.getString(2), rs.getString(3)}).list().stream()
                .filter(c -> LogLinks.names(c[2], ids)).forEach(c -> cached.add(List.of(c[0], c[1])));
        for (List<String> c : cached) {
            count("idempotency", h.createUpdate("DELETE FROM idempotency WHERE scope = :s AND key = :k")
                    .bind("s", c.get(0)).bind("k", c.get(1)).execute());
        }
        count("data_subject_request", h.createUpdate(
                        "UPDATE data_subject_request SET account_id = NULL WHERE account_id = :a")
                .bind("a", scope.account()).execute());
    }

    /** Replaces every mention of the account's ids in {@code column} of the rows {@code select} finds. */
    private void rewrite(String table, String key, String column, org.jdbi.v3.core.statement.Query select) {
        List<String[]> rows = select.map((rs, ctx) -> new String[]{rs.getString(1), rs.getString(2)}).list();
        for (String[] r : rows) {
            if (mentions.in(r[1])) {
                count(table, h.createUpdate("UPDATE " + table + " SET " + column + " = :v WHERE " + key + " = :k")
                        .bind("v", mentions.erase(r[1])).bind("k", r[0]).execute());
            }
        }
    }

    private List<String> ids(String sql) {
        List<String> out = new ArrayList<>();
        for (List<String> chunk : LogLinks.chunks(unheld)) {
            out.addAll(h.createQuery(sql).bindList("s", chunk).mapTo(String.class).list());
        }
        return out;
    }

    private int inSubjects(String sql) {
        return inSubjects(sql, "");
    }

    private int inSubjects(String sql, String prefix) {
        int n = 0;
        for (List<String> chunk : LogLinks.chunks(unheld)) {
            n += h.createUpdate(sql).bindList("s", chunk.stream().map(s -> prefix + s).toList()).execute();
        }
        return n;
    }

    private int in(String sql, Collection<String> ids) {
        int n = 0;
        for (List<String> chunk : LogLinks.chunks(ids)) {
            n += h.createUpdate(sql).bindList("ids", chunk).execute();
        }
        return n;
    }

    private void count(String table, int n) {
        if (n > 0) {
            counts.merge(table, n, Integer::sum);
        }
    }
}
