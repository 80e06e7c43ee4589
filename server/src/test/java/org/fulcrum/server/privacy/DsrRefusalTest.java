package org.fulcrum.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fulcrum.server.PrivacyModule;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.simulator.SimulatorServer;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.Moderators;
import org.fulcrum.server.support.Notices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Erasures an obligation or a hold prevents are refused with their reason and change nothing; hostile
 * or malformed requests get a problem answer and write nothing; retries with an idempotency key get the
 * first answer.
 */
class DsrRefusalTest {
    private static final Json JSON = Json.strict();

    static PrivacyWorld w;

    @BeforeAll
    static void start() throws Exception {
        w = PrivacyWorld.start();
        w.events(List.of(
                Events.account("acct-held", "FR", "fr"),
                Events.post("held-p", "ch-x", "acct-held", "FR", "fr", 5),
                Events.post("open-p", "ch-x", "acct-open", "FR", "fr", 5),
                Events.post("threat-p", "ch-x", "acct-threat", "FR", "fr", 5),
                Events.post("slow-p", "ch-x", "acct-slow", "FR", "fr", 5)));
    }

    @AfterAll
    static void stop() {
        w.close();
    }

    static Http.Response erase(String account) {
        return w.app.platform().postJson("/v1/privacy/requests", Map.of("kind", "erasure", "accountId", account));
    }

    /** Erasure is refused with {@code reason}, and every row naming the account is still there. */
    static void refused(String account, Refusal reason) {
        Set<String> ids = Set.of(account, "user:" + account);
        Set<String> before = refs(ids);
        Http.Response r = erase(account);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode json = r.json();
        assertThat(json.get("outcome").asText()).isEqualTo("refused");
        assertThat(json.get("reason").asText()).isEqualTo(reason.name());
        assertThat(json.get("detail").asText()).isEqualTo(reason.text());
        assertThat(refs(ids)).as("rows naming " + account).containsAll(before);
        assertThat(w.count("SELECT COUNT(*) FROM log_entry WHERE kind = 'erasure' AND idx = "
                        + json.get("logIndex").asLong()))
                .isEqualTo(1);
    }

    static Set<String> refs(Set<String> ids) {
        Set<String> refs = new java.util.HashSet<>();
        StoreScan.scan(w.core(), ids).forEach(h -> refs.add(h.ref()));
        return refs;
    }

