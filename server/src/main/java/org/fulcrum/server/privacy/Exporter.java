package org.fulcrum.server.privacy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fulcrum.server.store.OrderedRow;
import org.jdbi.v3.core.Handle;

/**
 * Collects an account's export from the store. Each section is one explicit query naming the columns
 * the data subject gets; columns about other people are not selected. What a secrecy order covers
 * (its request, the actions and holds it caused, their log entries and deliveries) is filtered out
 * until the order expires; holds appear only in their own section, so a withheld one leaves no trace.
 * Every section is declared in the table registry: a table shown as a column list gets a section of
 * those columns, and a section below that reads a table the registry does not name for it fails
 * ({@link ExportSections}).
 */
final class Exporter {
    private final Handle h;
    private final AccountScope scope;
    private final Instant now;
    private final Set<String> gagged;
    private final Set<String> withheld = new HashSet<>();
    private final ExportSections sections;

    private Exporter(Handle h, TableRegistry registry, AccountScope scope, Instant now) {
        this.h = h;
        this.scope = scope;
        this.now = now;
        this.sections = new ExportSections(h, registry, scope, now);
        this.gagged = new HashSet<>(h.createQuery("SELECT id FROM lawful_request WHERE gag_until > :now")
                .bind("now", now.toEpochMilli())
                .mapTo(String.class)
                .list());
    }

    static AccountExport export(Handle h, TableRegistry registry, String account, Instant now) {
        return new Exporter(h, registry, AccountScope.of(h, account, now), now).build();
    }

