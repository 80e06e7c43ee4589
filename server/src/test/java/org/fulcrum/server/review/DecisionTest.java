package org.fulcrum.server.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fulcrum.server.support.Await.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.DeliveryModule;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.simulator.SimulatorServer;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.Moderators;
import org.fulcrum.server.support.Notices;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ModerationDecisions: grounds and facts, every kind of action through the outbox, statements, bulk decisions. */
class DecisionTest {
    private static final Json JSON = Json.strict();

    static final String SECRET = "whsec_decisions";
    static SimulatorServer simulator;
    static TestApp app;
    static Http moderator;
    static Http other;
    static int runs;
    /** This test's prefix: its posts, channels and accounts are its own. */
    String p;

    /** One platform, app and moderators for the class; each test decides on posts of its own. */
    @BeforeAll
    static void start() throws Exception {
        simulator = new SimulatorServer(SECRET, 0, JSON).start();
        app = TestApp.sqlite(c -> c.withWebhook(simulator.webhookUrl(), SECRET)
                .withOutboxTiming(Duration.ofSeconds(1), Duration.ofSeconds(2))
                .withRateLimits(0, 0));
        Moderators staff = new Moderators(app);
        moderator = staff.moderator("alice");
        other = staff.moderator("bob");
    }

    @AfterAll
    static void stop() {
        app.close();
        simulator.close();
    }

    /** Twelve posts in a raid channel (ten raiders, two by a German account) and one in another channel. */
    @BeforeEach
    void posts() {
        p = "d" + ++runs + "-";
        List<Map<String, Object>> events = new ArrayList<>();
        events.add(Events.account(p + "acct-de", "DE", "de"));
        for (int i = 0; i < 12; i++) {
            events.add(Events.post(
                    post(i), p + "raid-channel", i < 10 ? p + "acct-raider-" + i : p + "acct-de", "DE", "de", 100 + i));
        }
        events.add(Events.post(p + "channel-post", p + "bad-channel", p + "acct-owner", "FR", "fr", 10));
        assertThat(app.platform()
                        .postJson("/v1/platform/events", Events.of(events))
                        .status())
                .isEqualTo(200);
        for (int i = 0; i < 12; i++) {
            simulator.published(post(i), p + "raid-channel", "post " + i);
        }
    }

    String post(int i) {
        return p + "post-" + i;
    }

    String report(String reason, String subject) {
        return app.platform()
                .postJson("/v1/notices", Notices.report(reason, "rep-" + subject, subject))
                .json()
                .at("/items/0/caseId")
                .asText();
    }

    void awaitDelivered() {
        await(
                "every action is delivered",
                Duration.ofSeconds(15),
                () -> app.app().module(DeliveryModule.class).outbox().counts().pending() == 0,
                () -> app.app().module(DeliveryModule.class).outbox().pending(10));
    }

    @Test
    void aRemovalReachesThePlatformWithItsStatementOfReasons() throws Exception {
        String caseId = report("scam", post(1));
        String decisions = "SELECT COUNT(*) FROM log_entry WHERE kind = 'moderation_decision'";
        String actions = "SELECT COUNT(*) FROM log_entry WHERE kind = 'action'";
        long decisionsBefore = app.queryLong(decisions);
        long actionsBefore = app.queryLong(actions);
        assertThat(moderator
                        .postJson("/v1/review/cases/" + caseId + "/decision", Moderators.remove("ToS 4.2"))
                        .status())
                .as("a case must be claimed first")
                .isEqualTo(409);
        JsonNode result = Moderators.claimAndDecide(moderator, caseId, Moderators.remove("ToS 4.2"));
        assertThat(result.get("outcome").asText()).isEqualTo("action");
        assertThat(result.at("/actions/0/type").asText()).isEqualTo("remove");
        String statementId = result.get("statementId").asText();
        awaitDelivered();
        assertThat(simulator.visible(post(1), "DE")).isFalse();
        JsonNode message = simulator.messages(post(1)).getFirst();
        assertThat(message.get("message").asText()).isEqualTo("statement_of_reasons");
        assertThat(message.get("recipientId").asText()).isEqualTo(p + "acct-raider-1");
        assertThat(message.get("text").asText())
                .contains("ToS 4.2")
                .contains("anfechten")
                .contains(ModerationDecisions.appealUntil(Instant.now())
                        .toString()
                        .substring(0, 10));
        assertThat(message.at("/statement/puid").asText()).isEqualTo(statementId);
        assertThat(message.at("/statement/decision_visibility/0").asText())
                .isEqualTo("DECISION_VISIBILITY_CONTENT_REMOVED");
        assertThat(message.at("/statement/category").asText()).isEqualTo("STATEMENT_CATEGORY_SCAMS_AND_FRAUD");
        assertThat(app.queryString("SELECT outcome FROM notice_item WHERE case_id = '" + caseId + "'"))
                .isEqualTo("founded");
        assertThat(app.queryLong(
                        "SELECT COUNT(*) FROM audit WHERE action = 'case.decide' AND target = 'case:" + caseId + "'"))
                .isEqualTo(1);
        assertThat(app.queryLong(decisions)).isEqualTo(decisionsBefore + 1);
        assertThat(app.queryLong(actions)).isEqualTo(actionsBefore + 1);
    }

