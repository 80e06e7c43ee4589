package org.fulcrum.server.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fulcrum.server.support.Await.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.pdq.PdqHash;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.DeliveryModule;
import org.fulcrum.server.DetectionModule;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.platform.ContentEvent;
import org.fulcrum.server.simulator.SimulatorServer;
import org.fulcrum.server.support.Await;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.Moderators;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hash banks end to end: events with banked media become cases or removals; allow banks suppress them. */
class BankMatchingTest {
    private static final Json JSON = Json.strict();

    static final String SECRET = "whsec_detect";
    static final String PDQ = "f8f8f0cee0f4a84f06370a22038f67f0b36e2ed596221e1d33e6b39c4e9c9b22";
    static final String MD5 = "0cc175b9c0f1b6a831c399e269772661";
    static final String SHA = "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb";

    SimulatorServer simulator;
    TestApp app;
    Http staff;

    @BeforeEach
    void start() throws Exception {
        simulator = new SimulatorServer(SECRET, 0, JSON).start();
        app = TestApp.sqlite(c -> c.withWebhook(simulator.webhookUrl(), SECRET)
                .withOutboxTiming(Duration.ofSeconds(1), Duration.ofSeconds(2))
                .withRateLimits(0, 0));
        staff = new Moderators(app).admin("dana");
        app.platform().postJson("/v1/platform/events", Events.of(List.of(Events.account("acct-x", "DE", "de"))));
    }

    @AfterEach
    void stop() {
        app.close();
        simulator.close();
    }

