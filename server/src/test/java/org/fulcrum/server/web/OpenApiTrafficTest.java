package org.fulcrum.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.TransparencyModule;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.lawful.signature.HttpSignatures;
import org.fulcrum.server.lawful.signature.Jwk;
import org.fulcrum.server.simulator.E2eChats;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.Moderators;
import org.fulcrum.server.support.Notices;
import org.fulcrum.server.support.OpenApiContract;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real API traffic against the published {@code /openapi.json}: ingest, notices, review, the signed
 * lawful API, the log, reports and franked E2E reports, answered with success and with problems.
 * Every request and answer must be documented: the operation, the status, the content type, and a
 * body that the document's JSON Schema (2020-12, networknt's validator) accepts.
 */
class OpenApiTrafficTest {
    private static final Json JSON = Json.strict();

    static TestApp app;
    static OpenApiContract contract;
    static Http platform;
    static Http anonymous;
    static Http moderator;
    static Http admin;
    static Http legal;

    @BeforeAll
    static void start() {
        app = TestApp.sqlite();
        contract = new OpenApiContract(app.http().get("/openapi.json").json());
        platform = app.platform().checkedBy(contract);
        anonymous = app.http().checkedBy(contract);
        StaffSessions sessions = new StaffSessions(app.app());
        moderator = app.http()
                .session(sessions.signIn("traffic.mod", Role.MODERATOR))
                .checkedBy(contract);
        admin = app.http().session(sessions.signIn("traffic.admin", Role.ADMIN)).checkedBy(contract);
        legal = app.http().session(sessions.signIn("traffic.legal", Role.LEGAL)).checkedBy(contract);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void everyExchangeOfARepresentativeSessionIsDocumented() throws Exception {
        ingestAndNotices();
        review();
        lawful();
        logAndReports();
        e2eReports();

        assertThat(contract.mismatches())
                .as("exchanges the document does not describe")
                .isEmpty();
        assertThat(contract.checked())
                .as("operations and statuses exercised")
                .hasSizeGreaterThan(40)
                .anyMatch(c -> c.endsWith(" 400"))
                .anyMatch(c -> c.endsWith(" 401"))
                .anyMatch(c -> c.endsWith(" 403"))
                .anyMatch(c -> c.endsWith(" 404"))
                .anyMatch(c -> c.endsWith(" 422"));
    }

    @Test
    void theContractCatchesAnUndocumentedStatusAndABodyThatDoesNotMatch() {
        JsonNode doc = app.http().get("/openapi.json").json();
        OpenApiContract fresh = new OpenApiContract(doc);

        assertThat(fresh.check("GET", "/v1/notices/n_1", null, 302, "text/html", ""))
                .singleElement()
                .asString()
                .contains("status not documented");
        assertThat(fresh.check(
                        "POST",
                        "/v1/notices/e2e",
                        null,
                        201,
                        "application/json",
                        "{\"subjectId\":7,\"duplicate\":false,\"logIndex\":1}"))
                .hasSize(2)
                .anyMatch(m -> m.contains("/subjectId"))
                .anyMatch(m -> m.contains("reportId"));
        assertThat(fresh.check("POST", "/v1/notices/e2e", null, 422, "application/json", "{}"))
                .singleElement()
                .asString()
                .contains("content type application/json not documented");
        assertThat(fresh.check("GET", "/v1/nowhere", null, 200, "application/json", "{}"))
                .singleElement()
                .asString()
                .contains("no documented operation");
        assertThat(fresh.check(
                        "GET",
                        "/v1/notices/n_1",
                        null,
                        404,
                        "application/problem+json",
                        "{\"type\":\"https://fulcrum.dev/problems/not-found\",\"title\":\"Not found\",\"status\":404,"
                                + "\"detail\":\"no notice n_1\",\"errors\":[]}"))
                .isEmpty();
    }

    static void ingestAndNotices() {
        Http.Response ingest = platform.postJson(
                "/v1/platform/events",
                Map.of(
                        "events",
                        List.of(
                                Events.post("ev-oa-1", "oa-post-1", "oa-channel", "cheap pills here"),
                                Events.post("ev-oa-2", "oa-post-2", "oa-channel", "hello"))));
        assertThat(ingest.status()).as(ingest.body()).isBetween(200, 202);
        platform.postJson("/v1/platform/events", "{\"events\":\"none\"}");
        anonymous.postJson("/v1/platform/events", Map.of("events", List.of()));
        platform.get("/v1/platform/subjects/oa-post-1");
        platform.get("/v1/platform/subjects/no-such-post");

        Http.Response notice = platform.postJson("/v1/notices", Notices.report("scam", "oa-reporter", "oa-post-1"));
        assertThat(notice.status()).as(notice.body()).isBetween(200, 202);
        platform.postJson("/v1/notices", Map.of("reason", "scam"));
        platform.postJson(
                "/v1/notices/batch",
                Map.of("notices", List.of(Notices.report("hate_speech", "oa-reporter-2", "oa-post-2"))));
        moderator.get("/v1/notices");
        moderator.get("/v1/notices/" + notice.json().get("trackingId").asText());
        moderator.get("/v1/notices/n_missing");
    }

    static void review() {
        Http.Response notice = platform.postJson("/v1/notices", Notices.report("scam", "oa-reporter-3", "oa-post-2"));
        String caseId = notice.json().at("/items/0/caseId").asText();
        moderator.get("/v1/review/queues");
        moderator.get("/v1/review/cases/" + caseId);
        moderator.postJson("/v1/review/cases/" + caseId + "/decision", Moderators.remove("Scams 1.1"));
        assertThat(moderator
                        .send("POST", "/v1/review/cases/" + caseId + "/claim", Map.of(), null)
                        .status())
                .isEqualTo(200);
        Http.Response decided =
                moderator.postJson("/v1/review/cases/" + caseId + "/decision", Moderators.remove("Scams 1.1"));
        assertThat(decided.status()).as(decided.body()).isEqualTo(201);
        String decisionId = decided.json()
                .path("id")
                .asText(decided.json().path("decisionId").asText());
        moderator.get("/v1/review/decisions/" + decisionId);
        moderator.get("/v1/review/cases/" + caseId);
        moderator.get("/v1/sor/" + decisionId);
        Http.Response appeal = platform.postJson(
                "/v1/appeals",
                Map.of(
                        "decisionId",
                        decisionId,
                        "appellant",
                        "notifier",
                        "accountId",
                        "oa-reporter-3",
                        "explanation",
                        "It is a scam indeed, but more remains"));
        moderator.get("/v1/appeals");
        moderator.get("/v1/appeals/" + appeal.json().path("id").asText("ap_missing"));
        platform.postJson(
                "/v1/appeals",
                Map.of(
                        "decisionId",
                        "dec_missing",
                        "appellant",
                        "notifier",
                        "accountId",
                        "oa-reporter-3",
                        "explanation",
                        "no such decision"));
        moderator.get("/v1/review/alerts");
        moderator.get("/v1/review/accounts/oa-author/strikes");
        moderator.get("/v1/detection/rules");
        moderator.get("/v1/banks");
        admin.get("/v1/admin/tokens");
        admin.get("/v1/admin/staff");
        admin.get("/v1/admin/sessions");
        moderator.get("/v1/policy/findings/oa-post-1");
        admin.get("/v1/flaggers");
        admin.get("/v1/privacy/retention");
        anonymous.get("/healthz");
        anonymous.get("/readyz");
        moderator.get("/v1/review/cases/case_missing");
        anonymous.get("/v1/review/queues");
    }

    static void lawful() {
        Http.Response agency = legal.postJson(
                "/v1/lawful/agencies",
                Map.of(
                        "name",
                        "Traffic Police",
                        "country",
                        "FR",
                        "kind",
                        "police",
                        "jurisdictions",
                        List.of("FR"),
                        "contactPhone",
                        "+33 1 00 00 00 01",
                        "contactEmail",
                        "desk@fr.police.example"));
        assertThat(agency.status()).as(agency.body()).isEqualTo(201);
        String agencyId = agency.json().get("id").asText();
        Http.Response officer = legal.postJson(
                "/v1/lawful/officers",
                Map.of(
                        "agencyId",
                        agencyId,
                        "name",
                        "Officer Traffic",
                        "email",
                        "traffic.officer@police.example",
                        "phone",
                        "+33 6 00 00 00 00",
                        "username",
                        "traffic.officer",
                        "password",
                        "officer-password-traffic"));
        assertThat(officer.status()).as(officer.body()).isEqualTo(201);
        String officerId = officer.json().get("id").asText();
        legal.postJson("/v1/lawful/agencies/" + agencyId + "/verify", Map.of("how", "called the switchboard"));
        legal.postJson("/v1/lawful/officers/" + officerId + "/verify", Map.of("how", "video call with badge"));
        Jwk signing = Jwk.newEd25519();
        legal.postJson(
                "/v1/lawful/officers/" + officerId + "/keys", Map.of("purpose", "sign", "publicKey", signing.x()));
        legal.postJson(
                "/v1/lawful/officers/" + officerId + "/keys",
                Map.of("purpose", "encrypt", "publicKey", Jwk.newX25519().x()));
        legal.get("/v1/lawful/agencies");
        legal.get("/v1/lawful/agencies/" + agencyId + "/officers");
        legal.get("/v1/lawful/rejections");
        legal.get("/v1/lawful/officers/" + officerId);
        anonymous.get("/.well-known/fulcrum/contact.json");

        Map<String, Object> order = new LinkedHashMap<>();
        order.put("reference", "TCO-TRAFFIC-1");
        order.put("instrument", "tco_removal_order");
        order.put("kind", "remove_content");
        order.put("jurisdiction", "FR");
        order.put("issuingAuthority", "Office central de lutte contre la criminalité liée aux TIC");
        order.put("issuedAt", Instant.now().minusSeconds(60).toString());
        order.put("reasons", "Video glorifying a terrorist attack, Art. 2(7)(a) of Regulation (EU) 2021/784");
        order.put("category", "terrorism");
        order.put(
                "targets",
                List.of(Map.of("locator", "https://messenger.example/p/oa-post-1", "subjectId", "oa-post-1")));
        order.put("contactPoint", "pharos@interieur.example, +33 1 00 00 00 00");
        String body = JSON.write(order);
        Http.Response submitted = anonymous.send(
                "POST", "/v1/lawful/requests", signed(signing, "POST", "/v1/lawful/requests", body), body);
        assertThat(submitted.status()).as(submitted.body()).isBetween(200, 202);
        String id = submitted
                .json()
                .path("id")
                .asText(submitted.json().path("requestId").asText());
        Http.Response status = anonymous.send(
                "GET", "/v1/lawful/requests/" + id, signed(signing, "GET", "/v1/lawful/requests/" + id, null), null);
        assertThat(status.status()).as(status.body()).isBetween(200, 299);
        anonymous.postJson("/v1/lawful/requests", body);
        legal.get("/v1/lawful/review");
        legal.get("/v1/lawful/review/" + id);
    }

    static Map<String, String> signed(Jwk key, String method, String path, String body) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        HttpSignatures.Signed s = HttpSignatures.signRequest(
                key, method, app.url() + path, bytes, Instant.now().getEpochSecond(), HttpSignatures.newNonce());
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Digest", s.contentDigest());
        h.put("Signature-Input", s.signatureInput());
        h.put("Signature", s.signature());
        return h;
    }

