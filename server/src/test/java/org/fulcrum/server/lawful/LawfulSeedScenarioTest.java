package org.fulcrum.server.lawful;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.lawful.signature.ContentDigest;
import org.fulcrum.server.lawful.signature.HttpSignatures;
import org.fulcrum.server.lawful.signature.Jwk;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The seed cases of SPEC 5, through the HTTP API with signed requests. */
class LawfulSeedScenarioTest {
    static TestApp app;
    static Http legal;
    static Http legal2;
    static Authority france;

    @BeforeAll
    static void start() {
        app = TestApp.sqlite();
        StaffSessions staff = new StaffSessions(app.app());
        legal = app.http().session(staff.signIn("legal.one", Role.LEGAL));
        legal2 = app.http().session(staff.signIn("legal.two", Role.LEGAL));
        france = Authority.register(legal, app.url(), "FR", "Police nationale PHAROS", true);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static void post(String id, String text) {
        assertThat(app.platform()
                        .postJson(
                                "/v1/platform/events",
                                Map.of("events", List.of(Events.post("ev-" + id, id, "chan-" + id, text))))
                        .status())
                .isEqualTo(200);
    }

    static void channel(String id, long audience) {
        Map<String, Object> e = new java.util.LinkedHashMap<>(Events.post("ev-" + id, id, id, "channel " + id));
        e.put("kind", "channel");
        e.remove("containerId");
        e.put("audience", audience);
        assertThat(app.platform()
                        .postJson("/v1/platform/events", Map.of("events", List.of(e)))
                        .status())
                .isEqualTo(200);
    }

    static JsonNode subject(String id) {
        return app.platform().get("/v1/platform/subjects/" + id).json();
    }

    @Test
    void frenchTcoOrderForKnownTerroristContentIsEnforcedAndPreservedSixMonths() {
        post("tco-warm-up", "terrorist propaganda video, first copy");
        post("tco-post-1", "terrorist propaganda video");
        assertThat(france.submit(Orders.tco("TCO-2026-0000", "FR", "tco-warm-up"))
                        .status())
                .isEqualTo(201);
        long outboxBefore = app.count("outbox");
        Instant sent = Instant.now();
        Authority.Response r = france.submit(Orders.tco("TCO-2026-0001", "FR", "tco-post-1"));
        long millis = Duration.between(sent, Instant.now()).toMillis();
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode body = r.json();
        assertThat(body.get("status").asText()).isEqualTo("completed");
        assertThat(body.get("outcome").asText()).isEqualTo("comply");
        assertThat(body.get("explanation").asText()).contains("globally-illegal");
        assertThat(body.at("/clock/rule").asText()).contains("1 hour");
        assertThat(millis).as("order to enforcement").isLessThan(1000);
        JsonNode s = subject("tco-post-1");
        assertThat(s.at("/state/visibility").asText()).isEqualTo("removed");
        Instant hold = Instant.parse(s.at("/state/holdUntil").asText());
        assertThat(hold)
                .isAfter(Instant.now().plus(Duration.ofDays(180)))
                .isBefore(Instant.now().plus(Duration.ofDays(185)));
        String id = body.get("id").asText();
        // the order's two enforcement deliveries; user notices travel the same outbox on their own clock
        assertThat(app.queryLong("SELECT COUNT(*) FROM outbox o JOIN enforcement_action a ON a.id = o.action_id "
                        + "WHERE a.origin_ref = '" + id + "'"))
                .isEqualTo(2);
        assertThat(app.count("outbox") - outboxBefore).isBetween(2L, 4L);
        long receiptToOutbox = app.queryLong("SELECT MAX(o.created_at) - MIN(r.received_at) FROM outbox o "
                + "JOIN enforcement_action a ON a.id = o.action_id JOIN lawful_request r ON r.id = a.origin_ref "
                + "WHERE r.id = '" + id + "'");
        assertThat(receiptToOutbox).as("receipt to outbox commit, ms").isBetween(0L, 999L);
        // the answer is signed by Fulcrum's answer key, published in the point of contact
        JsonNode contact = app.http().get("/.well-known/fulcrum/contact.json").json();
        Jwk answerKey = Jwk.publicKey(Jwk.ED25519, contact.at("/answerKeys/0/x").asText());
        HttpSignatures.Input sig = HttpSignatures.parse(
                r.raw().headers().firstValue("Signature-Input").orElseThrow(),
                r.raw().headers().firstValue("Signature").orElseThrow());
        String digest = r.raw().headers().firstValue("Content-Digest").orElseThrow();
        assertThat(ContentDigest.check(digest, r.body().getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(ContentDigest.Check.MATCH);
        // over the status, the body and the signature of the request it answers (RFC 9421 section 2.4)
        assertThat(sig.components()).containsExactly("@status", "content-digest", "signature");
        String base = "\"@status\": 201\n\"content-digest\": " + digest + "\n\"signature\";req;key=\"sig1\": "
                + france.lastSignature.substring("sig1=".length()) + "\n\"@signature-params\": "
                + sig.serializedParams();
        assertThat(HttpSignatures.verify(answerKey.publicBytes(), base, sig.signature()))
                .isTrue();
        // received and decided, in the transparency log
        assertThat(app.queryLong(
                        "SELECT COUNT(*) FROM log_entry WHERE kind IN ('request_received', 'request_decided')"))
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void requestForEncryptionKeysIsRefusedByPrincipleNoKeysFromAnyJurisdiction() {
        Authority russia = Authority.register(legal, app.url(), "RU", "FSB", true);
        Authority.Response ru = russia.submit(Orders.keys("RU-KEYS-1", "RU"));
        assertThat(ru.status()).as(ru.body()).isEqualTo(201);
        assertThat(ru.json().get("status").asText()).isEqualTo("refused");
        assertThat(ru.json().get("principle").asText()).isEqualTo("no-keys");
        assertThat(ru.json().get("explanation").asText()).contains("Principle 1 (No keys)");
        Authority.Response fr = france.submit(Orders.keys("FR-KEYS-1", "FR"));
        assertThat(fr.json().get("principle").asText()).isEqualTo("no-keys");
    }

    @Test
    void blockingAPeacefulProtestChannelIsRefusedByPeacefulExpression() {
        channel("protest-channel", 50_000);
        Authority iran = Authority.register(legal, app.url(), "IR", "Cyber police FATA", true);
        Authority.Response r = iran.submit(Orders.generic(
                "IR-BLOCK-7", "IR", "block_container", "anti_state_propaganda", List.of("protest-channel")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("status").asText()).isEqualTo("in_review");
        assertThat(r.json().get("outcome").asText()).isEqualTo("escalate");
        assertThat(r.json().get("explanation").asText()).contains("finding-needed");
        String id = r.json().get("id").asText();
        Http.Response found = legal.postJson(
                "/v1/lawful/review/" + id + "/findings",
                Map.of(
                        "subjectId",
                        "protest-channel",
                        "finding",
                        "protest",
                        "why",
                        "Announcements of peaceful marches; no calls to violence"));
        assertThat(found.status()).as(found.body()).isEqualTo(200);
        assertThat(found.json().get("status").asText()).isEqualTo("refused");
        JsonNode status = iran.status(id).json();
        assertThat(status.get("principle").asText()).isEqualTo("peaceful-expression");
        assertThat(status.get("explanation").asText()).contains("Principle 2 (Peaceful expression)");
        assertThat(subject("protest-channel").at("/state/visibility").asText()).isEqualTo("visible");
    }

    @Test
    void theSameRemovalRequestFromTwoJurisdictionsGetsTheSameOutcome() {
        post("same-post", "recruitment for a terrorist organisation");
        Authority uk = Authority.register(legal, app.url(), "GB", "Counter Terrorism Internet Referral Unit", true);
        Authority.Response fromGb =
                uk.submit(Orders.generic("GB-1", "GB", "remove_content", "terrorism", List.of("same-post")));
        Authority.Response fromFr =
                france.submit(Orders.generic("FR-1", "FR", "remove_content", "terrorism", List.of("same-post")));
        assertThat(fromGb.json().get("outcome").asText()).isEqualTo("comply");
        assertThat(fromFr.json().get("outcome").asText()).isEqualTo("comply");
        JsonNode gb = legal.get("/v1/lawful/review/" + fromGb.json().get("id").asText())
                .json();
        JsonNode fr = legal.get("/v1/lawful/review/" + fromFr.json().get("id").asText())
                .json();
        JsonNode gbOutcome = gb.at("/decisions/0/evaluation/outcome");
        JsonNode frOutcome = fr.at("/decisions/0/evaluation/outcome");
        assertThat(gbOutcome).isEqualTo(frOutcome);
        // the enhanced-review tier of GB changes the process only: a person executes it
        assertThat(fromGb.json().get("status").asText()).isEqualTo("in_review");
        assertThat(fromFr.json().get("status").asText()).isEqualTo("completed");
    }

    @Test
    void aLocallyIllegalItemIsGeoRestrictedNotRemoved() {
        post("symbol-post", "a post showing a banned symbol");
        Authority germany = Authority.register(legal, app.url(), "DE", "Bundeskriminalamt", true);
        assertThat(legal.postJson(
                                "/v1/policy/findings",
                                Map.of(
                                        "subjectId",
                                        "symbol-post",
                                        "finding",
                                        "none",
                                        "why",
                                        "Display of the symbol without political commentary"))
                        .status())
                .isEqualTo(201);
        Authority.Response r = germany.submit(
                Orders.generic("DE-86A-1", "DE", "remove_content", "unconstitutional_symbols", List.of("symbol-post")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("outcome").asText()).isEqualTo("comply_in_part");
        assertThat(r.json().get("status").asText()).isEqualTo("completed");
        JsonNode s = subject("symbol-post");
        assertThat(s.at("/state/visibility").asText()).isEqualTo("visible");
        assertThat(s.at("/state/restrictedCountries/0").asText()).isEqualTo("DE");
        assertThat(s.at("/state/restrictedCountries").size()).isEqualTo(1);
    }

    @Test
    void aRestrictedTierChangesTheProcessNotTheOutcome() {
        post("tr-post", "recruitment video for a terrorist group");
        Authority turkey = Authority.register(legal, app.url(), "TR", "Emniyet Genel Mudurlugu", true);
        Authority.Response r =
                turkey.submit(Orders.generic("TR-1", "TR", "remove_content", "terrorism", List.of("tr-post")));
        assertThat(r.json().get("outcome").asText()).isEqualTo("comply");
        assertThat(r.json().get("status").asText()).isEqualTo("awaiting_callback");
        String id = r.json().get("id").asText();
        Http.Response early = legal.postJson("/v1/lawful/review/" + id + "/execute", Map.of("reason", "urgent"));
        assertThat(early.status()).isEqualTo(409);
        Http.Response cb = legal.postJson(
                "/v1/lawful/review/" + id + "/callback",
                Map.of("contact", turkey.agencyPhone, "confirmed", true, "note", "Duty desk confirmed the order"));
        assertThat(cb.json().get("status").asText()).isEqualTo("awaiting_approval");
        Http.Response first = legal.postJson("/v1/lawful/review/" + id + "/execute", Map.of("reason", "checked"));
        assertThat(first.json().get("status").asText()).isEqualTo("awaiting_approval");
        assertThat(subject("tr-post").at("/state/visibility").asText()).isEqualTo("visible");
        Http.Response second = legal2.postJson("/v1/lawful/review/" + id + "/execute", Map.of("reason", "agree"));
        assertThat(second.json().get("status").asText()).as(second.body()).isEqualTo("completed");
        assertThat(subject("tr-post").at("/state/visibility").asText()).isEqualTo("removed");
    }
}
