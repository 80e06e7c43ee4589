package org.fulcrum.server.privacy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.fulcrum.server.store.Tx;
import org.fulcrum.server.transparency.LogWriter;
import org.jdbi.v3.core.Handle;

/**
 * Erases an account in one transaction: its records are deleted, and records that must stay for
 * someone else (another person's notice about the account's post, a closed lawful request, the audit
 * trail) lose every mention of it. What a legal hold covers stays as it is. The commitment secrets of
 * its transparency-log entries are erased, so the public log, which is never changed, no longer links
 * to it. The table registry says which tables erasure reaches and in what order: child tables first,
 * so foreign keys hold on both databases.
 */
final class Erasure {
    private final Tx tx;
    private final Handle h;
    private final LogWriter log;
    private final AccountScope scope;
    private final ErasureScan prepared;
    private final List<String> unheld;
    private final Mentions mentions;
    private final ErasureRows rows;
    // Read before anything changes, so the order of the tables does not lose a link.
    private final List<String> decisions;
    private final List<String> actions;
    private final List<String> cases;
    private final List<String> noticesAbout;
    private final List<String> requests;

    private Erasure(Tx tx, LogWriter log, AccountScope scope, ErasureScan prepared) {
        this.tx = tx;
        this.h = tx.handle();
        this.log = log;
        this.scope = scope;
        this.prepared = prepared;
        this.unheld = scope.unheld();
        Set<String> ids = new LinkedHashSet<>(unheld);
        ids.add(scope.account());
        this.mentions = new Mentions(ids);
        this.rows = new ErasureRows(h, unheld, mentions);
        this.decisions = rows.ids("SELECT id FROM review_decision WHERE subject_id IN (<s>)");
        this.actions = rows.ids("SELECT id FROM enforcement_action WHERE subject_id IN (<s>)");
        this.cases = rows.ids("SELECT id FROM review_case WHERE subject_id IN (<s>)");
        this.noticesAbout = rows.ids("SELECT DISTINCT notice_id FROM notice_item WHERE subject_id IN (<s>)");
        Set<String> requests = new LinkedHashSet<>(
                rows.ids("SELECT DISTINCT request_id FROM lawful_target WHERE subject_id IN (<s>)"));
        Mentions account = new Mentions(List.of(scope.account()));
        account
                .bind(h.createQuery("SELECT id, body FROM lawful_request WHERE " + account.like("body")))
                .map((rs, ctx) -> new ErasureRows.Text(rs.getString("id"), rs.getString("body")))
                .list()
                .stream()
                .filter(r -> account.in(r.text()))
                .forEach(r -> requests.add(r.key()));
        this.requests = List.copyOf(requests);
    }

    /**
     * Erases what no hold covers; answers how many rows each table lost or had rewritten. Tables are
     * taken in the registry's order (a table before the tables it refers to); a table with a statement
     * of its own below runs that, any other table the registry erases loses the rows its keys reach.
     */
    static Map<String, Integer> erase(
            Tx tx, LogWriter log, TableRegistry registry, AccountScope scope, ErasureScan prepared) {
        Erasure e = new Erasure(tx, log, scope, prepared);
        for (TableEntry entry : registry.entries()) {
            if (!entry.erased()) {
                continue;
            }
            Consumer<Erasure> own = OWN.get(entry.table());
            if (own != null) {
                own.accept(e);
            } else {
                e.byKeys(entry);
            }
        }
        return e.rows.counts();
    }

    /**
     * Refuses a registry this class cannot carry out: a table with a statement of its own below that the
     * registry does not erase, or a table the registry erases with no statement and no key to delete by.
     */
    static void check(TableRegistry registry) {
        for (String table : OWN.keySet()) {
            if (registry.entry(table).filter(TableEntry::erased).isEmpty()) {
                throw new IllegalStateException(
                        TableRegistry.RESOURCE + " does not erase " + table + ", which erasure rewrites");
            }
        }
        for (TableEntry e : registry.entries()) {
            if (e.erased()
                    && !OWN.containsKey(e.table())
                    && (!e.erasure().equals(Set.of(ErasureRule.delete))
                            || e.keys().isEmpty())) {
                throw new IllegalStateException(TableRegistry.RESOURCE + ": " + e.table() + " is to be " + e.erasure()
                        + " on erasure, which needs a statement of its own, or a key to delete by");
            }
        }
    }