    private AccountExport build() {
        String a = scope.account();
        // What a secrecy order covers: its requests, the actions they caused, the holds they placed.
        withheld.addAll(gagged);
        withheld.addAll(sections.perSubjects("""
                SELECT id, origin_ref FROM enforcement_action WHERE origin = 'lawful' AND subject_id IN (<s>)""", q -> q).stream()
                .filter(r -> gagged.contains((String) r.get("origin_ref")))
                .map(r -> (String) r.get("id"))
                .toList());
        withheld.addAll(
                sections.perSubjects("SELECT id, source_ref FROM legal_hold WHERE subject_id IN (<s>)", q -> q).stream()
                        .filter(r -> gagged.contains((String) r.get("source_ref")))
                        .map(r -> (String) r.get("id"))
                        .toList());

        sections.one("account", "Your account as Fulcrum knows it", "subject", List.of("id"), """
                SELECT id, kind, country, language, visibility, restricted_countries, labels, account_status,
                       suspended_until, created_at, updated_at FROM subject WHERE id = :a""", a);
        sections.one("content", "Posts, media, channels and messages you wrote", "subject", List.of("id"), """
                SELECT id, kind, container_id, country, language, audience, visibility, restricted_countries, labels,
                       demoted, deleted_by_platform, created_at, updated_at FROM subject WHERE author_id = :a""", a);
        sections.many(
                "contentCopies", "Copies of your content", "subject_content", List.of("subject_id"), """
                SELECT subject_id, text_content, media, updated_at FROM subject_content WHERE subject_id IN (<s>)""", r -> true);
        sections.many(
                "contentEvents",
                "Content events the platform sent about your content",
                "content_event",
                List.of("event_id"),
                """
                SELECT event_id, subject_id, type, occurred_at, received_at, body FROM content_event
                WHERE subject_id IN (<s>)""",
                r -> true);
        sections.one(
                "accountData",
                "Account data the platform shared (phone numbers, IP addresses, ...)",
                "account_private_data",
                List.of("account_id", "category", "value", "observed_at"),
                """
                SELECT account_id, category, value, observed_at FROM account_private_data WHERE account_id = :a""",
                a);
        sections.one("noticesFiled", "Notices you filed", "notice", List.of("id"), """
                SELECT id, source, reason, category, explanation, legal_ground, country, language, notifier_name,
                       notifier_email, good_faith, external_ref, item_count, received_at FROM notice WHERE reporter_key = :u""", null);
        sections.one(
                "itemsReported",
                "The items of your notices and what became of them",
                "notice_item",
                List.of("notice_id", "idx"),
                """
                SELECT notice_id, idx, locator, outcome, decided_at FROM notice_item WHERE reporter_key = :u""",
                null);
        sections.one(
                "casesReported", "Cases you reported", "case_reporter", List.of("case_id", "reporter_key"), """
                SELECT case_id, reporter_key FROM case_reporter WHERE reporter_key = :u""", null);
        Set<String> filed = sections.refs("noticesFiled");
        sections.many(
                "noticesAboutYou",
                "Notices about your account or content (who sent them is not shown)",
                "notice",
                List.of("id"),
                """
                SELECT DISTINCT n.id, n.source, n.reason, n.category, n.item_count, n.received_at FROM notice n
                JOIN notice_item i ON i.notice_id = n.id WHERE i.subject_id IN (<s>)""",
                r -> !filed.contains("notice:" + r.get("id")));
        sections.many(
                "itemsAboutYou",
                "The items of those notices that name your account or content",
                "notice_item",
                List.of("notice_id", "idx"),
                """
                SELECT i.notice_id, i.idx, i.subject_id, n.source, n.reason, n.category, n.received_at, i.outcome,
                       i.decided_at FROM notice_item i JOIN notice n ON n.id = i.notice_id WHERE i.subject_id IN (<s>)""",
                r -> true);
        sections.many("cases", "Review cases about your content", "review_case", List.of("id"), """
                SELECT id, subject_id, status, reason, category, source, notice_count, created_at, decided_at, decision_id
                FROM review_case WHERE subject_id IN (<s>)""", r -> true);
        sections.many(
                "decisions",
                "Decisions about your content or account",
                "review_decision",
                List.of("id"),
                """
                SELECT id, case_id, subject_id, outcome, ground_kind, ground, category, explanation, facts,
                       territorial_scope, until_at, automated_detection, automated_decision, source_type, reversed_by,
                       created_at FROM review_decision WHERE subject_id IN (<s>)""",
                r -> true);
        sections.many(
                "actions",
                "Actions taken on your content or account",
                "enforcement_action",
                List.of("id"),
                """
                SELECT id, subject_id, type, params, origin, reason, reverses, created_at FROM enforcement_action
                WHERE subject_id IN (<s>)""",
                r -> !withheld.contains((String) r.get("id")));
        sections.many(
                "deliveries",
                "Deliveries of those actions to the platform",
                "outbox",
                List.of("action_id"),
                """
                SELECT action_id, subject_id, created_at, delivered_at FROM outbox WHERE subject_id IN (<s>)""",
                r -> !withheld.contains((String) r.get("action_id")));
        statements();
        appeals();
        sections.one("strikes", "Strikes on your account", "strike", List.of("id"), """
                SELECT id, account_id, category, decision_id, created_at, expires_at, reversed_at FROM strike
                WHERE account_id = :a""", a);
        sections.one(
                "reporterStanding",
                "Your standing as a notifier (DSA Art. 23)",
                "reporter_standing",
                List.of("reporter_key"),
                """
                SELECT reporter_key, warnings, last_warned_at, suspensions, suspended_until, updated_at
                FROM reporter_standing WHERE reporter_key = :u""",
                null);
        sections.one(
                "reporterMeasures",
                "Warnings and suspensions of your notices",
                "reporter_measure",
                List.of("id"),
                """
                SELECT id, reporter_key, kind, until_at, unfounded, created_at FROM reporter_measure
                WHERE reporter_key = :u""",
                null);
        sections.many(
                "findings",
                "Reviewers' findings on your content (political speech, protest, journalism)",
                "subject_finding",
                List.of("id"),
                """
                SELECT id, subject_id, finding, why, found_at FROM subject_finding WHERE subject_id IN (<s>)""",
                r -> true);
        sections.one("reportsYouMade", "Messages from E2E chats you reported", "e2e_report", List.of("id"), """
                SELECT id, conversation_id, message, category, stamped_at, received_at FROM e2e_report
                WHERE reporter_id = :a""", a);
        sections.one(
                "reportsAboutYou",
                "Your messages from E2E chats that a recipient reported",
                "e2e_report",
                List.of("id"),
                """
                SELECT id, conversation_id, message, category, stamped_at, received_at FROM e2e_report
                WHERE sender_id = :a""",
                a);
        sections.one(
                "rejectedReports", "Reports of yours that failed verification", "e2e_rejection", List.of("id"), """
                SELECT id, reason, detail, at FROM e2e_rejection WHERE reporter_id = :a""", a);
        lawful();
        sections.many(
                "holds",
                "Legal holds preserving your data",
                "legal_hold",
                List.of("id"),
                """
                SELECT id, subject_id, source, reason, placed_at, until_at, extensions, released_at, source_ref
                FROM legal_hold WHERE subject_id IN (<s>)""",
                r -> !withheld.contains((String) r.get("id")));
        sections.get("holds").records().forEach(r -> r.remove("source_ref"));
        sections.many(
                "preservedEvidence",
                "What those holds preserved",
                "preserved_item",
                List.of("id"),
                """
                SELECT id, hold_id, subject_id, source, body, captured_at FROM preserved_item WHERE subject_id IN (<s>)""",
                r -> !withheld.contains((String) r.get("hold_id")));
        audit();
        logEntries();
        sections.one(
                "dataSubjectRequests",
                "Your earlier requests for your data or its erasure",
                "data_subject_request",
                List.of("id"),
                """
                SELECT id, kind, outcome, reason, detail, created_at FROM data_subject_request WHERE account_id = :a""",
                a);
        sections.byRegistry();
        return new AccountExport(
                AccountExport.FORMAT,
                scope.account(),
                now,
                AccountExport.summarise(scope.account(), now, sections.all()),
                sections.all());
    }

    private void statements() {
        sections.many(
                "statements",
                "Statements of reasons you were sent",
                "statement_of_reasons",
                List.of("id"),
                """
                SELECT id, decision_id, subject_id, language, body, message, created_at FROM statement_of_reasons
                WHERE subject_id IN (<s>) OR recipient_id = :a""",
                r -> true);
    }

