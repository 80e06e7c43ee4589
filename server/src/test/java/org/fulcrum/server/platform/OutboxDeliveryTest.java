package org.fulcrum.server.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fulcrum.server.support.Await.await;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.DeliveryModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.simulator.SimulatorServer;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every enforcement action reaches the platform at least once, with its action id, whatever the webhook does. */
class OutboxDeliveryTest {
    private static final Json JSON = Json.strict();

    static final String SECRET = "whsec_test_secret";
    static SimulatorServer simulator;
    static TestApp app;
    static int runs;
    /** This test's prefix: its posts are its own. */
    String p;

    /**
     * One platform and app for the class; each test acts on posts of its own, and a test that makes
     * the platform fail sets it right again before it ends.
     */
    @BeforeAll
    static void start() throws Exception {
        simulator = new SimulatorServer(SECRET, 0, JSON).start();
        app = TestApp.sqlite(c -> c.withWebhook(simulator.webhookUrl(), SECRET)
                .withOutboxTiming(Duration.ofSeconds(1), Duration.ofSeconds(1)));
    }

    @AfterAll
    static void stop() {
        app.close();
        simulator.close();
    }

    /** Posts of this test's, once what an earlier test left in the outbox has reached the platform. */
    @BeforeEach
    void posts() {
        await(
                "the outbox is empty before the test",
                Duration.ofSeconds(15),
                () -> app.app().module(DeliveryModule.class).outbox().counts().pending() == 0);
        p = "ob" + ++runs;
        assertThat(app.platform()
                        .postJson("/v1/platform/events", Events.batch(0, 20, p))
                        .status())
                .isEqualTo(200);
    }

    String post(int i) {
        return p + "-post-" + i;
    }