    static Map<String, Object> bank(String name, String kind, String policy, String reason) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("name", name);
        b.put("kind", kind);
        if (policy != null) {
            b.put("policy", policy);
            b.put("reason", reason);
        }
        return b;
    }

    String createBank(Map<String, Object> spec) {
        Http.Response r = staff.postJson("/v1/banks", spec);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    void addHash(String bankId, String hash, String type, String label) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("hash", hash);
        h.put("type", type);
        h.put("label", label);
        Http.Response r = staff.postJson("/v1/banks/" + bankId + "/hashes", Map.of("hashes", List.of(h)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("changed").asInt()).isEqualTo(1);
    }

    /** Posts a post with one media item and waits until detection has scanned it. */
    void postWithMedia(String postId, Map<String, Object> media) throws InterruptedException {
        Map<String, Object> e = Events.post("ev-" + postId, postId, "chan-1", "look at this");
        e.put("authorId", "acct-x");
        e.put("media", List.of(media));
        simulator.published(postId, "chan-1", "look at this");
        Http.Response r = app.platform().postJson("/v1/platform/events", Events.of(List.of(e)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(app.detectionIdle(10_000)).isTrue();
    }

    static String flip(String hex, int bits) {
        PdqHash h = PdqHash.fromHex(hex);
        for (int k = 0; k < bits; k++) {
            h = h.flip(k * 7);
        }
        return h.toHex();
    }

    JsonNode matches(String subject) {
        return staff.get("/v1/detection/matches?subject=" + subject).json();
    }

    void awaitDelivered() {
        await(
                "every action is delivered",
                Duration.ofSeconds(15),
                () -> app.app().module(DeliveryModule.class).outbox().counts().pending() == 0,
                () -> app.app().module(DeliveryModule.class).outbox().pending(10));
    }

    @Test
    void aNearDuplicateOfABankedPdqHashOpensACaseFromAutomatedDetection() throws Exception {
        String bank = createBank(bank("scam-images", "block", "review", "scam"));
        addHash(bank, PDQ, "pdq", "series-7");
        postWithMedia("p-1", Map.of("mediaId", "m-1", "pdq", flip(PDQ, 9)));

        JsonNode m = matches("p-1");
        assertThat(m).hasSize(1);
        assertThat(m.at("/0/detectorName").asText()).isEqualTo("scam-images");
        assertThat(m.at("/0/distance").asInt()).isEqualTo(9);
        assertThat(m.at("/0/evidence/label").asText()).isEqualTo("series-7");
        assertThat(m.at("/0/evidence/hash").asText()).isEqualTo(PDQ);
        assertThat(m.at("/0/evidence/mediaId").asText()).isEqualTo("m-1");
        assertThat(m.at("/0/outcome").asText()).isEqualTo("noticed");
        String noticeId = m.at("/0/ref").asText();
        assertThat(app.queryString("SELECT source FROM notice WHERE id = '" + noticeId + "'"))
                .isEqualTo("detection");
        assertThat(app.queryString("SELECT submitter FROM notice WHERE id = '" + noticeId + "'"))
                .isEqualTo("detection:bank:scam-images");
        assertThat(app.queryString("SELECT explanation FROM notice WHERE id = '" + noticeId + "'"))
                .contains("distance 9")
                .contains("series-7");
        assertThat(app.queryString("SELECT source FROM review_case WHERE subject_id = 'p-1' AND status = 'open'"))
                .isEqualTo("detection");
        assertThat(staff.get("/v1/banks/" + bank).json().get("hits").asLong()).isEqualTo(1);
    }

    @Test
    void aHashBeyondTheThresholdDoesNotMatch() throws Exception {
        String bank = createBank(bank("scam-images", "block", "review", "scam"));
        addHash(bank, PDQ, "pdq", "series-7");
        postWithMedia("p-far", Map.of("pdq", flip(PDQ, 32)));
        assertThat(matches("p-far")).isEmpty();
        assertThat(app.count("review_case")).isZero();
    }

    @Test
    void aRemovePolicyRemovesByAnAutomatedDecisionThatReachesThePlatform() throws Exception {
        String bank = createBank(bank("known-spam", "block", "remove", "spam"));
        addHash(bank, MD5, "md5", "campaign-12");
        postWithMedia("p-2", Map.of("md5", MD5));

        JsonNode m = matches("p-2");
        assertThat(m.at("/0/outcome").asText()).isEqualTo("removed");
        String decisionId = m.at("/0/ref").asText();
        assertThat(app.queryString("SELECT automated_decision FROM review_decision WHERE id = '" + decisionId + "'"))
                .isEqualTo("AUTOMATED_DECISION_FULLY");
        assertThat(app.queryLong("SELECT automated_detection FROM review_decision WHERE id = '" + decisionId + "'"))
                .isEqualTo(1);
        assertThat(app.queryString("SELECT visibility FROM subject WHERE id = 'p-2'"))
                .isEqualTo("removed");
        awaitDelivered();
        assertThat(simulator.visible("p-2", "DE")).isFalse();
        JsonNode statement = simulator.messages("p-2").getFirst();
        assertThat(statement.get("message").asText()).isEqualTo("statement_of_reasons");
        assertThat(statement.at("/statement/automated_decision").asText()).isEqualTo("AUTOMATED_DECISION_FULLY");
        assertThat(statement.at("/statement/automated_detection").asText()).isEqualTo("Yes");
        assertThat(statement.at("/statement/decision_facts").asText()).contains("known-spam");
    }

    @Test
    void removePreserveReportHoldsTheItemAndReportsItOnThePriorityLane() throws Exception {
        Map<String, Object> spec = bank("known-csam", "block", "remove_preserve_report", "csam");
        spec.put("preserveDays", 180);
        String bank = createBank(spec);
        addHash(bank, SHA, "sha256", "hotline-ref-1");
        postWithMedia("p-3", Map.of("sha256", SHA));

        JsonNode m = matches("p-3");
        assertThat(m.at("/0/outcome").asText()).isEqualTo("removed_reported");
        assertThat(app.queryString("SELECT visibility FROM subject WHERE id = 'p-3'"))
                .isEqualTo("removed");
        long hold = app.queryLong("SELECT hold_until FROM subject WHERE id = 'p-3'");
        assertThat(Instant.ofEpochMilli(hold)).isAfter(Instant.now().plus(Duration.ofDays(179)));
        assertThat(app.queryLong("SELECT lane FROM review_case WHERE subject_id = 'p-3'"))
                .isEqualTo(1);
        assertThat(app.queryLong("SELECT severity FROM review_case WHERE subject_id = 'p-3'"))
                .isEqualTo(1);
        assertThat(app.queryLong("SELECT COUNT(*) FROM safety_task WHERE subject_id = 'p-3'"))
                .isPositive();
        awaitDelivered();
        assertThat(simulator.visible("p-3", "DE")).isFalse();
        // the reviewer who opens the case is told what was already done, and by which decision
        String caseId = app.queryString("SELECT id FROM review_case WHERE subject_id = 'p-3'");
        String decisionId = app.queryString("SELECT id FROM review_decision WHERE subject_id = 'p-3'");
        assertThat(staff.get("/console/cases/" + caseId).body())
                .contains("id=\"automated-decision\"")
                .contains("already acted on this post by a fully automated decision")
                .contains("href=\"/console/decisions/" + decisionId + "\"");
    }

    @Test
    void anAllowBankSuppressesAKnownFalsePositive() throws Exception {
        String block = createBank(bank("scam-images", "block", "remove", "scam"));
        addHash(block, PDQ, "pdq", "series-7");
        String allow = createBank(bank("false-positives", "allow", null, null));
        addHash(allow, flip(PDQ, 3), "pdq", "stock photo");
        postWithMedia("p-4", Map.of("pdq", flip(PDQ, 4)));

        JsonNode m = matches("p-4");
        assertThat(m).hasSize(1);
        assertThat(m.at("/0/outcome").asText()).isEqualTo("suppressed");
        assertThat(m.at("/0/evidence/allowedBy").asText()).isEqualTo("false-positives");
        assertThat(app.queryString("SELECT visibility FROM subject WHERE id = 'p-4'"))
                .isEqualTo("visible");
        assertThat(app.count("review_decision")).isZero();
        assertThat(app.app().module(DeliveryModule.class).outbox().counts().pending())
                .isZero();
    }

    @Test
    void aDisabledBankDoesNotMatchUntilEnabled() throws Exception {
        Map<String, Object> spec = bank("scam-images", "block", "review", "scam");
        spec.put("enabled", false);
        String bank = createBank(spec);
        addHash(bank, PDQ, "pdq", "series-7");
        postWithMedia("p-5", Map.of("pdq", PDQ));
        assertThat(matches("p-5")).isEmpty();

        spec.put("enabled", true);
        assertThat(staff.putJson("/v1/banks/" + bank, spec).status()).isEqualTo(200);
        postWithMedia("p-6", Map.of("pdq", PDQ));
        assertThat(matches("p-6")).hasSize(1);
    }

    @Test
    void aNewlyAddedHashMatchesNewContentWithinOneSecond() throws Exception {
        String bank = createBank(bank("scam-images", "block", "review", "scam"));
        ContentEvent.MediaRef media = new ContentEvent.MediaRef(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(flip(PDQ, 2)));
        assertThat(app.app()
                        .module(DetectionModule.class)
                        .detection()
                        .bankIndex()
                        .match(media))
                .isEmpty();
        addHash(bank, PDQ, "pdq", "new");
        Await.await(
                "the new hash matches on this node",
                Duration.ofSeconds(1),
                () -> !app.app()
                        .module(DetectionModule.class)
                        .detection()
                        .bankIndex()
                        .match(media)
                        .isEmpty());
        postWithMedia("p-7", Map.of("pdq", flip(PDQ, 2)));
        assertThat(matches("p-7")).hasSize(1);
    }

    @Test
    void everyBankChangeIsAudited() {
        String bank = createBank(bank("scam-images", "block", "review", "scam"));
        addHash(bank, PDQ, "pdq", "series-7");
        staff.postJson(
                "/v1/banks/" + bank + "/hashes/remove",
                Map.of("hashes", List.of(Map.of("hash", PDQ)), "reason", "false positive"));
        Map<String, Object> spec = bank("scam-images-2", "block", "remove", "scam");
        staff.putJson("/v1/banks/" + bank, spec);
        assertThat(staff.delete("/v1/banks/" + bank + "?reason=retired").status())
                .isEqualTo(204);
        assertThat(app.queryLong("SELECT COUNT(*) FROM audit WHERE target = 'bank:" + bank + "' AND action IN "
                        + "('bank.create', 'bank.hashes.add', 'bank.hashes.remove', 'bank.update', 'bank.delete')"))
                .isEqualTo(5);
        assertThat(app.queryString("SELECT details FROM audit WHERE action = 'bank.hashes.remove'"))
                .contains("pdq:" + PDQ);
        assertThat(staff.get("/v1/banks/" + bank).status()).isEqualTo(404);
    }

    @Test
    void onlyStaffAndHashSharingTokensReachBanks() {
        assertThat(app.platform().get("/v1/banks").status()).isEqualTo(403);
        assertThat(app.http().get("/v1/banks").status()).isEqualTo(401);
        String token = app.app()
                .module(AuthModule.class)
                .tokens()
                .issue("test", org.fulcrum.server.core.Role.HASH_SHARING, "programme", "sync")
                .secret();
        Http sync = app.http().bearer(token);
        assertThat(sync.get("/v1/banks").status()).isEqualTo(200);
        assertThat(sync.postJson("/v1/banks", bank("x", "block", "review", "scam"))
                        .status())
                .isEqualTo(403);
    }
}