    /** The tables erasure has a statement of its own for: what it rewrites, or deletes by ids read up front. */
    private static final Map<String, Consumer<Erasure>> OWN = Map.ofEntries(
            Map.entry("statement_of_reasons", Erasure::statements),
            Map.entry("appeal", Erasure::appeals),
            Map.entry("strike", Erasure::strikes),
            Map.entry(
                    "decision_action",
                    e -> e.rows.count(
                            "decision_action",
                            e.rows.in("DELETE FROM decision_action WHERE decision_id IN (<ids>)", e.decisions)
                                    + e.rows.in("DELETE FROM decision_action WHERE action_id IN (<ids>)", e.actions))),
            Map.entry(
                    "review_decision",
                    e -> e.rows.count(
                            "review_decision",
                            e.rows.in("DELETE FROM review_decision WHERE id IN (<ids>)", e.decisions))),
            Map.entry(
                    "review_alert",
                    e -> e.rows.count(
                            "review_alert", e.rows.in("DELETE FROM review_alert WHERE case_id IN (<ids>)", e.cases))),
            Map.entry(
                    "case_reporter",
                    e -> e.rows.count(
                            "case_reporter",
                            e.rows.in("DELETE FROM case_reporter WHERE case_id IN (<ids>)", e.cases)
                                    + e.h.createUpdate("DELETE FROM case_reporter WHERE reporter_key = :u")
                                            .bind("u", e.scope.reporterKey())
                                            .execute())),
            Map.entry(
                    "safety_task",
                    e -> e.rows.count(
                            "safety_task",
                            e.rows.inSubjects(
                                    "UPDATE safety_task SET subject_id = 'erased' WHERE subject_id IN (<s>)"))),
            Map.entry(
                    "review_case",
                    e -> e.rows.count(
                            "review_case", e.rows.in("DELETE FROM review_case WHERE id IN (<ids>)", e.cases))),
            Map.entry(
                    "outbox",
                    e -> e.rows.count(
                            "outbox",
                            e.rows.inSubjects(
                                    "DELETE FROM outbox WHERE subject_id IN (<s>) AND delivered_at IS NOT NULL"))),
            Map.entry(
                    "enforcement_action",
                    e -> e.rows.count(
                            "enforcement_action",
                            e.rows.in("DELETE FROM enforcement_action WHERE id IN (<ids>)", e.actions))),
            Map.entry("notice_item", Erasure::noticeItems),
            Map.entry("notice", Erasure::notices),
            Map.entry(
                    "reporter_standing",
                    e -> e.rows.count(
                            "reporter_standing",
                            e.h.createUpdate("DELETE FROM reporter_standing WHERE reporter_key = :u")
                                    .bind("u", e.scope.reporterKey())
                                    .execute())),
            Map.entry(
                    "reporter_measure",
                    e -> e.rows.count(
                            "reporter_measure",
                            e.h.createUpdate("DELETE FROM reporter_measure WHERE reporter_key = :u")
                                    .bind("u", e.scope.reporterKey())
                                    .execute())),
            Map.entry("content_event", Erasure::contentEvents),
            Map.entry("legal_hold", Erasure::holds),
            Map.entry(
                    "account_private_data",
                    e -> e.rows.count(
                            "account_private_data",
                            e.h.createUpdate("DELETE FROM account_private_data WHERE account_id = :a")
                                    .bind("a", e.scope.account())
                                    .execute())),
            Map.entry(
                    "e2e_report",
                    e -> e.rows.count(
                            "e2e_report",
                            e.h.createUpdate("DELETE FROM e2e_report WHERE reporter_id = :a")
                                            .bind("a", e.scope.account())
                                            .execute()
                                    + e.rows.inSubjects("DELETE FROM e2e_report WHERE subject_id IN (<s>)"))),
            Map.entry(
                    "e2e_rejection",
                    e -> e.rows.count(
                            "e2e_rejection",
                            e.h.createUpdate("DELETE FROM e2e_rejection WHERE reporter_id = :a")
                                    .bind("a", e.scope.account())
                                    .execute())),
            Map.entry("lawful_target", e -> e.rows.count("lawful_target", e.rows.inSubjects("""
                    UPDATE lawful_target SET subject_id = NULL, locator = 'erased' WHERE subject_id IN (<s>)"""))),
            Map.entry(
                    "user_notice",
                    e -> e.rows.count(
                            "user_notice", e.rows.inSubjects("DELETE FROM user_notice WHERE account_id IN (<s>)"))),
            Map.entry("lawful_request", e -> e.rewriteRequests("lawful_request", "id", List.of("body"))),
            Map.entry(
                    "lawful_decision",
                    e -> e.rewriteRequests(
                            "lawful_decision", "request_id", List.of("facts", "result", "trace", "explanation"))),
            Map.entry(
                    "lawful_clarification",
                    e -> e.rewriteRequests("lawful_clarification", "request_id", List.of("question", "answer"))),
            Map.entry("disclosure", e -> e.rewriteRequests("disclosure", "request_id", List.of("account_ids"))),
            Map.entry("audit", Erasure::audit),
            Map.entry("idempotency", Erasure::idempotency),
            Map.entry(
                    "data_subject_request",
                    e -> e.rows.count(
                            "data_subject_request",
                            e.h.createUpdate("UPDATE data_subject_request SET account_id = NULL WHERE account_id = :a")
                                    .bind("a", e.scope.account())
                                    .execute())),
            Map.entry(
                    "log_secret",
                    e -> e.rows.count("log_secret", LogLinks.erase(e.tx, e.log, e.allIds(), e.prepared.log()))),
            Map.entry("subject", e -> {
                e.rows.count(
                        "subject",
                        e.rows.inSubjects("UPDATE subject SET container_id = NULL WHERE container_id IN (<s>)"));
                e.rows.count("subject", e.rows.inSubjects("DELETE FROM subject WHERE id IN (<s>)"));
            }));

