package org.fulcrum.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.fulcrum.server.App;
import org.fulcrum.server.DetectionModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.KafkaBroker;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Content events published to the events topic are ingested, once in effect, and bad records are set aside. */
@Tag("kafka")
class KafkaEventConsumerTest {
    private static final Json JSON = Json.strict();

    static KafkaBroker kafka;

    @BeforeAll
    static void startKafka() {
        kafka = KafkaBroker.shared();
    }

    static byte[] event(String prefix, int i) {
        return JSON.write(Events.post(
                        prefix + "-ev-" + i, prefix + "-post-" + i, prefix + "-channel-" + (i % 3), "hello " + i))
                .getBytes(StandardCharsets.UTF_8);
    }

    static void publish(String topic, String prefix, int from, int count) {
        List<KafkaBroker.Message> messages = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            messages.add(new KafkaBroker.Message(prefix + "-post-" + i, event(prefix, i)));
        }
        kafka.publish(topic, messages);
    }

    static long committed(String group) {
        return kafka.committed(group).values().stream()
                .mapToLong(OffsetAndMetadata::offset)
                .sum();
    }

    static long events(App app, String prefix) {
        Long n = app.module(StoreModule.class)
                .db()
                .read(h -> h.createQuery("SELECT COUNT(*) FROM content_event WHERE event_id LIKE :p")
                        .bind("p", prefix + "-ev-%")
                        .mapTo(Long.class)
                        .one());
        return n;
    }

    @Test
    void eventsPublishedToTheTopicAreIngestedAndARepublishedEventChangesNothing() {
        kafka.createTopic("events-basic", 2);
        try (TestApp app = TestApp.sqlite(c -> Clusters.kafka(c, kafka, "actions-basic", "events-basic"))) {
            KafkaEventConsumer consumer =
                    app.app().module(DetectionModule.class).eventConsumer().orElseThrow();
            publish("events-basic", "kb", 0, 30);
            Clusters.await(
                    "30 events are ingested",
                    Duration.ofSeconds(20),
                    () -> events(app.app(), "kb") == 30,
                    consumer::stats);
            assertThat(app.platform()
                            .get("/v1/platform/subjects/kb-post-7")
                            .json()
                            .at("/kind")
                            .asText())
                    .isEqualTo("post");

            publish("events-basic", "kb", 0, 10);
            Clusters.await(
                    "the platform's resent events are read",
                    Duration.ofSeconds(20),
                    () -> consumer.stats().duplicates() == 10,
                    consumer::stats);
            assertThat(events(app.app(), "kb")).isEqualTo(30);
            assertThat(consumer.stats().accepted()).isEqualTo(30);
            Clusters.await(
                    "offsets are committed", Duration.ofSeconds(10), () -> committed("fulcrum-events-basic") == 40);
            assertThat(app.http().get("/metrics").body())
                    .contains("fulcrum_kafka_events_total{outcome=\"accepted\"} 30")
                    .contains("fulcrum_kafka_events_total{outcome=\"duplicate\"} 10");
        }
    }

    /** What stops a node between ingesting a batch and committing its offsets. */
    static final class NodeStopped extends Error {
        NodeStopped() {
            super("the node stops before committing", null, false, false);
        }
    }

    @Test
    void aNodeStoppedBeforeItsCommitIngestsNothingTwiceOnceRestarted() throws Exception {
        kafka.createTopic("events-restart", 1);
        // All in the topic before the node starts, so that its first poll takes them all.
        publish("events-restart", "kr", 0, 20);
        Path dir = Files.createTempDirectory("fulcrum-restart");
        Config config = Clusters.kafka(TestApp.seeded(dir), kafka, "actions-restart", "events-restart");
        Set<String> acceptedFirst = ConcurrentHashMap.newKeySet();
        try (App first = App.create(config, Clock.systemUTC())) {
            KafkaEventConsumer consumer =
                    first.module(DetectionModule.class).eventConsumer().orElseThrow();
            consumer.beforeCommit(() -> {
                throw new NodeStopped();
            });
            first.module(DetectionModule.class)
                    .ingest()
                    .listen(batch -> batch.forEach(e -> acceptedFirst.add(e.eventId())));
            first.start();
            Clusters.await(
                    "the first node ingested the events and stopped",
                    Duration.ofSeconds(20),
                    () -> events(first, "kr") == 20 && !consumer.stats().running(),
                    consumer::stats);
        }
        assertThat(acceptedFirst).hasSize(20);
        assertThat(committed("fulcrum-events-restart"))
                .as("nothing was committed")
                .isZero();

        List<String> acceptedAgain = new ArrayList<>();
        try (App restarted = App.create(config, Clock.systemUTC())) {
            restarted
                    .module(DetectionModule.class)
                    .ingest()
                    .listen(batch -> batch.forEach(e -> acceptedAgain.add(e.eventId())));
            restarted.start();
            KafkaEventConsumer consumer =
                    restarted.module(DetectionModule.class).eventConsumer().orElseThrow();
            Clusters.await(
                    "the restarted node read the events again",
                    Duration.ofSeconds(30),
                    () -> consumer.stats().duplicates() == 20,
                    consumer::stats);
            Clusters.await(
                    "and committed them", Duration.ofSeconds(10), () -> committed("fulcrum-events-restart") == 20);
            assertThat(events(restarted, "kr")).isEqualTo(20);
            assertThat(consumer.stats().accepted()).isZero();
        }
        assertThat(acceptedAgain).as("no event reaches detection twice").isEmpty();
    }

    @Test
    void malformedRecordsGoToTheDeadLetterTopicWithTheReasonAndThePartitionMovesOn() {
        kafka.createTopic("events-bad", 1);
        kafka.createTopic("events-bad.dead", 1);
        try (TestApp app = TestApp.sqlite(c -> Clusters.kafka(c, kafka, "actions-bad", "events-bad"))) {
            KafkaEventConsumer consumer =
                    app.app().module(DetectionModule.class).eventConsumer().orElseThrow();
            Map<String, Object> badCountry = Events.post("kx-ev-2", "kx-post-2", "kx-channel", "hi");
            badCountry.put("country", "France");
            Map<String, Object> privateMessage = Events.post("kx-ev-5", "kx-post-5", "kx-channel", "hi");
            privateMessage.put("kind", "message");
            kafka.publish("events-bad", "kx-post-0", event("kx", 0));
            kafka.publish("events-bad", "kx-post-1", "not json at all".getBytes(StandardCharsets.UTF_8));
            kafka.publish("events-bad", "kx-post-2", JSON.write(badCountry).getBytes(StandardCharsets.UTF_8));
            kafka.publish(
                    "events-bad", "kx-post-3", new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'});
            kafka.publish("events-bad", "kx-post-4", null);
            kafka.publish("events-bad", "kx-post-5", JSON.write(privateMessage).getBytes(StandardCharsets.UTF_8));
            kafka.publish("events-bad", "kx-post-6", event("kx", 6));

            Clusters.await(
                    "the good events on both sides of the bad ones are ingested",
                    Duration.ofSeconds(20),
                    () -> events(app.app(), "kx") == 2,
                    consumer::stats);
            List<KafkaBroker.Record> dead = kafka.read("events-bad.dead", 5, Duration.ofSeconds(10));
            assertThat(dead).hasSize(5);
            assertThat(dead)
                    .extracting(r -> r.header(KafkaEventConsumer.SOURCE_OFFSET).orElseThrow())
                    .containsExactly("1", "2", "3", "4", "5");
            assertThat(dead)
                    .allSatisfy(r -> assertThat(r.header(KafkaEventConsumer.SOURCE_TOPIC))
                            .contains("events-bad"));
            assertThat(dead.get(0).header(KafkaEventConsumer.REASON).orElseThrow())
                    .contains("not valid JSON");
            assertThat(dead.get(0).text()).isEqualTo("not json at all");
            assertThat(dead.get(0).key()).isEqualTo("kx-post-1");
            assertThat(dead.get(1).header(KafkaEventConsumer.REASON).orElseThrow())
                    .startsWith("country:");
            assertThat(dead.get(2).header(KafkaEventConsumer.REASON).orElseThrow())
                    .contains("not valid JSON");
            assertThat(dead.get(3).header(KafkaEventConsumer.REASON).orElseThrow())
                    .contains("no value");
            assertThat(dead.get(4).header(KafkaEventConsumer.REASON).orElseThrow())
                    .startsWith("kind:");

            Clusters.await(
                    "the partition's offset moved past every record",
                    Duration.ofSeconds(10),
                    () -> committed("fulcrum-events-bad") == 7);
            assertThat(consumer.stats().running()).isTrue();
            assertThat(consumer.stats().deadLettered()).isEqualTo(5);
        }
    }

    @Test
    void anEventWithANulCharacterIsDeadLetteredWhileTheRestOfItsBatchIsIngested() {
        kafka.createTopic("events-refused", 1);
        kafka.createTopic("events-refused.dead", 1);
        // PostgreSQL text cannot hold NUL; the edge refuses it, so the store never sees it.
        try (TestApp app = TestApp.postgres(c -> Clusters.kafka(c, kafka, "actions-refused", "events-refused"))) {
            KafkaEventConsumer consumer =
                    app.app().module(DetectionModule.class).eventConsumer().orElseThrow();
            Map<String, Object> nul = Events.post("kn-ev-1", "kn-post-1", "kn-channel", "a\u0000b");
            kafka.publish("events-refused", "kn-post-0", event("kn", 0));
            kafka.publish("events-refused", "kn-post-1", JSON.write(nul).getBytes(StandardCharsets.UTF_8));
            kafka.publish("events-refused", "kn-post-2", event("kn", 2));

            Clusters.await(
                    "the two others are ingested",
                    Duration.ofSeconds(20),
                    () -> events(app.app(), "kn") == 2,
                    consumer::stats);
            List<KafkaBroker.Record> dead = kafka.read("events-refused.dead", 1, Duration.ofSeconds(10));
            assertThat(dead).hasSize(1);
            assertThat(dead.getFirst().header(KafkaEventConsumer.REASON).orElseThrow())
                    .contains("NUL");
            assertThat(dead.getFirst().header(KafkaEventConsumer.SOURCE_OFFSET)).contains("1");
            Clusters.await(
                    "the offsets are committed",
                    Duration.ofSeconds(10),
                    () -> committed("fulcrum-events-refused") == 3);
        }
    }
}
