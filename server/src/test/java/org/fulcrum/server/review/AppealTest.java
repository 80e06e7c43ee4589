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
import org.fulcrum.server.support.ManualTime;
import org.fulcrum.server.support.Moderators;
import org.fulcrum.server.support.Notices;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Appeals: the six-month window, a different reviewer, and reversals that reach the platform. */
class AppealTest {
    private static final Json JSON = Json.strict();

    static final String SECRET = "whsec_appeals";
    static ManualTime clock;
    static SimulatorServer simulator;
    static TestApp app;
    static Moderators staff;
    static int authors;
    /** This test's author, with six posts of their own: strikes and appeals count per account. */
    String author;

    Http alice;
    Http bob;

    /** One app and platform for the class; each test works on an author and posts of its own. */
    @BeforeAll
    static void start() throws Exception {
        clock = ManualTime.startingNow();
        simulator = new SimulatorServer(SECRET, 0, JSON).start();
        app = TestApp.sqlite(
                clock.clock(),
                c -> c.withWebhook(simulator.webhookUrl(), SECRET)
                        .withOutboxTiming(Duration.ofSeconds(1), Duration.ofSeconds(2))
                        .withRateLimits(0, 0));
        staff = new Moderators(app);
    }

    @AfterAll
    static void stop() {
        app.close();
        simulator.close();
    }

    /**
     * Signs the two moderators in afresh (a test that moves the clock past the appeal window ends
     * every session) and gives the test an author with six posts.
     */
    @BeforeEach
    void anAuthorWithPosts() {
        int n = ++authors;
        author = "author-" + n;
        alice = staff.moderator("alice-" + n);
        bob = staff.moderator("bob-" + n);
        List<Map<String, Object>> events = new ArrayList<>();
        events.add(Events.account(author, "FR", "fr"));
        for (int i = 0; i < 6; i++) {
            events.add(Events.post(post(i), "ch", author, "FR", "fr", 50));
            simulator.published(post(i), "ch", "post " + i);
        }
        assertThat(app.platform()
                        .postJson("/v1/platform/events", Events.of(events))
                        .status())
                .isEqualTo(200);
    }

    String post(int i) {
        return author + "-post-" + i;
    }

    JsonNode removed(String post) {
        String caseId = app.platform()
                .postJson("/v1/notices", Notices.report("scam", "notifier-" + post, post))
                .json()
                .at("/items/0/caseId")
                .asText();
        return Moderators.claimAndDecide(alice, caseId, Moderators.remove("ToS 4.2"));
    }

    Http.Response appeal(String decisionId, String role, String account) {
        return app.platform()
                .postJson(
                        "/v1/appeals",
                        Map.of(
                                "decisionId",
                                decisionId,
                                "appellant",
                                role,
                                "accountId",
                                account,
                                "explanation",
                                "This was a legitimate offer.",
                                "language",
                                "fr"));
    }

    void awaitDelivered() {
        await(
                "every action is delivered",
                Duration.ofSeconds(15),
                () -> app.app().module(DeliveryModule.class).outbox().counts().pending() == 0,
                () -> app.app().module(DeliveryModule.class).outbox().pending(10));
    }

    @Test
    void aWellFoundedAppealReversesTheRemovalAndThePlatformShowsThePostAgain() throws Exception {
        String decisionId = removed(post(0)).get("decisionId").asText();
        awaitDelivered();
        assertThat(simulator.visible(post(0), "FR")).isFalse();

        String appealEntries = "SELECT COUNT(*) FROM log_entry WHERE kind IN ('appeal_received', 'appeal_decided')";
        long logged = app.queryLong(appealEntries);
        Http.Response lodged = appeal(decisionId, "affected_user", author);
        assertThat(lodged.status()).as(lodged.body()).isEqualTo(201);
        String appealId = lodged.json().get("id").asText();
        long waiting = app.queryLong("SELECT COUNT(*) FROM appeal WHERE status = 'open'");
        assertThat(alice.get("/console/queues").body())
                .as("every page counts the appeals waiting beside \"Appeals\"")
                .contains("Appeals <span class=\"badge\" data-for=\"/console/appeals\" title=\"" + waiting
                        + (waiting == 1 ? " appeal" : " appeals") + " waiting for a reviewer\">" + waiting + "</span>");

        Http.Response byOriginal = alice.post("/v1/appeals/" + appealId + "/claim");
        assertThat(byOriginal.status()).isEqualTo(403);
        Http.Response decidedByOriginal = alice.postJson(
                "/v1/appeals/" + appealId + "/decision", Map.of("outcome", "reverse", "reason", "I changed my mind"));
        assertThat(decidedByOriginal.status()).isEqualTo(403);
        assertThat(decidedByOriginal.json().get("detail").asText()).contains("other than the one who took");

        assertThat(bob.post("/v1/appeals/" + appealId + "/claim").status()).isEqualTo(200);
        JsonNode decided = bob.postJson(
                        "/v1/appeals/" + appealId + "/decision",
                        Map.of("outcome", "reverse", "reason", "The offer is a registered savings product."))
                .json();
        assertThat(decided.get("outcome").asText()).isEqualTo("reverse");
        awaitDelivered();
        assertThat(simulator.visible(post(0), "FR")).isTrue();
        assertThat(app.platform()
                        .get("/v1/platform/subjects/" + post(0))
                        .json()
                        .at("/state/visibility")
                        .asText())
                .isEqualTo("visible");
        JsonNode told = simulator.messages(post(0)).stream()
                .filter(m -> m.get("message").asText().equals("appeal_decided"))
                .findFirst()
                .orElseThrow();
        assertThat(told.get("recipientId").asText()).isEqualTo(author);
        assertThat(told.get("text").asText()).contains("annulé").contains("registered savings product");
        assertThat(app.queryLong(
                        "SELECT COUNT(*) FROM strike WHERE reversed_at IS NOT NULL AND account_id = '" + author + "'"))
                .isEqualTo(1);
        assertThat(app.queryString("SELECT outcome FROM notice_item WHERE subject_id = '" + post(0) + "'"))
                .isEqualTo("unfounded");
        assertThat(app.queryLong(appealEntries)).isEqualTo(logged + 2);
        assertThat(appeal(decisionId, "affected_user", author).status())
                .as("already reversed")
                .isEqualTo(409);
    }

