package org.fulcrum.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.TransparencyModule;
import org.fulcrum.server.cli.Main;
import org.fulcrum.server.support.Await;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.Moderators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Data subject requests against a history made through the real APIs: two accounts post, report
 * each other, are reported from E2E chats, decided on, appeal, have data disclosed to a court, and
 * one of alice's posts is removed and preserved by a moderation decision. Alice's export holds every
 * row of the store that names her, and nothing of bob's; her erasure leaves only what the hold covers,
 * and the log still verifies.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DataSubjectRequestTest {
    static final String A = "acct-alice";
    static final String B = "acct-bob";
    static PrivacyWorld w;
    static String holdId;

    @BeforeAll
    static void history() throws Exception {
        build(PrivacyWorld.start());
    }

    static void build(PrivacyWorld world) throws Exception {
        w = world;
        List<Map<String, Object>> events = new ArrayList<>();
        events.add(Events.account(A, "FR", "fr"));
        events.add(Events.account(B, "DE", "de"));
        for (String p : List.of("a-p1", "a-p2", "a-p3")) {
            events.add(Events.post(p, "ch-a", A, "FR", "fr", 40));
            w.simulator.published(p, "ch-a", "text of " + p);
        }
        for (String p : List.of("b-p1", "b-p2")) {
            events.add(Events.post(p, "ch-b", B, "DE", "de", 40));
        }
        w.events(events);

        // bob reports alice's post; it is removed, alice is told, gets a strike, appeals and loses
        JsonNode removed =
                w.decide(w.report(B, "a-p1", "Bob explains that a-p1 sells fake coins"), Moderators.remove("ToS 4.2"));
        Http.Response appeal = w.app.platform()
                .postJson(
                        "/v1/appeals",
                        Map.of(
                                "decisionId",
                                removed.get("decisionId").asText(),
                                "appellant",
                                "affected_user",
                                "accountId",
                                A,
                                "explanation",
                                "Alice says the coins are real.",
                                "language",
                                "fr"));
        assertThat(appeal.status()).as(appeal.body()).isEqualTo(201);
        String appealId = appeal.json().get("id").asText();
        assertThat(w.bob.post("/v1/appeals/" + appealId + "/claim").status()).isEqualTo(200);
        assertThat(w.bob.postJson(
                                "/v1/appeals/" + appealId + "/decision",
                                Map.of("outcome", "uphold", "reason", "The coins are not real."))
                        .status())
                .isEqualTo(200);

        // alice reports bob's post; nothing is done
        w.decide(w.report(A, "b-p1", "Alice explains that b-p1 is a phishing page"), Moderators.noAction(false));

        // bob reports a-p2: removed and preserved for a year by the decision
        Map<String, Object> preserve = Moderators.decision(
                "ToS 4.3",
                List.of(
                        Map.of("type", "remove"),
                        Map.of(
                                "type",
                                "preserve",
                                "until",
                                w.start.plus(Duration.ofDays(365)).toString())));
        w.decide(w.report(B, "a-p2", "Bob explains that a-p2 threatens a shop"), preserve);
        holdId = w.count("SELECT COUNT(*) FROM legal_hold WHERE subject_id = 'a-p2' AND source = 'decision'") == 1
                ? w.core()
                        .module(StoreModule.class)
                        .db()
                        .read(h -> h.createQuery("SELECT id FROM legal_hold WHERE subject_id = 'a-p2'")
                                .mapTo(String.class)
                                .one())
                : null;
        assertThat(holdId).isNotNull();

        // franked reports both ways, decided
        for (JsonNode r : List.of(
                w.franked(B, A, "conv-ab", "buy my coins, alice here"),
                w.franked(A, B, "conv-ab", "you will regret this, bob here"))) {
            String caseId = w.core()
                    .module(StoreModule.class)
                    .db()
                    .read(h -> h.createQuery("""
                    SELECT i.case_id FROM notice n JOIN notice_item i ON i.notice_id = n.id WHERE n.external_ref = :r""")
                            .bind("r", r.get("reportId").asText())
                            .mapTo(String.class)
                            .one());
            w.decide(caseId, Moderators.noAction(false));
        }

        // both accounts' data disclosed to a court
        w.accountData(A, "+33 6 11 11 11 11", "198.51.100.11", w.start);
        w.accountData(B, "+49 151 22 22 22 22", "203.0.113.22", w.start);
        w.disclosed(A);
        w.disclosed(B);

        // an earlier export request of alice's
        assertThat(w.app.platform()
                        .postJson("/v1/privacy/requests", Map.of("kind", "export", "accountId", A))
                        .status())
                .isEqualTo(201);
        w.awaitDelivered();
    }

    @AfterAll
    static void stop() {
        w.close();
    }

    /** Alice, her reporter key and everything she wrote, as ids. */
    static Set<String> ids(String account, boolean withHeld) {
        Set<String> ids = new LinkedHashSet<>(w.core()
                .module(StoreModule.class)
                .db()
                .read(h -> h.createQuery("SELECT id FROM subject WHERE author_id = :a")
                        .bind("a", account)
                        .mapTo(String.class)
                        .list()));
        if (!withHeld) {
            ids.remove("a-p2");
        }
        ids.add(account);
        ids.add("user:" + account);
        return ids;
    }

    @Test
    @Order(1)
    void anExportHoldsEveryRecordAboutTheAccountAndNothingAboutOthers() throws Exception {
        Set<String> ids = ids(A, true);
        assertThat(ids).contains("a-p1", "a-p2", "a-p3").anyMatch(s -> s.startsWith("e2e:"));
        Http.Response req = w.app.platform().postJson("/v1/privacy/requests", Map.of("kind", "export", "accountId", A));
        assertThat(req.status()).as(req.body()).isEqualTo(201);
        assertThat(req.json().get("outcome").asText()).isEqualTo("exported");
        Http.Response export = w.app.platform()
                .get("/v1/privacy/requests/" + req.json().get("id").asText() + "/export");
        assertThat(export.status()).as(export.body()).isEqualTo(200);
        JsonNode json = export.json();
        assertThat(json.get("format").asText()).isEqualTo(AccountExport.FORMAT);
        assertThat(json.get("summary").get(0).asText()).contains(A);

        Set<String> refs = new HashSet<>();
        json.get("sections")
                .forEach(
                        s -> s.get("records").forEach(r -> refs.add(r.get("ref").asText())));
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (StoreScan.Hit hit : StoreScan.scan(w.core(), ids)) {
            String ref = switch (hit.table()) {
                case "log_secret" -> "log_entry:" + hit.ref().substring("log_secret:".length());
                default -> hit.ref();
            };
            checked++;
            if (!refs.contains(ref)) {
                missing.add(ref + "  " + hit.text());
            }
        }
        assertThat(missing).as("rows naming alice that the export lacks").isEmpty();
        assertThat(checked).as("rows naming alice").isGreaterThan(40);
        for (String table : List.of(
                "subject",
                "subject_content",
                "content_event",
                "notice",
                "notice_item",
                "review_case",
                "review_decision",
                "enforcement_action",
                "statement_of_reasons",
                "appeal",
                "strike",
                "e2e_report",
                "account_private_data",
                "lawful_request",
                "disclosure",
                "legal_hold",
                "preserved_item",
                "log_entry",
                "data_subject_request",
                "outbox",
                "case_reporter")) {
            assertThat(refs).as("the export has records of " + table).anyMatch(r -> r.startsWith(table + ":"));
        }

        String text = export.body();
        assertThat(StoreScan.names(text, Set.of(B, "user:" + B)))
                .as("bob's account in alice's export")
                .isFalse();
        assertThat(text)
                .doesNotContain("Name of acct-bob")
                .doesNotContain("acct-bob@mail.example")
                .doesNotContain("+49 151 22 22 22 22")
                .doesNotContain("203.0.113.22")
                .doesNotContain("text of b-p2")
                .doesNotContain("Bob explains")
                .doesNotContain("staff:");
        assertThat(text)
                .contains("Alice explains")
                .contains("Name of acct-alice")
                .contains("198.51.100.11")
                .contains("text of a-p1")
                .contains("Alice says the coins are real.");

        Http.Response summary = w.app.platform()
                .get("/v1/privacy/requests/" + req.json().get("id").asText() + "/export?format=text");
        assertThat(summary.contentType()).startsWith("text/plain");
        assertThat(summary.body())
                .contains("Decisions about your content or account: ")
                .contains("Legal holds preserving your data: 1 record.");
    }

    @Test
    @Order(2)
    void erasureLeavesOnlyWhatAHoldCoversAndTheLogStillVerifies() throws Exception {
        // bob's records that do not name alice stay as they are
        Set<String> aliceRefs = refsOf(ids(A, true));
        Set<String> bobOnly = refsOf(ids(B, true));
        bobOnly.removeAll(aliceRefs);
        // a log entry whose committed details also name alice loses its link to bob with hers
        bobOnly.removeIf(ref -> ref.startsWith("log_entry:")
                && aliceRefs.contains("log_secret:" + ref.substring("log_entry:".length())));
        List<byte[]> publicLog = w.core()
                .module(StoreModule.class)
                .db()
                .read(h -> h.createQuery("SELECT data FROM log_entry ORDER BY idx")
                        .mapTo(byte[].class)
                        .list());

        Http.Response r = w.app.platform().postJson("/v1/privacy/requests", Map.of("kind", "erasure", "accountId", A));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode erased = r.json();
        assertThat(erased.get("outcome").asText()).isEqualTo("partly_erased");
        assertThat(erased.has("accountId")).isFalse();
        assertThat(erased.get("accountDigest").asText())
                .isEqualTo(DataSubjectRequests.digest(erased.get("salt").asText(), A));
        assertThat(erased.get("detail").asText()).contains("a legal hold keeps");

        List<String> left = new ArrayList<>();
        for (StoreScan.Hit hit : StoreScan.scan(w.core(), ids(A, false))) {
            if (!StoreScan.names(hit.text(), Set.of("a-p2"))) {
                left.add(hit.ref() + "  " + hit.text());
            }
        }
        assertThat(left).as("rows still naming alice that no hold covers").isEmpty();
        assertThat(w.count("SELECT COUNT(*) FROM subject WHERE id = 'a-p2' AND author_id = '" + A + "'"))
                .isEqualTo(1);
        assertThat(w.count("SELECT COUNT(*) FROM subject_content WHERE subject_id = 'a-p2'"))
                .isEqualTo(1);
        assertThat(w.count("SELECT COUNT(*) FROM preserved_item WHERE hold_id = '" + holdId + "'"))
                .isPositive();
        assertThat(w.count("SELECT COUNT(*) FROM subject WHERE id IN ('" + A + "', 'a-p1', 'a-p3')"))
                .isZero();

        assertThat(refsOf(ids(B, true)))
                .as("bob's records")
                .containsAll(bobOnly.stream()
                        // except his link to the case on alice's erased post, which went with the case
                        .filter(ref -> !ref.startsWith("case_reporter:"))
                        .toList());
        assertThat(w.count("SELECT COUNT(*) FROM account_private_data WHERE account_id = '" + B + "'"))
                .isEqualTo(2);
        assertThat(w.count("SELECT COUNT(*) FROM notice WHERE reporter_key = 'user:" + B + "'"))
                .isEqualTo(3);

        List<byte[]> after = w.core()
                .module(StoreModule.class)
                .db()
                .read(h -> h.createQuery("SELECT data FROM log_entry ORDER BY idx")
                        .mapTo(byte[].class)
                        .list());
        assertThat(after.subList(0, publicLog.size()))
                .usingElementComparator(java.util.Arrays::compare)
                .as("the public log is never changed")
                .containsExactlyElementsOf(publicLog);
        assertThat(w.count("SELECT COUNT(*) FROM log_entry WHERE kind = 'erasure'"))
                .isEqualTo(1);

        long size = w.count("SELECT size FROM log_state");
        Await.await(
                "a checkpoint covers the whole log",
                Duration.ofSeconds(15),
                () -> w.core()
                                .module(TransparencyModule.class)
                                .checkpointer()
                                .latest()
                                .checkpoint()
                                .size()
                        == size);
        Await.await(
                "the report covers the whole log",
                Duration.ofSeconds(15),
                () -> w.core()
                                .module(TransparencyModule.class)
                                .reports()
                                .current()
                                .logSize()
                        == size);
        java.io.PrintStream old = System.out;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int exit;
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            exit = Main.run(new String[] {
                "verify",
                "--server",
                w.app.url(),
                "--key",
                w.core().module(StoreModule.class).logKeys().verifierKey()
            });
        } finally {
            System.setOut(old);
        }
        assertThat(exit)
                .as(out.toString(java.nio.charset.StandardCharsets.UTF_8))
                .isZero();
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("OK: " + size + " entries");

        Http.Response again =
                w.app.platform().get("/v1/privacy/requests/" + erased.get("id").asText());
        assertThat(again.json().get("outcome").asText()).isEqualTo("partly_erased");
    }

    static Set<String> refsOf(Set<String> ids) {
        Set<String> refs = new HashSet<>();
        StoreScan.scan(w.core(), ids).forEach(h -> refs.add(h.ref()));
        return refs;
    }
}