    /** Deletes the rows each of the table's keys reaches. */
    private void byKeys(TableEntry entry) {
        for (SubjectKey k : entry.keys()) {
            List<String> ids = switch (k.ids()) {
                case subject -> unheld;
                case account -> unheld.contains(scope.account()) ? List.of(scope.account()) : List.of();
                case reporter -> List.of(scope.reporterKey());
                case subjectref -> unheld.stream().map(s -> "subject:" + s).toList();
            };
            rows.count(entry.table(), rows.in("DELETE FROM " + entry.table() + " WHERE " + k.condition(), ids));
        }
    }

    private void statements() {
        rows.count(
                "statement_of_reasons",
                rows.inSubjects("DELETE FROM statement_of_reasons WHERE subject_id IN (<s>)")
                        + rows.in("DELETE FROM statement_of_reasons WHERE decision_id IN (<ids>)", decisions));
    }

    private void appeals() {
        rows.count(
                "appeal",
                rows.in("DELETE FROM appeal WHERE decision_id IN (<ids>)", decisions)
                        + h.createUpdate("""
                        UPDATE appeal SET appellant_ref = NULL, explanation = ''
                        WHERE appellant_ref = :a OR appellant_ref = :u""")
                                .bind("a", scope.account())
                                .bind("u", scope.reporterKey())
                                .execute());
    }

    private void strikes() {
        rows.count(
                "strike",
                h.createUpdate("DELETE FROM strike WHERE account_id = :a")
                                .bind("a", scope.account())
                                .execute()
                        + rows.in("DELETE FROM strike WHERE decision_id IN (<ids>)", decisions));
    }

    private void noticeItems() {
        rows.count(
                "notice_item",
                rows.inSubjects("""
                UPDATE notice_item SET subject_id = 'erased', locator = NULL WHERE subject_id IN (<s>)""")
                        + h.createUpdate("UPDATE notice_item SET reporter_key = NULL WHERE reporter_key = :u")
                                .bind("u", scope.reporterKey())
                                .execute());
    }