    @Test
    void anUpheldAppealChangesNothingButTellsTheAppellant() throws Exception {
        String decisionId = removed(post(1)).get("decisionId").asText();
        String appealId =
                appeal(decisionId, "affected_user", author).json().get("id").asText();
        bob.postJson("/v1/appeals/" + appealId + "/decision", Map.of("outcome", "uphold", "reason", "Still a scam."));
        awaitDelivered();
        assertThat(simulator.visible(post(1), "FR")).isFalse();
        assertThat(simulator.messages(post(1)).stream()
                        .anyMatch(m -> m.path("outcome").asText().equals("uphold")))
                .isTrue();
    }

    @Test
    void theAppealWindowClosesSixMonthsAfterTheDecision() {
        String first = removed(post(2)).get("decisionId").asText();
        String second = removed(post(3)).get("decisionId").asText();
        Instant until = ModerationDecisions.appealUntil(Instant.parse(alice.get("/v1/review/decisions/" + first)
                .json()
                .get("createdAt")
                .asText()));
        assertThat(until).isAfter(clock.instant().plus(Duration.ofDays(180)));
        clock.set(until.minusSeconds(1));
        assertThat(appeal(first, "affected_user", author).status()).isEqualTo(201);
        clock.set(until.plusSeconds(1));
        Http.Response late = appeal(second, "affected_user", author);
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.json().get("detail").asText()).contains("appeal window");
    }

    @Test
    void onlyTheAffectedUserOrANotifierMayAppeal() {
        String decisionId = removed(post(4)).get("decisionId").asText();
        assertThat(appeal(decisionId, "affected_user", "stranger").status()).isEqualTo(403);
        assertThat(appeal(decisionId, "notifier", "stranger").status()).isEqualTo(403);
        assertThat(appeal(decisionId, "notifier", "notifier-" + post(4)).status())
                .isEqualTo(201);
        assertThat(appeal(decisionId, "notifier", "notifier-" + post(4)).status())
                .as("one open appeal each")
                .isEqualTo(409);
        assertThat(appeal("dec_unknown", "affected_user", author).status()).isEqualTo(404);
        assertThat(app.platform()
                        .postJson(
                                "/v1/appeals",
                                Map.of(
                                        "decisionId",
                                        decisionId,
                                        "appellant",
                                        "affected_user",
                                        "accountId",
                                        author,
                                        "explanation",
                                        "x".repeat(5001)))
                        .status())
                .isEqualTo(400);
    }

    @Test
    void aNotifiersAppealAgainstNoActionReopensTheCase() {
        String caseId = app.platform()
                .postJson("/v1/notices", Notices.report("scam", "victim", post(5)))
                .json()
                .at("/items/0/caseId")
                .asText();
        String decisionId = Moderators.claimAndDecide(alice, caseId, Moderators.noAction(false))
                .get("decisionId")
                .asText();
        String appealId =
                appeal(decisionId, "notifier", "victim").json().get("id").asText();
        bob.postJson(
                "/v1/appeals/" + appealId + "/decision",
                Map.of("outcome", "reverse", "reason", "The post does offer a fake investment."));
        String reopened =
                app.queryString("SELECT id FROM review_case WHERE subject_id = '" + post(5) + "' AND status = 'open'");
        assertThat(reopened).isNotEqualTo(caseId);
        assertThat(app.queryString("SELECT reopened_from FROM review_case WHERE id = '" + reopened + "'"))
                .isEqualTo(caseId);
        assertThat(app.queryString("SELECT outcome FROM notice_item WHERE subject_id = '" + post(5) + "'"))
                .isEqualTo("pending");
        JsonNode result = Moderators.claimAndDecide(bob, reopened, Moderators.remove("ToS 4.2"));
        assertThat(result.get("outcome").asText()).isEqualTo("action");
        assertThat(app.queryString("SELECT outcome FROM notice_item WHERE subject_id = '" + post(5) + "'"))
                .isEqualTo("founded");
    }

    @Test
    void aRetriedAppealWithTheSameKeyIsLodgedOnce() throws Exception {
        String decisionId = removed(post(1)).get("decisionId").asText();
        String body = JSON.write(Map.of(
                "decisionId",
                decisionId,
                "appellant",
                "affected_user",
                "accountId",
                author,
                "explanation",
                "Please look again."));
        var client = java.net.http.HttpClient.newHttpClient();
        var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(app.url() + "/v1/appeals"))
                .header("Authorization", "Bearer " + app.platformToken())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "appeal-" + author)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .build();
        var first = client.send(req, java.net.http.HttpResponse.BodyHandlers.ofString());
        var second = client.send(req, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(201);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(app.queryLong("SELECT COUNT(*) FROM appeal WHERE decision_id = '" + decisionId + "'"))
                .isEqualTo(1);
    }
}
