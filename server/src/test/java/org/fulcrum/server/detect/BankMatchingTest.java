package org.fulcrum.server.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fulcrum.server.support.Await.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hash banks end to end: events with banked media become cases or removals; allow banks suppress them. */
class BankMatchingTest {
    private static final Json JSON = Json.strict();

    static final String SECRET = "whsec_detect";
    static SimulatorServer simulator;
    static TestApp app;
    static Http staff;
    static int runs;

    /**
     * This test's hashes, bank names, author and posts. Banks match every later event, so each test
     * banks hashes of its own: random PDQ hashes lie about 128 bits apart, far past any threshold.
     */
    String pdq;

    String md5;
    String sha;
    String p;
    String author;

    /** One platform, app and admin for the class. */
    @BeforeAll
    static void start() throws Exception {
        simulator = new SimulatorServer(SECRET, 0, JSON).start();
        app = TestApp.sqlite(c -> c.withWebhook(simulator.webhookUrl(), SECRET)
                .withOutboxTiming(Duration.ofSeconds(1), Duration.ofSeconds(2))
                .withRateLimits(0, 0));
        staff = new Moderators(app).admin("dana");
    }

    @AfterAll
    static void stop() {
        app.close();
        simulator.close();
    }

    @BeforeEach
    void hashesAndAnAuthor() {
        int n = ++runs;
        Random random = new Random(n);
        pdq = hex(random, 32);
        md5 = hex(random, 16);
        sha = hex(random, 32);
        p = "bm" + n + "-";
        author = p + "acct-x";
        app.platform().postJson("/v1/platform/events", Events.of(List.of(Events.account(author, "DE", "de"))));
    }