    private void notices() {
        // Someone else's notice about the account's content stays theirs, without the account in it.
        for (List<String> chunk : LogLinks.chunks(noticesAbout)) {
            h
                    .createQuery("SELECT id, explanation FROM notice WHERE id IN (<ids>) AND explanation IS NOT NULL")
                    .bindList("ids", chunk)
                    .map((rs, ctx) -> new ErasureRows.Text(rs.getString("id"), rs.getString("explanation")))
                    .list()
                    .stream()
                    .filter(r -> mentions.in(r.text()))
                    .forEach(r -> rows.count(
                            "notice",
                            h.createUpdate("UPDATE notice SET explanation = :e WHERE id = :id")
                                    .bind("e", mentions.erase(r.text()))
                                    .bind("id", r.key())
                                    .execute()));
        }
        rows.rewrite(
                "notice",
                "id",
                "submitter",
                h.createQuery("SELECT id, submitter FROM notice WHERE reporter_key = :u")
                        .bind("u", scope.reporterKey()));
        rows.count("notice", h.createUpdate("""
                UPDATE notice SET notifier_name = NULL, notifier_email = NULL, reporter_key = NULL, explanation = NULL,
                                  external_ref = NULL WHERE reporter_key = :u""").bind("u", scope.reporterKey()).execute());
    }

    private void contentEvents() {
        rows.count("content_event", rows.inSubjects("DELETE FROM content_event WHERE subject_id IN (<s>)"));
        // Events of other people's posts in the account's channels name the channel.
        List<String> inContainers = rows.ids("SELECT id FROM subject WHERE container_id IN (<s>)");
        for (List<String> chunk : LogLinks.chunks(inContainers)) {
            rows.rewrite(
                    "content_event",
                    "event_id",
                    "body",
                    h.createQuery("SELECT event_id, body FROM content_event WHERE subject_id IN (<ids>)")
                            .bindList("ids", chunk));
        }
    }

    private void holds() {
        List<String> holds = rows.ids("SELECT id FROM legal_hold WHERE subject_id IN (<s>)");
        for (List<String> chunk : LogLinks.chunks(holds)) {
            rows.rewrite(
                    "legal_hold",
                    "id",
                    "reason",
                    h.createQuery("SELECT id, reason FROM legal_hold WHERE id IN (<ids>)")
                            .bindList("ids", chunk));
        }
        rows.count("legal_hold", rows.in("UPDATE legal_hold SET subject_id = 'erased' WHERE id IN (<ids>)", holds));
    }

    /** Rewrites the mentions of the account in {@code columns} of the rows about its lawful requests. */
    private void rewriteRequests(String table, String requestColumn, List<String> columns) {
        String key = "id";
        for (List<String> chunk : LogLinks.chunks(requests)) {
            for (String column : columns) {
                rows.rewrite(
                        table,
                        key,
                        column,
                        h.createQuery("SELECT " + key + ", " + column + " FROM " + table + " WHERE " + requestColumn
                                        + " IN (<ids>)")
                                .bindList("ids", chunk));
            }
        }
    }

    private void audit() {
        rows.count(
                "audit",
                rows.inSubjects("UPDATE audit SET target = 'subject:erased' WHERE target IN (<s>)", "subject:"));
        Mentions account = new Mentions(List.of(scope.account()));
        for (String column : List.of("reason", "details")) {
            rows.rewrite(
                    "audit",
                    "id",
                    column,
                    account.bind(h.createQuery("SELECT id, " + column + " FROM audit WHERE " + account.like(column))));
        }
    }

    private void idempotency() {
        Set<String> ids = allIds();
        List<List<String>> cached = new ArrayList<>(prepared.cached());
        h
                .createQuery("SELECT scope, key, response FROM idempotency WHERE created_at >= :from")
                .bind("from", prepared.cachedFrom())
                .map(ErasureScan.Cached::read)
                .list()
                .stream()
                .filter(c -> LogLinks.names(c.response(), ids))
                .forEach(c -> cached.add(c.id()));
        for (List<String> c : cached) {
            rows.count(
                    "idempotency",
                    h.createUpdate("DELETE FROM idempotency WHERE scope = :s AND key = :k")
                            .bind("s", c.get(0))
                            .bind("k", c.get(1))
                            .execute());
        }
    }

    /** The account, its reporter key and its subjects no hold covers. */
    private Set<String> allIds() {
        Set<String> ids = new LinkedHashSet<>(unheld);
        ids.add(scope.account());
        ids.add(scope.reporterKey());
        return ids;
    }
}
