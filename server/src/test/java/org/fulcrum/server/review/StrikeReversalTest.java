package org.fulcrum.server.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fulcrum.server.support.Await.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
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

/**
 * A decision reversed on appeal undoes what its strike caused: the suspension a threshold took is
 * lifted and the platform receives the lifting action, unless the remaining strikes still reach the
 * threshold, which the case page then says.
 */
class StrikeReversalTest {
    private static final Json JSON = Json.strict();

    static final String SECRET = "whsec_strike_reversal";
    static SimulatorServer simulator;
    static TestApp app;
    static Http alice;
    static Http bob;
    static int authors;
    /** This test's author, with five posts of their own: strikes count per account. */
    String author;

    /** One platform, app and moderators for the class; each test works on an author of its own. */
    @BeforeAll
    static void start() throws Exception {
        simulator = new SimulatorServer(SECRET, 0, JSON).start();
        app = TestApp.sqlite(c -> c.withWebhook(simulator.webhookUrl(), SECRET)
                .withOutboxTiming(Duration.ofSeconds(1), Duration.ofSeconds(2))
                .withRateLimits(0, 0));
        Moderators staff = new Moderators(app);
        alice = staff.moderator("alice");
        bob = staff.moderator("bob");
    }

    @AfterAll
    static void stop() {
        app.close();
        simulator.close();
    }

    @BeforeEach
    void anAuthorWithPosts() {
        author = "author-" + ++authors;
        List<Map<String, Object>> events = new ArrayList<>();
        events.add(Events.account(author, "FR", "fr"));
        for (int i = 0; i < 5; i++) {
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

    record Removal(String caseId, JsonNode result) {
        String decisionId() {
            return result.get("decisionId").asText();
        }
    }

    Removal removed(String post) {
        String caseId = app.platform()
                .postJson("/v1/notices", Notices.report("scam", "notifier-" + post, post))
                .json()
                .at("/items/0/caseId")
                .asText();
        return new Removal(caseId, Moderators.claimAndDecide(alice, caseId, Moderators.remove("ToS 4.2")));
    }

    void reverseOnAppeal(String decisionId) {
        Http.Response lodged = app.platform()
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
                                "The offer was genuine."));
        assertThat(lodged.status()).as(lodged.body()).isEqualTo(201);
        Http.Response decided = bob.postJson(
                "/v1/appeals/" + lodged.json().get("id").asText() + "/decision",
                Map.of("outcome", "reverse", "reason", "The offer is a registered savings product."));
        assertThat(decided.status()).as(decided.body()).isEqualTo(200);
    }

    void awaitDelivered() {
        await(
                "every action is delivered",
                Duration.ofSeconds(15),
                () -> app.app().module(DeliveryModule.class).outbox().counts().pending() == 0,
                () -> app.app().module(DeliveryModule.class).outbox().pending(10));
    }

    String accountStatus() {
        return app.platform()
                .get("/v1/platform/subjects/" + author)
                .json()
                .at("/state/accountStatus")
                .asText();
    }

    @Test
    void reversingTheStrikeThatTriggeredASuspensionLiftsItAndThePlatformIsTold() throws Exception {
        removed(post(0));
        removed(post(1));
        Removal third = removed(post(2));
        assertThat(third.result().get("followUps")).hasSize(1);
        String suspension = third.result().get("followUps").get(0).asText();
        awaitDelivered();
        assertThat(simulator.accountStatus(author)).isEqualTo("suspended");

        reverseOnAppeal(third.decisionId());

        assertThat(accountStatus()).isEqualTo("active");
        String suspendAction =
                app.queryString("SELECT action_id FROM decision_action WHERE decision_id = '" + suspension + "'");
        String lifting = app.queryString("SELECT id FROM enforcement_action WHERE reverses = '" + suspendAction + "'");
        assertThat(app.queryString("SELECT type FROM enforcement_action WHERE id = '" + lifting + "'"))
                .isEqualTo("unsuspend");
        awaitDelivered();
        assertThat(simulator.wasApplied(lifting)).isTrue();
        assertThat(simulator.accountStatus(author)).isEqualTo("active");

        JsonNode strikes =
                bob.get("/v1/review/accounts/" + author + "/strikes").json().get("strikes");
        JsonNode withdrawn = strikes.findParents("decisionId").stream()
                .filter(s -> s.get("decisionId").asText().equals(third.decisionId()))
                .findFirst()
                .orElseThrow();
        assertThat(withdrawn.get("reversedAt").isNull()).isFalse();
        assertThat(withdrawn.get("withdrawalNote").asText())
                .contains(suspension)
                .contains("was lifted");
        assertThat(bob.get("/v1/review/decisions/" + suspension)
                        .json()
                        .path("reversedBy")
                        .asText(""))
                .isNotEmpty();
        assertThat(bob.get("/console/cases/" + third.caseId()).body()).contains("was lifted");
    }

    @Test
    void aSuspensionTheRemainingStrikesStillJustifyStaysAndThePageSaysWhy() throws Exception {
        Removal first = removed(post(0));
        removed(post(1));
        Removal third = removed(post(2));
        String suspension = third.result().get("followUps").get(0).asText();
        removed(post(3));
        awaitDelivered();
        String lifts = "SELECT COUNT(*) FROM enforcement_action WHERE type = 'unsuspend'";
        long lifted = app.queryLong(lifts);

        reverseOnAppeal(first.decisionId());

        assertThat(accountStatus()).isEqualTo("suspended");
        assertThat(app.queryLong(lifts)).isEqualTo(lifted);
        awaitDelivered();
        assertThat(simulator.accountStatus(author)).isEqualTo("suspended");
        assertThat(bob.get("/v1/review/decisions/" + suspension)
                        .json()
                        .path("reversedBy")
                        .asText(""))
                .isEmpty();
        assertThat(bob.get("/console/cases/" + first.caseId()).body())
                .contains("Withdrawn on appeal")
                .contains(suspension)
                .contains("stays");
    }
}