    static String hex(Random random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** A bank name of this test's. */
    String n(String name) {
        return p + name;
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
        postId = p + postId;
        Map<String, Object> e = Events.post("ev-" + postId, postId, "chan-1", "look at this");
        e.put("authorId", author);
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
        return staff.get("/v1/detection/matches?subject=" + p + subject).json();
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
        String bank = createBank(bank(n("scam-images"), "block", "review", "scam"));
        addHash(bank, pdq, "pdq", "series-7");
        postWithMedia("p-1", Map.of("mediaId", "m-1", "pdq", flip(pdq, 9)));

        JsonNode m = matches("p-1");
        assertThat(m).hasSize(1);
        assertThat(m.at("/0/detectorName").asText()).isEqualTo(n("scam-images"));
        assertThat(m.at("/0/distance").asInt()).isEqualTo(9);
        assertThat(m.at("/0/evidence/label").asText()).isEqualTo("series-7");
        assertThat(m.at("/0/evidence/hash").asText()).isEqualTo(pdq);
        assertThat(m.at("/0/evidence/mediaId").asText()).isEqualTo("m-1");
        assertThat(m.at("/0/outcome").asText()).isEqualTo("noticed");
        String noticeId = m.at("/0/ref").asText();
        assertThat(app.queryString("SELECT source FROM notice WHERE id = '" + noticeId + "'"))
                .isEqualTo("detection");
        assertThat(app.queryString("SELECT submitter FROM notice WHERE id = '" + noticeId + "'"))
                .isEqualTo("detection:bank:" + n("scam-images"));
        assertThat(app.queryString("SELECT explanation FROM notice WHERE id = '" + noticeId + "'"))
                .contains("distance 9")
                .contains("series-7");
        assertThat(app.queryString(
                        "SELECT source FROM review_case WHERE subject_id = '" + p + "p-1' AND status = 'open'"))
                .isEqualTo("detection");
        assertThat(staff.get("/v1/banks/" + bank).json().get("hits").asLong()).isEqualTo(1);
    }

    @Test
    void aHashBeyondTheThresholdDoesNotMatch() throws Exception {
        String bank = createBank(bank(n("scam-images"), "block", "review", "scam"));
        addHash(bank, pdq, "pdq", "series-7");
        long cases = app.count("review_case");
        postWithMedia("p-far", Map.of("pdq", flip(pdq, 32)));
        assertThat(matches("p-far")).isEmpty();
        assertThat(app.count("review_case")).isEqualTo(cases);
    }

    @Test
    void aRemovePolicyRemovesByAnAutomatedDecisionThatReachesThePlatform() throws Exception {
        String bank = createBank(bank(n("known-spam"), "block", "remove", "spam"));
        addHash(bank, md5, "md5", "campaign-12");
        postWithMedia("p-2", Map.of("md5", md5));

        JsonNode m = matches("p-2");
        assertThat(m.at("/0/outcome").asText()).isEqualTo("removed");
        String decisionId = m.at("/0/ref").asText();
        assertThat(app.queryString("SELECT automated_decision FROM review_decision WHERE id = '" + decisionId + "'"))
                .isEqualTo("AUTOMATED_DECISION_FULLY");
        assertThat(app.queryLong("SELECT automated_detection FROM review_decision WHERE id = '" + decisionId + "'"))
                .isEqualTo(1);
        assertThat(app.queryString("SELECT visibility FROM subject WHERE id = '" + p + "p-2'"))
                .isEqualTo("removed");
        awaitDelivered();
        assertThat(simulator.visible(p + "p-2", "DE")).isFalse();
        JsonNode statement = simulator.messages(p + "p-2").getFirst();
        assertThat(statement.get("message").asText()).isEqualTo("statement_of_reasons");
        assertThat(statement.at("/statement/automated_decision").asText()).isEqualTo("AUTOMATED_DECISION_FULLY");
        assertThat(statement.at("/statement/automated_detection").asText()).isEqualTo("Yes");
        assertThat(statement.at("/statement/decision_facts").asText()).contains(n("known-spam"));
    }

    @Test
    void removePreserveReportHoldsTheItemAndReportsItOnThePriorityLane() throws Exception {
        Map<String, Object> spec = bank(n("known-csam"), "block", "remove_preserve_report", "csam");
        spec.put("preserveDays", 180);
        String bank = createBank(spec);
        addHash(bank, sha, "sha256", "hotline-ref-1");
        postWithMedia("p-3", Map.of("sha256", sha));

        JsonNode m = matches("p-3");
        assertThat(m.at("/0/outcome").asText()).isEqualTo("removed_reported");
        assertThat(app.queryString("SELECT visibility FROM subject WHERE id = '" + p + "p-3'"))
                .isEqualTo("removed");
        long hold = app.queryLong("SELECT hold_until FROM subject WHERE id = '" + p + "p-3'");
        assertThat(Instant.ofEpochMilli(hold)).isAfter(Instant.now().plus(Duration.ofDays(179)));
        assertThat(app.queryLong("SELECT lane FROM review_case WHERE subject_id = '" + p + "p-3'"))
                .isEqualTo(1);
        assertThat(app.queryLong("SELECT severity FROM review_case WHERE subject_id = '" + p + "p-3'"))
                .isEqualTo(1);
        assertThat(app.queryLong("SELECT COUNT(*) FROM safety_task WHERE subject_id = '" + p + "p-3'"))
                .isPositive();
        awaitDelivered();
        assertThat(simulator.visible(p + "p-3", "DE")).isFalse();
        // the reviewer who opens the case is told what was already done, and by which decision
        String caseId = app.queryString("SELECT id FROM review_case WHERE subject_id = '" + p + "p-3'");
        String decisionId = app.queryString("SELECT id FROM review_decision WHERE subject_id = '" + p + "p-3'");
        assertThat(staff.get("/console/cases/" + caseId).body())
                .contains("id=\"automated-decision\"")
                .contains("already acted on this post by a fully automated decision")
                .contains("href=\"/console/decisions/" + decisionId + "\"");

        // the reviewer finds it a false match and overturns it: not before looking again, then for good
        String form = "application/x-www-form-urlencoded";
        assertThat(staff.post("/console/cases/" + caseId + "/claim", form, new byte[0])
                        .status())
                .isEqualTo(302);
        byte[] unseen = "reason=a+hotline+test+image%2C+not+abuse".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var refused = staff.post("/console/cases/" + caseId + "/overturn", form, unseen);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body())
                .contains("id=\"overturn-error\"")
                .contains("matched the hash bank " + n("known-csam"))
                .contains(">a hotline test image, not abuse</textarea>");
        assertThat(app.queryString("SELECT visibility FROM subject WHERE id = '" + p + "p-3'"))
                .isEqualTo("removed");
        byte[] seen = "reason=a+hotline+test+image%2C+not+abuse&lookedAgain=yes"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var overturned = staff.post("/console/cases/" + caseId + "/overturn", form, seen);
        assertThat(overturned.status()).as(overturned.body()).isEqualTo(302);
        assertThat(app.queryString("SELECT visibility FROM subject WHERE id = '" + p + "p-3'"))
                .isEqualTo("visible");
        assertThat(app.queryString("SELECT reversed_by FROM review_decision WHERE id = '" + decisionId + "'"))
                .isEqualTo(caseId);
        assertThat(app.queryString("SELECT status FROM review_case WHERE id = '" + caseId + "'"))
                .isNotEqualTo("open");
        assertThat(app.queryString("SELECT outcome FROM review_decision WHERE case_id = '" + caseId
                        + "' AND automated_decision = 'AUTOMATED_DECISION_NOT_AUTOMATED'"))
                .isEqualTo("no_action");
        assertThat(app.queryLong("SELECT COUNT(*) FROM audit WHERE action = 'decision.overturn' AND target = 'decision:"
                        + decisionId + "'"))
                .isOne();
        // whoever received the automated decision's statement of reasons is told, through the platform
        assertThat(app.queryString("SELECT payload FROM outbox WHERE action_id = 'ovt_" + decisionId + "'"))
                .contains("\"message\":\"decision_overturned\"")
                .contains("\"recipientId\":\"" + author + "\"")
                // in the statement's language (the post was in German)
                .contains("\"language\":\"de\"")
                .contains(
                        "geprüft und aufgehoben: ihre Folgen sind rückgängig gemacht. Begründung: a hotline test image");
        awaitDelivered();
        assertThat(simulator.visible(p + "p-3", "DE")).isTrue();
        assertThat(staff.get("/console/decisions/" + decisionId).body())
                .contains("overturned on the human review of case");
        // the public report counts what people found automation got wrong, from the log alone
        long reversing = app.queryLong("SELECT COUNT(*) FROM enforcement_action WHERE origin = 'overturn'");
        assertThat(reversing).isPositive();
        app.app()
                .module(org.fulcrum.server.TransparencyModule.class)
                .checkpointer()
                .checkpoint();
        JsonNode days = app.http().get("/v1/reports/moderation.json").json();
        long counted = 0;
        for (JsonNode day : days) {
            counted += day.at("/reversalsByOrigin/overturn").asLong();
        }
        assertThat(counted).isEqualTo(reversing);
        assertThat(app.http().get("/v1/reports/moderation.csv").body())
                .contains("reversals_on_appeal,reversals_overturning_automation");
    }