    @Test
    void anAccountFulcrumKnowsNothingAboutIsAnsweredSo() {
        Http.Response r = erase("acct-nobody");
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("outcome").asText()).isEqualTo("nothing_held");
    }

    @Test
    void anAccountUnderAHoldIsNotErased() {
        w.core()
                .module(PrivacyModule.class)
                .privacy()
                .holds()
                .place(
                        w.principal("legal.one"),
                        new Holds.Placement(
                                "acct-held",
                                w.clock.instant().plus(Duration.ofDays(90)),
                                "2703(f) preservation letter received by post"));
        refused("acct-held", Refusal.account_under_hold);
        assertThat(w.count("SELECT COUNT(*) FROM subject_content WHERE subject_id = 'held-p'"))
                .isEqualTo(1);
    }

    @Test
    void anAccountALawfulRequestConcernsIsNotErasedWhileTheRequestIsAnswered() {
        w.events(List.of(Events.account("acct-suspect", "DE", "de")));
        w.accountData("acct-suspect", "+49 1 23", "192.0.2.77", w.clock.instant());
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("reference", "EPOC-OPEN");
        m.put("instrument", "epoc");
        m.put("kind", "disclose_subscriber_data");
        m.put("jurisdiction", "DE");
        m.put("issuingAuthority", "Staatsanwaltschaft Berlin");
        m.put("validatingAuthority", Map.of("name", "Amtsgericht Tiergarten", "type", "court"));
        m.put("addressee", "Fulcrum EU Legal Representative");
        m.put("emergency", false);
        m.put("crime", "terrorism");
        m.put("offenceMaxYears", 10);
        m.put("accounts", List.of("acct-suspect"));
        m.put("dataCategories", List.of("ip_addresses"));
        w.portal(m, java.util.Optional.empty());
        refused("acct-suspect", Refusal.pending_lawful_request);
        assertThat(w.count("SELECT COUNT(*) FROM account_private_data WHERE account_id = 'acct-suspect'"))
                .isEqualTo(2);
    }

    @Test
    void aSecrecyOrderIsNeverRevealedToTheDataSubject() {
        w.events(List.of(
                Events.account("acct-gagged", "DE", "de"),
                Events.post("gagged-p", "ch-g", "acct-gagged", "DE", "de", 5)));
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("reference", "EPOC-PR-GAG");
        m.put("instrument", "epoc_pr");
        m.put("kind", "preserve_data");
        m.put("jurisdiction", "DE");
        m.put("issuingAuthority", "Staatsanwaltschaft Berlin");
        m.put("validatingAuthority", Map.of("name", "Amtsgericht Tiergarten", "type", "court"));
        m.put("accounts", List.of("acct-gagged"));
        m.put("dataCategories", List.of("ip_addresses"));
        m.put("followUp", "a European Production Order for subscriber data");
        m.put(
                "gag",
                Map.of(
                        "until",
                        w.clock.instant().plus(Duration.ofDays(30)).toString(),
                        "basis",
                        "Section 95a of the code of criminal procedure"));
        String request = w.portal(m, java.util.Optional.empty());
        refused("acct-gagged", Refusal.legal_obligation);

        Http.Response dsr =
                w.app.platform().postJson("/v1/privacy/requests", Map.of("kind", "export", "accountId", "acct-gagged"));
        Http.Response export = w.app.platform()
                .get("/v1/privacy/requests/" + dsr.json().get("id").asText() + "/export");
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.json().at("/sections/content/records/0/id").asText()).isEqualTo("gagged-p");
        assertThat(export.body())
                .doesNotContain(request)
                .doesNotContain("EPOC-PR-GAG")
                .doesNotContain("epoc_pr")
                .doesNotContain("hold_until")
                .doesNotContain("\"preserve\"");
        assertThat(export.json().at("/sections/holds/records").size()).isZero();
        assertThat(export.json().at("/sections/lawfulRequests/records").size()).isZero();
    }

    @Test
    void anAccountWhoseContentAwaitsReviewIsNotErased() {
        w.report("acct-reporter", "open-p", "acct-reporter explains the post");
        refused("acct-open", Refusal.pending_review);
    }

    @Test
    void anAccountWithAReportOwedToAnAuthorityIsNotErased() throws Exception {
        Map<String, Object> n = Notices.report("threat_to_life", "acct-witness", "threat-p");
        Http.Response r = w.app.platform().postJson("/v1/notices", n);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        w.decide(r.json().at("/items/0/caseId").asText(), Moderators.remove("ToS 1.1"));
        w.awaitDelivered();
        assertThat(w.count("SELECT COUNT(*) FROM safety_task WHERE subject_id = 'threat-p' AND status = 'open'"))
                .isEqualTo(1);
        refused("acct-threat", Refusal.reporting_obligation);
    }

    @Test
    void anAccountWithUndeliveredActionsIsErasedOnceThePlatformHasThem() throws Exception {
        w.simulator.failNext(1_000_000, SimulatorServer.FailureMode.ERROR_500);
        try {
            String caseId = w.report("acct-reporter2", "slow-p", "acct-reporter2 explains the post");
            w.decide(caseId, Moderators.remove("ToS 2.2"));
            refused("acct-slow", Refusal.pending_delivery);
        } finally {
            w.simulator.failNext(0, SimulatorServer.FailureMode.NONE);
        }
        // retries wait on the test clock
        w.clock.advance(Duration.ofMinutes(1));
        w.awaitDelivered();
        Http.Response r = erase("acct-slow");
        assertThat(r.json().get("outcome").asText()).isEqualTo("erased");
        assertThat(refs(Set.of("acct-slow", "slow-p"))).isEmpty();
    }

    @Test
    void malformedAndUnauthorisedRequestsAreAnsweredWithProblemsAndWriteNothing() {
        long before = w.count("SELECT COUNT(*) FROM data_subject_request");
        Http platform = w.app.platform();
        Map<String, String> bad = Map.of(
                "{\"kind\":\"delete\",\"accountId\":\"acct-x\"}", "kind",
                "{\"kind\":\"export\"}", "accountId",
                "{\"kind\":\"export\",\"accountId\":\"has a space\"}", "accountId",
                "{\"kind\":\"export\",\"accountId\":\"acct-x\",\"why\":\"curious\"}", "why",
                "{\"kind\":\"export\",\"accountId\":", "body",
                "[]", "body");
        bad.forEach((body, field) -> {
            Http.Response r = platform.postJson("/v1/privacy/requests", body);
            assertThat(r.status()).as(body + " -> " + r.body()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().at("/errors/0/field").asText()).as(body).contains(field);
        });
        assertThat(platform.post(
                                "/v1/privacy/requests",
                                "text/plain",
                                "kind=export".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .status())
                .isEqualTo(400);
        String huge = "{\"kind\":\"export\",\"accountId\":\"" + "a".repeat(20_000) + "\"}";
        assertThat(platform.postJson("/v1/privacy/requests", huge).status()).isEqualTo(413);
        assertThat(w.app.http()
                        .postJson("/v1/privacy/requests", Map.of("kind", "export", "accountId", "acct-x"))
                        .status())
                .isEqualTo(401);
        Http moderator = w.app.http().session(w.sessions.signIn("mod.nosy", Role.MODERATOR));
        assertThat(moderator
                        .postJson("/v1/privacy/requests", Map.of("kind", "export", "accountId", "acct-x"))
                        .status())
                .isEqualTo(403);
        assertThat(moderator.get("/v1/privacy/requests").status()).isEqualTo(403);
        assertThat(w.count("SELECT COUNT(*) FROM data_subject_request")).isEqualTo(before);
        assertThat(platform.get("/v1/privacy/requests/dsr_nope/export").status())
                .isEqualTo(404);
    }

    @Test
    void aRetriedRequestWithTheSameKeyGetsTheFirstAnswer() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.util.function.Function<String, java.net.http.HttpResponse<String>> send = body -> {
            try {
                return client.send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(w.app.url() + "/v1/privacy/requests"))
                                .header("Authorization", "Bearer " + w.app.platformToken())
                                .header("Content-Type", "application/json")
                                .header("Idempotency-Key", "dsr-key-1")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        String body = "{\"kind\":\"export\",\"accountId\":\"acct-held\"}";
        var first = send.apply(body);
        var again = send.apply(body);
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        String id = JSON.mapper().readTree(first.body()).get("id").asText();
        assertThat(w.count("SELECT COUNT(*) FROM data_subject_request WHERE id = '" + id + "'"))
                .isEqualTo(1);
        assertThat(send.apply("{\"kind\":\"erasure\",\"accountId\":\"acct-held\"}")
                        .statusCode())
                .isEqualTo(409);
    }

    @Test
    void retentionChangesBelowAnInstrumentsFloorAreRefusedAndValidOnesAudited() {
        assertThat(w.legal
                        .putJson("/v1/privacy/retention/content_events", Map.of("period", "P14D", "reason", "x"))
                        .status())
                .as("legal staff may not change retention")
                .isEqualTo(403);
        Map<String, Object> tooShort = Map.of("period", "P1M", "reason", "save space");
        Http.Response r = w.admin.putJson("/v1/privacy/retention/notices", tooShort);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("detail").asText()).contains("at least 6 months (P6M");
        for (Map<String, Object> body : List.<Map<String, Object>>of(
                Map.of("period", "soon", "reason", "x"),
                Map.of("period", "P-3D", "reason", "x"),
                Map.of("period", "PT5H", "reason", "x"),
                Map.of("period", "P14D"),
                Map.of("period", "P200Y", "reason", "x"))) {
            assertThat(w.admin
                            .putJson("/v1/privacy/retention/content_events", body)
                            .status())
                    .as(body.toString())
                    .isEqualTo(400);
        }
        assertThat(w.admin
                        .putJson("/v1/privacy/retention/everything", Map.of("period", "P1D", "reason", "x"))
                        .status())
                .isEqualTo(400);
        assertThat(w.count("SELECT COUNT(*) FROM retention_setting")).isZero();

        Http.Response ok = w.admin.putJson(
                "/v1/privacy/retention/content_events",
                Map.of("period", "P14D", "reason", "events are only needed for detection replays"));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().get("period").asText()).isEqualTo("P14D");
        JsonNode rules = w.admin.get("/v1/privacy/retention").json().get("rules");
        JsonNode events = null;
        for (JsonNode rule : rules) {
            if (rule.get("dataClass").asText().equals("content_events")) {
                events = rule;
            }
        }
        assertThat(events).isNotNull();
        assertThat(events.get("source").asText()).isEqualTo("staff");
        assertThat(events.get("reason").asText()).contains("detection replays");
        assertThat(w.count("SELECT COUNT(*) FROM audit WHERE action = 'retention.set'"))
                .isEqualTo(1);
        Http.Response reset =
                w.admin.postJson("/v1/privacy/retention/content_events/reset", Map.of("reason", "back to the file"));
        assertThat(reset.json().get("period").asText()).isEqualTo("P30D");
        assertThat(reset.json().get("source").asText()).isEqualTo("file");
    }

    @Test
    void holdRequestsThatBreakARuleAreRefusedAndWriteNothing() {
        long before = w.count("SELECT COUNT(*) FROM legal_hold");
        Instant now = w.clock.instant();
        assertThat(w.legal
                        .postJson(
                                "/v1/privacy/holds",
                                Map.of(
                                        "subjectId",
                                        "open-p",
                                        "until",
                                        now.minusSeconds(60).toString(),
                                        "reason",
                                        "x"))
                        .status())
                .isEqualTo(400);
        assertThat(w.legal
                        .postJson(
                                "/v1/privacy/holds",
                                Map.of(
                                        "subjectId",
                                        "open-p",
                                        "until",
                                        now.plus(Duration.ofDays(3 * 365)).toString(),
                                        "reason",
                                        "x"))
                        .status())
                .isEqualTo(400);
        assertThat(w.legal
                        .postJson(
                                "/v1/privacy/holds",
                                Map.of(
                                        "subjectId",
                                        "open-p",
                                        "until",
                                        now.plus(Duration.ofDays(3)).toString()))
                        .status())
                .isEqualTo(400);
        assertThat(w.legal
                        .postJson(
                                "/v1/privacy/holds",
                                Map.of(
                                        "subjectId",
                                        "no-such-post",
                                        "until",
                                        now.plus(Duration.ofDays(3)).toString(),
                                        "reason",
                                        "x"))
                        .status())
                .isEqualTo(404);
        assertThat(w.legal
                        .postJson(
                                "/v1/privacy/holds", Map.of("subjectId", "open-p", "until", "tomorrow", "reason", "x"))
                        .status())
                .isEqualTo(400);
        assertThat(w.legal
                        .postJson("/v1/privacy/holds/lh_nope/release", Map.of("reason", "x"))
                        .status())
                .isEqualTo(404);
        assertThat(w.count("SELECT COUNT(*) FROM legal_hold")).isEqualTo(before);
    }
}