    List<Action> removePosts(int count) {
        List<Action> actions = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = post(i);
            actions.add(app.app()
                    .module(StoreModule.class)
                    .db()
                    .write(tx -> app.app()
                            .module(DeliveryModule.class)
                            .enforcement()
                            .apply(
                                    tx,
                                    new Action.Request(
                                            id,
                                            ActionType.remove,
                                            List.of(),
                                            Optional.empty(),
                                            Optional.empty(),
                                            "moderation",
                                            Optional.of("case-" + id),
                                            "ToS 4.2 spam",
                                            "staff:test"))));
        }
        return actions;
    }

    void awaitDelivered(List<Action> actions, Duration within) {
        await(
                "every action is applied by the platform",
                within,
                () -> actions.stream().allMatch(a -> simulator.wasApplied(a.id()))
                        && app.app()
                                        .module(DeliveryModule.class)
                                        .outbox()
                                        .counts()
                                        .pending()
                                == 0,
                () -> app.app().module(DeliveryModule.class).outbox().pending(50) + " " + simulator.stats());
    }

    @Test
    void deliversEveryActionWithItsIdWhenTheWebhookWorks() throws Exception {
        long applied = simulator.appliedCount();
        List<Action> actions = removePosts(10);
        awaitDelivered(actions, Duration.ofSeconds(10));
        assertThat(simulator.appliedCount()).isEqualTo(applied + 10);
        assertThat(simulator.visible(post(3), "FR")).isFalse();
        assertThat(simulator.visible(post(13), "FR")).isTrue();
    }

    @Test
    void retriesAfterServerErrorsUntilDelivered() throws Exception {
        long applied = simulator.appliedCount();
        simulator.failNext(3, SimulatorServer.FailureMode.ERROR_500);
        List<Action> actions = removePosts(5);
        awaitDelivered(actions, Duration.ofSeconds(20));
        assertThat(simulator.appliedCount()).isEqualTo(applied + 5);
        // the failures were recorded: every action counts its attempts
        long attempts = app.queryLong("SELECT SUM(attempts) FROM outbox WHERE action_id IN ("
                + String.join(
                        ", ", actions.stream().map(a -> "'" + a.id() + "'").toList())
                + ")");
        assertThat(attempts).isGreaterThanOrEqualTo(5 + 3);
    }

    @Test
    void retriesAfterATimeoutUntilDelivered() throws Exception {
        simulator.failNext(1, SimulatorServer.FailureMode.TIMEOUT);
        List<Action> actions = removePosts(2);
        awaitDelivered(actions, Duration.ofSeconds(25));
        assertThat(actions).allMatch(a -> simulator.wasApplied(a.id()));
    }

    @Test
    void aFailingDeliveryStaysVisibleAndIsNeverDropped() throws Exception {
        simulator.failNext(1_000, SimulatorServer.FailureMode.ERROR_500);
        try {
            removePosts(1);
            await(
                    "the failed delivery is recorded",
                    Duration.ofSeconds(10),
                    () -> app.app()
                                    .module(DeliveryModule.class)
                                    .outbox()
                                    .counts()
                                    .failing()
                            > 0);
            var counts = app.app().module(DeliveryModule.class).outbox().counts();
            assertThat(counts.failing()).isEqualTo(1);
            assertThat(app.app()
                            .module(DeliveryModule.class)
                            .outbox()
                            .pending(10)
                            .getFirst()
                            .lastStatus())
                    .contains(500);
        } finally {
            // the platform works again, so the failed delivery goes through before the next test
            simulator.failNext(0, SimulatorServer.FailureMode.NONE);
        }
    }

    @Test
    void theSimulatorAppliesADuplicateDeliveryOnce() throws Exception {
        long applied = simulator.appliedCount();
        long duplicates = simulator.duplicateCount();
        List<Action> actions = removePosts(1);
        awaitDelivered(actions, Duration.ofSeconds(10));
        String payload = app.app()
                .module(StoreModule.class)
                .db()
                .read(h -> h.createQuery("SELECT payload FROM outbox WHERE action_id = :id")
                        .bind("id", actions.getFirst().id())
                        .mapTo(String.class)
                        .one());
        var transport = new WebhookTransport(simulator.webhookUrl(), SECRET, Clock.systemUTC(), Duration.ofSeconds(5));
        assertThat(transport.deliver(new Outbox.Envelope(actions.getFirst().id(), post(0), payload)))
                .isInstanceOf(Outbox.Delivery.Delivered.class);
        assertThat(simulator.appliedCount()).isEqualTo(applied + 1);
        assertThat(simulator.duplicateCount()).isEqualTo(duplicates + 1);
    }

    @Test
    void aDeliveryWithABadSignatureIsRefusedByThePlatform() {
        var transport =
                new WebhookTransport(simulator.webhookUrl(), "wrong secret", Clock.systemUTC(), Duration.ofSeconds(5));
        assertThat(transport.deliver(new Outbox.Envelope(
                        "act_forged",
                        post(1),
                        "{\"subjectId\":\"" + post(1) + "\",\"state\":{\"visibility\":\"removed\"}}")))
                .isInstanceOf(Outbox.Delivery.Failed.class);
        assertThat(simulator.visible(post(1), "FR")).isTrue();
    }

    @Test
    void aReversalIsDeliveredAndRestoresTheSubject() throws Exception {
        List<Action> actions = new ArrayList<>(removePosts(1));
        actions.add(app.app()
                .module(StoreModule.class)
                .db()
                .write(tx -> app.app()
                        .module(DeliveryModule.class)
                        .enforcement()
                        .reverse(
                                tx,
                                actions.getFirst().id(),
                                "appeal",
                                Optional.of("appeal-1"),
                                "appeal upheld",
                                "staff:other")));
        awaitDelivered(actions, Duration.ofSeconds(10));
        assertThat(simulator.visible(post(0), "FR")).isTrue();
        assertThat(app.platform()
                        .get("/v1/platform/subjects/" + post(0))
                        .json()
                        .at("/state/visibility")
                        .asText())
                .isEqualTo("visible");
    }
}
