package org.fulcrum.server.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.DetectionModule;
import org.fulcrum.server.notice.Reason;
import org.fulcrum.server.support.Await;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.Moderators;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Text and URL rules over HTTP: matching events, dry runs, conditions, hit counts, retro-hunts, classifiers. */
class RuleDetectionTest {
    static TestApp app;
    static Http staff;

    /**
     * One app and admin for the class. Rules hold for every later event, so each test's rules and
     * texts are its own (no test's text matches another's rule) and its posts have ids of their own.
     */
    @BeforeAll
    static void start() {
        app = TestApp.sqlite(c -> c.withRateLimits(0, 0));
        staff = new Moderators(app).admin("finn");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static Map<String, Object> rule(String name, String kind, List<String> patterns, String policy, String reason) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", name);
        r.put("kind", kind);
        if (!patterns.isEmpty()) {
            r.put("patterns", patterns);
        }
        r.put("policy", policy);
        r.put("reason", reason);
        return r;
    }

    String create(Map<String, Object> spec) {
        Http.Response r = staff.postJson("/v1/detection/rules", spec);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    void post(String postId, String text, long audience) throws InterruptedException {
        Map<String, Object> e = Events.post("ev-" + postId, postId, "chan-r", text);
        e.put("audience", audience);
        Http.Response r = app.platform().postJson("/v1/platform/events", Events.of(List.of(e)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(app.detectionIdle(10_000)).isTrue();
    }

    /** The rule {@code id} as the list of rules shows it. */
    JsonNode listed(String id) {
        for (JsonNode r : staff.get("/v1/detection/rules").json()) {
            if (r.get("id").asText().equals(id)) {
                return r;
            }
        }
        throw new AssertionError("no rule " + id + " in the list");
    }

    JsonNode matches(String subject) {
        return staff.get("/v1/detection/matches?subject=" + subject).json();
    }

    @Test
    void anObfuscatedKeywordOpensACaseAndCountsAHit() throws Exception {
        String id = create(rule("hate terms", "keywords", List.of("vermin people"), "review", "hate_speech"));
        post("r-1", "they are ᴠ3rm\u200Bіn  P3OPLE!", 10);
        JsonNode m = matches("r-1");
        assertThat(m).hasSize(1);
        assertThat(m.at("/0/evidence/matched").asText()).isEqualTo("vermin people");
        assertThat(m.at("/0/outcome").asText()).isEqualTo("noticed");
        assertThat(app.queryString("SELECT reason FROM review_case WHERE subject_id = 'r-1'"))
                .isEqualTo("hate_speech");
        assertThat(staff.get("/v1/detection/rules/" + id).json().get("hits").asLong())
                .isEqualTo(1);
        post("r-2", "a perfectly ordinary post about vermin control", 10);
        assertThat(matches("r-2")).isEmpty();
        assertThat(listed(id).get("hits").asLong()).isEqualTo(1);
    }

    @Test
    void aDryRunRuleCountsHitsAndActsOnNothing() throws Exception {
        Map<String, Object> spec = rule("trial", "domains", List.of("evil.example"), "remove", "scam");
        spec.put("mode", "dry_run");
        String id = create(spec);
        long notices = app.count("notice");
        long decisions = app.count("review_decision");
        post("r-3", "claim your prize at https://win.evil.example/now", 10);
        post("r-4", "and again at evil[.]example", 10);
        assertThat(matches("r-3").at("/0/outcome").asText()).isEqualTo("dry_run");
        assertThat(staff.get("/v1/detection/rules/" + id).json().get("hits").asLong())
                .isEqualTo(2);
        assertThat(app.queryString("SELECT visibility FROM subject WHERE id = 'r-3'"))
                .isEqualTo("visible");
        assertThat(app.count("notice")).isEqualTo(notices);
        assertThat(app.count("review_decision")).isEqualTo(decisions);
    }

    @Test
    void aCelConditionNarrowsARuleAndCanBeARuleOfItsOwn() throws Exception {
        Map<String, Object> spec =
                rule("big reach scams", "regex", List.of("(?i)double your (btc|bitcoin)"), "review", "scam");
        spec.put("condition", "event.audience >= 1000");
        create(spec);
        Map<String, Object> cond = rule("de election", "condition", List.of(), "review", "election_integrity");
        cond.put("condition", "event.country == 'FR' && event.text.contains('vote on monday')");
        create(cond);

        post("r-5", "Double your BTC today", 999);
        assertThat(matches("r-5")).isEmpty();
        post("r-6", "Double your bitcoin today", 1000);
        assertThat(matches("r-6").at("/0/detectorName").asText()).isEqualTo("big reach scams");
        post("r-7", "remember to vote on monday", 5);
        assertThat(matches("r-7").at("/0/detectorName").asText()).isEqualTo("de election");
    }

    @Test
    void aRemovalRuleRemovesTheItem() throws Exception {
        create(rule("phishing", "domains", List.of("phish.example"), "remove", "scam"));
        post("r-8", "verify your account at https://login.phish.example", 10);
        assertThat(matches("r-8").at("/0/outcome").asText()).isEqualTo("removed");
        assertThat(app.queryString("SELECT visibility FROM subject WHERE id = 'r-8'"))
                .isEqualTo("removed");
        assertThat(app.queryLong("SELECT COUNT(*) FROM outbox WHERE subject_id = 'r-8'"))
                .isPositive();
    }

    @Test
    void invalidRulesAreRefusedNamingTheFieldAndNothingIsWritten() {
        long rules = app.count("detect_rule");
        Map<String, Object> badCel = rule("x", "keywords", List.of("a b c"), "review", "scam");
        badCel.put("condition", "event.audience >");
        assertThat(staff.postJson("/v1/detection/rules", badCel)
                        .json()
                        .at("/errors/0/field")
                        .asText())
                .isEqualTo("condition");
        badCel.put("condition", "event.audience + 1");
        assertThat(staff.postJson("/v1/detection/rules", badCel)
                        .json()
                        .at("/errors/0/reason")
                        .asText())
                .contains("does not compile");
        assertThat(staff.postJson(
                                "/v1/detection/rules", rule("y", "regex", List.of("ok", "(unclosed"), "review", "scam"))
                        .json()
                        .at("/errors/0/field")
                        .asText())
                .isEqualTo("patterns[1]");
        assertThat(staff.postJson("/v1/detection/rules", rule("z", "keywords", List.of(), "review", "scam"))
                        .json()
                        .at("/errors/0/field")
                        .asText())
                .isEqualTo("patterns");
        assertThat(staff.postJson("/v1/detection/rules", rule("w", "condition", List.of(), "review", "scam"))
                        .json()
                        .at("/errors/0/field")
                        .asText())
                .isEqualTo("condition");
        assertThat(staff.postJson("/v1/detection/rules", rule("v", "keywords", List.of("x y z"), "obliterate", "scam"))
                        .status())
                .isEqualTo(400);
        assertThat(app.count("detect_rule")).isEqualTo(rules);
        create(rule("once", "keywords", List.of("x y z"), "review", "scam"));
        assertThat(staff.postJson("/v1/detection/rules", rule("once", "keywords", List.of("q"), "review", "scam"))
                        .status())
                .isEqualTo(409);
        assertThat(app.platform().get("/v1/detection/rules").status()).isEqualTo(403);
    }

    @Test
    void disablingARuleStopsItAndEveryChangeIsAudited() throws Exception {
        Map<String, Object> spec = rule("spam words", "keywords", List.of("cheap pills"), "review", "spam");
        String id = create(spec);
        spec.put("enabled", false);
        assertThat(staff.putJson("/v1/detection/rules/" + id, spec).status()).isEqualTo(200);
        post("r-9", "cheap pills here", 10);
        assertThat(matches("r-9")).isEmpty();
        assertThat(staff.delete("/v1/detection/rules/" + id + "?reason=obsolete")
                        .status())
                .isEqualTo(204);
        assertThat(app.queryLong("SELECT COUNT(*) FROM audit WHERE target = 'rule:" + id + "'"))
                .isEqualTo(3);
    }

    @Test
    void aRetroHuntReportsMatchesInStoredContentWithoutActing() throws Exception {
        post("h-1", "old post: join the militia of the north", 10);
        post("h-2", "an unrelated post", 10);
        Map<String, Object> e = Events.post("ev-h-3", "h-3", "chan-r", "a picture");
        e.put("media", List.of(Map.of("md5", "0cc175b9c0f1b6a831c399e269772661")));
        app.platform().postJson("/v1/platform/events", Events.of(List.of(e)));
        assertThat(app.detectionIdle(10_000)).isTrue();

        String ruleId =
                create(rule("militia", "keywords", List.of("militia of the north"), "remove", "violent_extremism"));
        JsonNode report = hunt(Map.of("ruleId", ruleId));
        assertThat(report.at("/hunt/status").asText()).isEqualTo("done");
        assertThat(report.at("/hunt/scanned").asLong())
                .as("every stored copy, these three among them")
                .isEqualTo(app.count("subject_content"));
        assertThat(report.at("/hunt/matched").asLong()).isEqualTo(1);
        assertThat(report.at("/matches/0/subjectId").asText()).isEqualTo("h-1");
        assertThat(report.at("/matches/0/outcome").asText()).isEqualTo("report_only");
        assertThat(app.queryString("SELECT visibility FROM subject WHERE id = 'h-1'"))
                .isEqualTo("visible");

        Map<String, Object> bank = new LinkedHashMap<>(Map.of(
                "name", "new bank", "kind", "block", "policy", "review", "reason", "terrorism", "enabled", false));
        String bankId = staff.postJson("/v1/banks", bank).json().get("id").asText();
        staff.postJson(
                "/v1/banks/" + bankId + "/hashes",
                Map.of("hashes", List.of(Map.of("hash", "0cc175b9c0f1b6a831c399e269772661"))));
        JsonNode acting = hunt(Map.of("bankId", bankId, "act", true));
        assertThat(acting.at("/matches/0/subjectId").asText()).isEqualTo("h-3");
        assertThat(acting.at("/matches/0/outcome").asText()).isEqualTo("noticed");
        assertThat(app.queryString("SELECT reason FROM review_case WHERE subject_id = 'h-3'"))
                .isEqualTo("terrorism");
        assertThat(staff.get("/v1/detection/matches?subject=h-3").json())
                .as("hunt matches are not live matches")
                .isEmpty();
    }

    JsonNode hunt(Map<String, Object> request) throws InterruptedException {
        Http.Response started = staff.postJson("/v1/detection/hunts", request);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String id = started.json().get("id").asText();
        return Await.until(
                "the retro-hunt " + id + " is no longer running",
                Duration.ofSeconds(20),
                () -> staff.get("/v1/detection/hunts/" + id).json(),
                report -> !report.at("/hunt/status").asText().equals("running"));
    }

    @Test
    void aClassifierAboveItsThresholdFilesANotice() throws Exception {
        Classifier fake = new Classifier() {
            public String name() {
                return "shouting-v1";
            }

            public Optional<Score> score(org.fulcrum.server.platform.ContentEvent event) {
                String t = event.text().orElse("");
                long upper = t.chars().filter(Character::isUpperCase).count();
                return t.isEmpty() ? Optional.empty() : Optional.of(new Score((double) upper / t.length(), "shouting"));
            }
        };
        app.app()
                .module(DetectionModule.class)
                .detection()
                .register(new Classifier.Hook(fake, 0.8, MatchPolicy.review, Reason.harassment, RuleMode.enforce));
        post("c-1", "quiet words", 10);
        post("c-2", "LOUD WORDS", 10);
        assertThat(matches("c-1")).isEmpty();
        JsonNode m = matches("c-2");
        assertThat(m.at("/0/detectorKind").asText()).isEqualTo("classifier");
        assertThat(m.at("/0/evidence/score").asDouble()).isGreaterThan(0.8);
        assertThat(app.queryString("SELECT reason FROM review_case WHERE subject_id = 'c-2'"))
                .isEqualTo("harassment");
    }
}
