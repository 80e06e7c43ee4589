package org.fulcrum.server.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.fulcrum.server.App;
import org.fulcrum.server.DeliveryModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.config.ClusterConfig;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.support.Await;
import org.fulcrum.server.support.TestApp;
import org.fulcrum.server.support.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Many deliveries in flight at once, against a real webhook endpoint: each subject's records still
 * arrive in the order they were committed, none twice across a restart, none lost to an outage.
 */
class ConcurrentDeliveryTest {
    static final String SECRET = "whsec_concurrent";
    WebhookReceiver receiver;
    Path data;
    App app;

    @BeforeEach
    void setUp() throws Exception {
        receiver = new WebhookReceiver(SECRET);
        data = Files.createTempDirectory("fulcrum-concurrent");
    }

    @AfterEach
    void tearDown() {
        if (app != null) {
            app.close();
        }
        receiver.close();
    }

    App start(int concurrency, int batch) {
        Config c = TestApp.seeded(data)
                .withWebhook(receiver.url(), SECRET)
                .withOutboxTiming(Duration.ofSeconds(1), Duration.ofSeconds(2));
        c = c.withCluster(c.cluster().withDelivery(new ClusterConfig.Delivery(concurrency, batch)));
        return App.create(c, Clock.systemUTC()).start();
    }

    /** {@code perSubject} records for each of {@code subjects} subjects, committed round-robin. */
    static Map<String, List<String>> enqueue(App app, int subjects, int perSubject) {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        for (int k = 0; k < perSubject; k++) {
            int round = k;
            app.module(StoreModule.class).db().write(tx -> {
                for (int s = 0; s < subjects; s++) {
                    String subject = "cd-post-" + s;
                    String id = "msg-" + s + "-" + round;
                    app.module(DeliveryModule.class)
                            .outbox()
                            .enqueueMessage(tx, id, subject, Map.of("kind", "test", "n", round));
                    expected.computeIfAbsent(subject, x -> new ArrayList<>()).add(id);
                }
                return null;
            });
        }
        return expected;
    }

    static void await(String what, Duration within, BooleanSupplier done) {
        Await.await(what, within, done);
    }

    @Test
    void eachSubjectReceivesItsRecordsInCommitOrderWhileManyRequestsAreInFlight() throws Exception {
        receiver.delay(3);
        app = start(16, 1);
        Map<String, List<String>> expected = enqueue(app, 60, 5);

        await("all 300 received", Duration.ofSeconds(60), () -> receiver.distinct() == 300);
        expected.forEach((subject, ids) ->
                assertThat(receiver.receivedBy(subject)).as(subject).isEqualTo(ids));
        assertThat(receiver.maxInFlight()).as("requests in flight at once").isGreaterThan(4);
        assertThat(receiver.duplicates()).isEmpty();
        assertThat(receiver.badSignatures()).isZero();
        await(
                "recorded delivered",
                Duration.ofSeconds(10),
                () -> app.module(DeliveryModule.class).outbox().counts().pending() == 0);
    }

    @Test
    void aSlowReceiverIsServedByManyRequestsInFlight() throws Exception {
        receiver.delay(20);
        app = start(32, 1);
        enqueue(app, 400, 1);

        // One at a time, 400 requests of 20 ms take 8 s; 32 in flight take a fraction of that.
        long started = System.nanoTime();
        await("all 400 received", Duration.ofSeconds(30), () -> receiver.distinct() == 400);
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertThat(receiver.maxInFlight()).isGreaterThanOrEqualTo(16);
        assertThat(millis).as("drain time in ms").isLessThan(4_000);
        assertThat(receiver.duplicates()).isEmpty();
    }

    @Test
    void aReceiverOutageLosesNothingAndKeepsEachSubjectsOrder() throws Exception {
        receiver.down(true);
        app = start(8, 1);
        Map<String, List<String>> expected = enqueue(app, 50, 3);

        await(
                "every head refused at least once",
                Duration.ofSeconds(30),
                () -> app.module(DeliveryModule.class).outbox().counts().failing() >= 50);
        assertThat(receiver.distinct()).isZero();
        assertThat(app.module(DeliveryModule.class).outbox().counts().pending())
                .as("nothing dropped while the platform is down")
                .isEqualTo(150);

        receiver.down(false);
        await("all 150 received after the outage", Duration.ofSeconds(60), () -> receiver.distinct() == 150);
        expected.forEach((subject, ids) ->
                assertThat(receiver.receivedBy(subject)).as(subject).isEqualTo(ids));
        assertThat(receiver.duplicates()).isEmpty();
        await(
                "recorded delivered",
                Duration.ofSeconds(10),
                () -> app.module(DeliveryModule.class).outbox().counts().pending() == 0);
    }

    @Test
    void aRestartInTheMiddleOfARoundSendsNothingTwice() throws Exception {
        receiver.delay(150);
        app = start(4, 1);
        Map<String, List<String>> expected = enqueue(app, 40, 2);

        await("some received", Duration.ofSeconds(30), () -> receiver.distinct() >= 8);
        app.close();
        app = null;
        int before = receiver.distinct();
        assertThat(before).as("stopped in the middle").isLessThan(80);

        app = start(4, 1);
        await("all 80 received after the restart", Duration.ofSeconds(60), () -> receiver.distinct() == 80);
        assertThat(receiver.duplicates()).as("sent twice").isEmpty();
        expected.forEach((subject, ids) ->
                assertThat(receiver.receivedBy(subject)).as(subject).isEqualTo(ids));
        await(
                "recorded delivered",
                Duration.ofSeconds(10),
                () -> app.module(DeliveryModule.class).outbox().counts().pending() == 0);
    }

    @Test
    void aPlatformThatOptedInReceivesSignedBatches() throws Exception {
        app = start(4, 50);
        Map<String, List<String>> expected = enqueue(app, 200, 2);

        await("all 400 received", Duration.ofSeconds(30), () -> receiver.distinct() == 400);
        assertThat(receiver.requests())
                .as("requests for 400 actions in batches of up to 50")
                .isLessThanOrEqualTo(40);
        assertThat(receiver.badSignatures()).isZero();
        expected.forEach((subject, ids) ->
                assertThat(receiver.receivedBy(subject)).as(subject).isEqualTo(ids));
    }
}