    @Test
    void theStatementIsInTheAffectedUsersLanguage() throws Exception {
        String caseId = report("hate_speech", post(10));
        Map<String, Object> d = Moderators.decision("§ 130 StGB", List.of(Map.of("type", "geo_restrict")));
        d.remove("policyClause");
        d.put("legalGround", "§ 130 StGB (Volksverhetzung)");
        d.put("territorialScope", List.of("DE", "AT"));
        JsonNode result = Moderators.claimAndDecide(moderator, caseId, d);
        awaitDelivered();
        assertThat(simulator.visible(post(10), "DE")).isFalse();
        assertThat(simulator.visible(post(10), "FR")).isTrue();
        JsonNode msg = simulator.messages(post(10)).getFirst();
        assertThat(msg.get("language").asText()).isEqualTo("de");
        assertThat(msg.get("text").asText()).contains("Wir haben ihn in diesen Ländern gesperrt: AT, DE");
        assertThat(msg.at("/statement/decision_ground").asText()).isEqualTo("DECISION_GROUND_ILLEGAL_CONTENT");
        assertThat(msg.at("/statement/territorial_scope").toString()).isEqualTo("[\"AT\",\"DE\"]");
        assertThat(result.get("statementId").asText()).startsWith("sor_");
    }

    @Test
    void everyActionKindGoesThroughTheOutbox() throws Exception {
        String post = report("scam", post(2));
        Instant until = Instant.now().plus(Duration.ofDays(3));
        long outbox = app.count("outbox");
        JsonNode r = Moderators.claimAndDecide(
                moderator,
                post,
                Moderators.decision(
                        "ToS 7",
                        List.of(
                                Map.of("type", "label", "label", "misleading"),
                                Map.of("type", "demote"),
                                Map.of("type", "suspend", "on", "author", "until", until.toString()),
                                Map.of("type", "block", "on", "container"),
                                Map.of(
                                        "type",
                                        "preserve",
                                        "until",
                                        until.plus(Duration.ofDays(180)).toString()))));
        assertThat(r.get("actions")).hasSize(5);
        JsonNode postState =
                app.platform().get("/v1/platform/subjects/" + post(2)).json().get("state");
        assertThat(postState.get("labels").toString()).contains("misleading");
        assertThat(postState.get("demoted").asBoolean()).isTrue();
        assertThat(postState.get("holdUntil").asText()).isNotEmpty();
        assertThat(app.platform()
                        .get("/v1/platform/subjects/" + p + "acct-raider-2")
                        .json()
                        .at("/state/accountStatus")
                        .asText())
                .isEqualTo("suspended");
        assertThat(app.platform()
                        .get("/v1/platform/subjects/" + p + "raid-channel")
                        .json()
                        .at("/state/visibility")
                        .asText())
                .isEqualTo("blocked");
        awaitDelivered();
        JsonNode statement = simulator.messages(post(2)).getFirst().get("statement");
        assertThat(statement.get("decision_visibility").toString())
                .contains("LABELLED")
                .contains("DEMOTED")
                .contains("DECISION_VISIBILITY_OTHER");
        assertThat(statement.get("decision_account").asText()).isEqualTo("DECISION_ACCOUNT_SUSPENDED");
        assertThat(statement.get("end_date_account_restriction").asText())
                .isEqualTo(until.toString().substring(0, 10));
        assertThat(app.count("outbox")).isEqualTo(outbox + 5 + 1);
    }

