package org.fulcrum.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fulcrum.server.DeliveryModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.support.Actions;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.KafkaBroker;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** In cluster mode every enforcement action is published to the actions topic, keyed by subject, in order. */
@Tag("kafka")
class KafkaActionTransportTest {
    static KafkaBroker kafka;

    @BeforeAll
    static void startKafka() {
        kafka = KafkaBroker.shared();
    }

    static Map<String, List<String>> flipAll(TestApp app, List<String> subjects, int rounds) {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            for (String s : subjects) {
                expected.computeIfAbsent(s, k -> new ArrayList<>())
                        .addAll(Actions.flip(
                                app.app().module(StoreModule.class).db(),
                                app.app().module(DeliveryModule.class).enforcement(),
                                s,
                                2));
            }
        }
        return expected;
    }

    /** The action ids of each subject (record key) in the order the topic holds them. */
    static Map<String, List<String>> bySubject(List<KafkaBroker.Record> records) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        records.stream()
                .sorted(java.util.Comparator.comparingInt(KafkaBroker.Record::partition)
                        .thenComparingLong(KafkaBroker.Record::offset))
                .forEach(r -> out.computeIfAbsent(r.key(), k -> new ArrayList<>())
                        .add(r.header(KafkaActionTransport.ACTION_ID).orElseThrow()));
        return out;
    }

    @Test
    void actionsReachTheTopicKeyedBySubjectWithTheirIdInOrderPerSubject() {
        kafka.createTopic("actions-order", 3);
        try (TestApp app = TestApp.sqlite(c -> Clusters.kafka(c, kafka, "actions-order", null))) {
            assertThat(app.platform()
                            .postJson("/v1/platform/events", Events.batch(0, 8, "ka"))
                            .status())
                    .isEqualTo(200);
            List<String> subjects = List.of(
                    "ka-post-0",
                    "ka-post-1",
                    "ka-post-2",
                    "ka-post-3",
                    "ka-post-4",
                    "ka-post-5",
                    "ka-post-6",
                    "ka-post-7");
            Map<String, List<String>> expected = flipAll(app, subjects, 2);
            int total = expected.values().stream().mapToInt(List::size).sum();

            Clusters.await(
                    "the outbox is empty",
                    Duration.ofSeconds(20),
                    () -> app.app()
                                    .module(DeliveryModule.class)
                                    .outbox()
                                    .counts()
                                    .pending()
                            == 0,
                    () -> app.app()
                            .module(DeliveryModule.class)
                            .outbox()
                            .pending(5)
                            .toString());
            List<KafkaBroker.Record> records = kafka.read("actions-order", total, Duration.ofSeconds(10));

            assertThat(records)
                    .as("each action once: nothing failed, so nothing was sent twice")
                    .hasSize(total);
            for (KafkaBroker.Record r : records) {
                JsonNode payload = Clusters.json(r.text());
                assertThat(r.key()).isEqualTo(payload.get("subjectId").asText());
                assertThat(r.header(KafkaActionTransport.ACTION_ID))
                        .contains(payload.get("actionId").asText());
            }
            assertThat(bySubject(records)).isEqualTo(expected);
            Map<String, Set<Integer>> partitions = new LinkedHashMap<>();
            records.forEach(r ->
                    partitions.computeIfAbsent(r.key(), k -> new HashSet<>()).add(r.partition()));
            assertThat(partitions.values()).allSatisfy(p -> assertThat(p).hasSize(1));
            assertThat(records.stream()
                            .map(KafkaBroker.Record::partition)
                            .distinct()
                            .count())
                    .as("subjects spread over the partitions")
                    .isGreaterThan(1);
            assertThat(app.queryLong("SELECT COUNT(*) FROM outbox WHERE claimed_by IS NOT NULL"))
                    .isZero();
        }
    }

    @Test
    void aBrokerOutageKeepsActionsPendingAndDeliversEverythingInOrderOnceItIsBack() {
        kafka.createTopic("actions-outage", 3);
        try (TestApp app = TestApp.sqlite(c -> Clusters.kafka(c, kafka, "actions-outage", null))) {
            assertThat(app.platform()
                            .postJson("/v1/platform/events", Events.batch(0, 5, "ko"))
                            .status())
                    .isEqualTo(200);
            Map<String, List<String>> expected = flipAll(app, List.of("ko-post-0"), 1);
            Clusters.await(
                    "the first actions are delivered",
                    Duration.ofSeconds(20),
                    () -> app.app()
                                    .module(DeliveryModule.class)
                                    .outbox()
                                    .counts()
                                    .delivered()
                            == 4);

            kafka.stopBroker();
            try {
                List<String> subjects = List.of("ko-post-1", "ko-post-2", "ko-post-3", "ko-post-4");
                flipAll(app, subjects, 1)
                        .forEach((s, ids) -> expected.computeIfAbsent(s, k -> new ArrayList<>())
                                .addAll(ids));
                Clusters.await(
                        "every subject's first action failed",
                        Duration.ofSeconds(30),
                        () -> app.app()
                                        .module(DeliveryModule.class)
                                        .outbox()
                                        .counts()
                                        .failing()
                                == 4,
                        () -> app.app()
                                .module(DeliveryModule.class)
                                .outbox()
                                .pending(20)
                                .toString());

                var counts = app.app().module(DeliveryModule.class).outbox().counts();
                assertThat(counts.pending())
                        .as("nothing is lost while the broker is down")
                        .isEqualTo(16);
                assertThat(counts.delivered()).isEqualTo(4);
                assertThat(
                                app.queryLong(
                                        "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND attempts > 0 AND subject_seq > 1"))
                        .as("no later action overtakes a failing one")
                        .isZero();
                // every failed attempt is surfaced with its error (the oldest pending record may be one
                // that waits behind its subject's failing action and was never attempted)
                var failed = app.app().module(DeliveryModule.class).outbox().pending(20).stream()
                        .filter(e -> e.attempts() > 0)
                        .toList();
                assertThat(failed)
                        .hasSize(4)
                        .allSatisfy(e -> assertThat(e.lastError()).isPresent());
            } finally {
                kafka.startBroker();
            }

            Clusters.await(
                    "everything is delivered after the outage",
                    Duration.ofSeconds(45),
                    () -> app.app()
                                    .module(DeliveryModule.class)
                                    .outbox()
                                    .counts()
                                    .pending()
                            == 0,
                    () -> app.app()
                            .module(DeliveryModule.class)
                            .outbox()
                            .pending(20)
                            .toString());
            List<KafkaBroker.Record> records = kafka.read("actions-outage", 20, Duration.ofSeconds(10));
            Map<String, List<String>> firstSeen = new LinkedHashMap<>();
            bySubject(records)
                    .forEach(
                            (s, ids) -> firstSeen.put(s, ids.stream().distinct().toList()));
            assertThat(firstSeen)
                    .as("every action arrived, each subject in order")
                    .isEqualTo(expected);
        }
    }
}