    @Test
    void anAllowBankSuppressesAKnownFalsePositive() throws Exception {
        String block = createBank(bank(n("scam-images"), "block", "remove", "scam"));
        addHash(block, pdq, "pdq", "series-7");
        String allow = createBank(bank(n("false-positives"), "allow", null, null));
        addHash(allow, flip(pdq, 3), "pdq", "stock photo");
        long decisions = app.count("review_decision");
        postWithMedia("p-4", Map.of("pdq", flip(pdq, 4)));

        JsonNode m = matches("p-4");
        assertThat(m).hasSize(1);
        assertThat(m.at("/0/outcome").asText()).isEqualTo("suppressed");
        assertThat(m.at("/0/evidence/allowedBy").asText()).isEqualTo(n("false-positives"));
        assertThat(app.queryString("SELECT visibility FROM subject WHERE id = '" + p + "p-4'"))
                .isEqualTo("visible");
        assertThat(app.count("review_decision")).isEqualTo(decisions);
        assertThat(app.app().module(DeliveryModule.class).outbox().counts().pending())
                .isZero();
    }

    @Test
    void aDisabledBankDoesNotMatchUntilEnabled() throws Exception {
        Map<String, Object> spec = bank(n("scam-images"), "block", "review", "scam");
        spec.put("enabled", false);
        String bank = createBank(spec);
        addHash(bank, pdq, "pdq", "series-7");
        postWithMedia("p-5", Map.of("pdq", pdq));
        assertThat(matches("p-5")).isEmpty();

        spec.put("enabled", true);
        assertThat(staff.putJson("/v1/banks/" + bank, spec).status()).isEqualTo(200);
        postWithMedia("p-6", Map.of("pdq", pdq));
        assertThat(matches("p-6")).hasSize(1);
    }

    @Test
    void aNewlyAddedHashMatchesNewContentWithinOneSecond() throws Exception {
        String bank = createBank(bank(n("scam-images"), "block", "review", "scam"));
        ContentEvent.MediaRef media = new ContentEvent.MediaRef(
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(flip(pdq, 2)));
        assertThat(app.app()
                        .module(DetectionModule.class)
                        .detection()
                        .bankIndex()
                        .match(media))
                .isEmpty();
        addHash(bank, pdq, "pdq", "new");
        Await.await(
                "the new hash matches on this node",
                Duration.ofSeconds(1),
                () -> !app.app()
                        .module(DetectionModule.class)
                        .detection()
                        .bankIndex()
                        .match(media)
                        .isEmpty());
        postWithMedia("p-7", Map.of("pdq", flip(pdq, 2)));
        assertThat(matches("p-7")).hasSize(1);
    }

    @Test
    void everyBankChangeIsAudited() {
        String bank = createBank(bank(n("scam-images"), "block", "review", "scam"));
        addHash(bank, pdq, "pdq", "series-7");
        staff.postJson(
                "/v1/banks/" + bank + "/hashes/remove",
                Map.of("hashes", List.of(Map.of("hash", pdq)), "reason", "false positive"));
        Map<String, Object> spec = bank(n("scam-images-2"), "block", "remove", "scam");
        staff.putJson("/v1/banks/" + bank, spec);
        assertThat(staff.delete("/v1/banks/" + bank + "?reason=retired").status())
                .isEqualTo(204);
        assertThat(app.queryLong("SELECT COUNT(*) FROM audit WHERE target = 'bank:" + bank + "' AND action IN "
                        + "('bank.create', 'bank.hashes.add', 'bank.hashes.remove', 'bank.update', 'bank.delete')"))
                .isEqualTo(5);
        assertThat(app.queryString("SELECT details FROM audit WHERE action = 'bank.hashes.remove' AND target = 'bank:"
                        + bank + "'"))
                .contains("pdq:" + pdq);
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