    static void logAndReports() {
        app.app().module(TransparencyModule.class).checkpointer().checkpoint();
        anonymous.get("/log/checkpoint");
        anonymous.get("/log/key");
        anonymous.get("/v1/log/entries/0");
        anonymous.get("/v1/log/entries/999999");
        anonymous.get("/log/tile/0/000.p/1");
        anonymous.get("/log/tile/0/999");
        anonymous.get("/v1/log/proof/inclusion?index=0&size=1");
        anonymous.get("/v1/log/proof/consistency?from=1&to=1");
        anonymous.get("/v1/reports/transparency.json");
        anonymous.get("/v1/reports/moderation.json");
        anonymous.get("/v1/reports/moderation.csv");
        anonymous.get("/v1/reports/lawful.json");
    }

    static void e2eReports() throws Exception {
        E2eChats chats = new E2eChats("relay-traffic", Clock.systemUTC());
        admin.postJson(
                "/v1/admin/relay-keys",
                Map.of(
                        "keyId",
                        chats.relayKeyId(),
                        "publicKey",
                        chats.relayPublicKey(),
                        "notBefore",
                        Instant.now().minusSeconds(60).toString()));
        admin.postJson("/v1/admin/relay-keys", Map.of("keyId", "bad", "publicKey", "AAAA"));
        admin.get("/v1/admin/relay-keys");
        String report = chats.sendAndReport("oa-sender", "oa-victim", "oa-dm", "I know where you live.");
        e2e("oa-victim", report);
        e2e("oa-victim", report);
        e2e("oa-bystander", report);
        ObjectNode forged = (ObjectNode) JSON.mapper().readTree(report);
        forged.put("sender_id", "oa-innocent");
        e2e("oa-victim", forged.toString());
    }

    static Http.Response e2e(String reporter, String reportJson) throws Exception {
        ObjectNode body = JSON.mapper().createObjectNode();
        body.put("reporterId", reporter);
        body.put("reason", "threat_to_life");
        body.set("report", JSON.mapper().readTree(reportJson));
        return platform.postJson("/v1/notices/e2e", body.toString());
    }
}