    private void appeals() {
        sections.one("appeals", "Appeals you lodged", "appeal", List.of("id"), """
                SELECT id, decision_id, appellant_role, explanation, language, status, outcome, reason, created_at,
                       decided_at FROM appeal WHERE appellant_ref = :a OR appellant_ref = :u""", scope.account());
        Set<String> own = sections.refs("appeals");
        sections.many(
                "appealsAboutYou",
                "Appeals by others against decisions about your content",
                "appeal",
                List.of("id"),
                """
                SELECT p.id, p.decision_id, p.appellant_role, p.status, p.outcome, p.reason, p.created_at, p.decided_at
                FROM appeal p JOIN review_decision d ON d.id = p.decision_id WHERE d.subject_id IN (<s>)""",
                r -> !own.contains("appeal:" + r.get("id")));
    }

    private void lawful() {
        Set<String> requests = new LinkedHashSet<>(
                sections
                        .perSubjects("SELECT DISTINCT request_id FROM lawful_target WHERE subject_id IN (<s>)", q -> q)
                        .stream()
                        .map(r -> (String) r.get("request_id"))
                        .toList());
        record Request(String id, String body) {}
        Mentions account = new Mentions(List.of(scope.account()));
        account
                .bind(h.createQuery("SELECT id, body FROM lawful_request WHERE " + account.like("body")))
                .map((rs, ctx) -> new Request(rs.getString("id"), rs.getString("body")))
                .list()
                .stream()
                .filter(r -> account.in(r.body()))
                .forEach(r -> requests.add(r.id()));
        requests.removeAll(gagged);
        List<String> ids = List.copyOf(requests);
        sections.list(
                "lawfulRequests",
                "Lawful requests from authorities concerning you",
                "lawful_request",
                List.of("id"),
                """
                SELECT id, reference, instrument, kind, jurisdiction, status, received_at, closed_at FROM lawful_request
                WHERE id IN (<r>)""",
                ids,
                r -> true);
        sections.list(
                "lawfulTargets",
                "Where those requests named your account or content",
                "lawful_target",
                List.of("request_id", "seq"),
                """
                SELECT request_id, seq, locator, subject_id FROM lawful_target WHERE request_id IN (<r>)""",
                ids,
                r -> scope.subjects().contains((String) r.get("subject_id")));
        sections.list(
                "lawfulDecisions",
                "How Fulcrum decided those requests",
                "lawful_decision",
                List.of("id"),
                """
                SELECT id, request_id, outcome, principle, explanation, decided_at FROM lawful_decision
                WHERE request_id IN (<r>)""",
                ids,
                r -> true);
        sections.list(
                "disclosures",
                "Data disclosed to authorities",
                "disclosure",
                List.of("id"),
                """
                SELECT id, request_id, account_ids, categories, status, created_at, executed_at FROM disclosure
                WHERE request_id IN (<r>)""",
                ids,
                r -> List.of(((String) r.get("account_ids")).split(",")).contains(scope.account()));
        sections.get("disclosures").records().forEach(r -> r.put("account_ids", scope.account()));
        sections.one(
                "userNotices",
                "Notices you were sent about requests",
                "user_notice",
                List.of("id"),
                """
                SELECT id, request_id, text, created_at, release_at FROM user_notice
                WHERE account_id = :a AND release_at <= :now""",
                scope.account());
    }

    private void audit() {
        List<Map<String, Object>> rows = new ArrayList<>(sections.perSubjects("""
                SELECT id, at, action, target FROM audit WHERE target IN (<t>)""", q -> q, "subject:"));
        Mentions account = new Mentions(List.of(scope.account()));
        account
                .bind(h.createQuery("SELECT id, at, action, target, reason, details FROM audit WHERE "
                        + account.like("reason") + " OR " + account.like("details")))
                .map(OrderedRow.MAPPER)
                .list()
                .stream()
                .filter(r -> account.in((String) r.get("reason")) || account.in((String) r.get("details")))
                .forEach(r -> {
                    r.remove("reason");
                    r.remove("details");
                    rows.add(r);
                });
        sections.put(
                "staffActions",
                "What staff did about your account or content (who is not shown)",
                "audit",
                List.of("id"),
                rows);
    }

    private void logEntries() {
        List<Long> linked = LogLinks.find(h, scope.ids());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (List<Long> chunk : LogLinks.chunks(linked)) {
            h.createQuery("""
                            SELECT e.idx, e.kind, e.at, s.details FROM log_entry e LEFT JOIN log_secret s ON s.idx = e.idx
                            WHERE e.idx IN (<idx>) AND e.kind <> 'sealed'""").bindList("idx", chunk).map(OrderedRow.MAPPER).list().stream()
                    .filter(r -> r.get("details") == null || !LogLinks.names((String) r.get("details"), withheld))
                    .forEach(r -> {
                        r.remove("details");
                        rows.add(r);
                    });
        }
        sections.put(
                "logEntries",
                "Entries of the public transparency log about you (the public log shows no identities)",
                "log_entry",
                List.of("idx"),
                rows);
    }
}