    @Test
    void aDecisionThatBreaksARuleIsRefusedAndChangesNothing() {
        String caseId = report("spam", post(3));
        moderator.post("/v1/review/cases/" + caseId + "/claim");
        long outbox = app.count("outbox");
        long decided = app.count("review_decision");
        Map<String, Object> both = Moderators.remove("ToS 1");
        both.put("legalGround", "Some law");
        Map<String, Object> noFacts = Moderators.remove("ToS 1");
        noFacts.remove("facts");
        Map<String, Object> reversal = Moderators.decision("ToS 1", List.of(Map.of("type", "restore")));
        Map<String, Object> suspendPost = Moderators.decision(
                "ToS 1",
                List.of(Map.of(
                        "type",
                        "suspend",
                        "until",
                        Instant.now().plusSeconds(3600).toString())));
        Map<String, Object> pastUntil = Moderators.decision(
                "ToS 1", List.of(Map.of("type", "suspend", "on", "author", "until", "2020-01-01T00:00:00Z")));
        Map<String, Object> unfoundedWithAction = Moderators.remove("ToS 1");
        unfoundedWithAction.put("manifestlyUnfounded", true);
        Map<String, Object> geoWithoutCountries = Moderators.decision("ToS 1", List.of(Map.of("type", "geo_restrict")));
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        for (var e : List.of(
                Map.entry(both, "policyClause"),
                Map.entry(noFacts, "facts"),
                Map.entry(reversal, "actions[0].type"),
                Map.entry(suspendPost, "type"),
                Map.entry(pastUntil, "actions[0].until"),
                Map.entry(unfoundedWithAction, "manifestlyUnfounded"),
                Map.entry(geoWithoutCountries, "actions[0].countries"))) {
            Http.Response r = moderator.postJson("/v1/review/cases/" + caseId + "/decision", e.getKey());
            assertThat(r.status()).as(e.getValue() + " " + r.body()).isEqualTo(400);
            assertThat(r.json().at("/errors/0/field").asText()).as(r.body()).isEqualTo(e.getValue());
            expected.put(e.getValue(), r.body());
        }
        assertThat(app.count("outbox")).isEqualTo(outbox);
        assertThat(app.count("review_decision")).isEqualTo(decided);
        assertThat(app.queryString("SELECT status FROM review_case WHERE id = '" + caseId + "'"))
                .isEqualTo("open");
    }

    @Test
    void noActionClosesTheCaseWithoutAStatement() {
        String caseId = report("spam", post(4));
        long statements = app.count("statement_of_reasons");
        JsonNode r = Moderators.claimAndDecide(moderator, caseId, Moderators.noAction(false));
        assertThat(r.get("outcome").asText()).isEqualTo("no_action");
        assertThat(r.has("statementId")).isFalse();
        assertThat(app.count("statement_of_reasons")).isEqualTo(statements);
        assertThat(app.queryString("SELECT outcome FROM notice_item WHERE case_id = '" + caseId + "'"))
                .isEqualTo("unfounded");
    }

    @Test
    void aModeratorActsOnASubjectOnTheirOwnInitiative() {
        JsonNode r = moderator
                .postJson("/v1/review/subjects/" + p + "channel-post/decision", Moderators.remove("ToS 2"))
                .json();
        assertThat(r.get("outcome").asText()).isEqualTo("action");
        assertThat(app.queryString(
                        "SELECT source_type FROM review_decision WHERE subject_id = '" + p + "channel-post'"))
                .isEqualTo("SOURCE_VOLUNTARY");
        String caseId = report("spam", post(5));
        assertThat(moderator
                        .postJson("/v1/review/subjects/" + post(5) + "/decision", Moderators.remove("ToS 2"))
                        .status())
                .as("a subject with an open case is decided through the case")
                .isEqualTo(409);
        assertThat(caseId).isNotBlank();
    }

    @Test
    void aBulkDecisionByQueryActsOnEveryMatchingCaseAndSkipsOthersClaims() throws Exception {
        List<String> cases = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            cases.add(report("spam", post(i)));
        }
        String outside = report("spam", p + "channel-post");
        assertThat(other.post("/v1/review/cases/" + cases.get(3) + "/claim").status())
                .isEqualTo(200);
        Map<String, Object> query = Map.of("containerId", p + "raid-channel", "reason", "spam");
        long decided = app.count("review_decision");
        JsonNode dry = moderator
                .postJson(
                        "/v1/review/bulk",
                        Map.of("query", query, "decision", Moderators.remove("ToS 9 spam"), "dryRun", true))
                .json();
        assertThat(dry.get("selected").asInt()).isEqualTo(10);
        assertThat(app.count("review_decision")).isEqualTo(decided);
        JsonNode result = moderator
                .postJson("/v1/review/bulk", Map.of("query", query, "decision", Moderators.remove("ToS 9 spam")))
                .json();
        assertThat(result.get("decided")).hasSize(9);
        assertThat(result.get("skipped")).hasSize(1);
        assertThat(result.at("/skipped/0/caseId").asText()).isEqualTo(cases.get(3));
        assertThat(result.at("/skipped/0/reason").asText()).contains("another moderator");
        assertThat(app.queryString("SELECT status FROM review_case WHERE id = '" + outside + "'"))
                .isEqualTo("open");
        awaitDelivered();
        for (int i = 0; i < 10; i++) {
            assertThat(simulator.visible(post(i), "DE")).isEqualTo(i == 3);
        }
        JsonNode selection = moderator
                .postJson(
                        "/v1/review/bulk",
                        Map.of("caseIds", List.of(outside, cases.get(0)), "decision", Moderators.noAction(false)))
                .json();
        assertThat(selection.get("decided")).hasSize(1);
        assertThat(selection.at("/skipped/0/reason").asText()).isEqualTo("already decided");
    }
}
