package org.fulcrum.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.fulcrum.server.App;
import org.fulcrum.server.DeliveryModule;
import org.fulcrum.server.DetectionModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.config.KeyFiles;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.platform.EventBatch;
import org.fulcrum.server.platform.OutboxClaims;
import org.fulcrum.server.support.Actions;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.KafkaBroker;
import org.fulcrum.server.support.Postgres;
import org.fulcrum.server.support.SharedKeyFiles;
import org.fulcrum.server.support.TestApp;
import org.fulcrum.server.web.Bodies;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL schema, both dispatching the shared outbox to Kafka: every action is
 * published once, each subject's actions in order, and the claims of a node that died are taken
 * over once their lease runs out.
 */
@Tag("kafka")
class TwoNodesTest {
    private static final Json JSON = Json.strict();
    private static final Bodies BODIES = new Bodies(Long.MAX_VALUE, JSON);

    static final Duration CRASHED_LEASE = Duration.ofSeconds(4);
    static final KeyFiles KEYS = SharedKeyFiles.create("fulcrum.log/localhost");
    static KafkaBroker kafka;

    @BeforeAll
    static void startKafka() {
        Postgres.require();
        kafka = KafkaBroker.shared();
    }

    static Config node(String schema, String name) throws Exception {
        Config c =
                TestApp.config(Files.createTempDirectory("fulcrum-" + name)).withDatabase(Postgres.URL, "", "", schema);
        c = Clusters.kafka(c, kafka, "actions-two-nodes", null);
        return SharedKeyFiles.use(c.withCluster(c.cluster().withNodeId(name)), KEYS);
    }

    static List<String> subjects(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add("tn-post-" + i);
        }
        return out;
    }

    @Test
    void twoNodesDeliverEveryActionOnceInOrderAndTakeOverTheClaimsOfADeadNode() throws Exception {
        kafka.createTopic("actions-two-nodes", 3);
        String schema = Postgres.freshSchema();
        try (App a = App.create(node(schema, "node-a"), Clock.systemUTC());
                App b = App.create(node(schema, "node-b"), Clock.systemUTC());
                var pool = Executors.newFixedThreadPool(2)) {
            a.module(DetectionModule.class)
                    .ingest()
                    .ingest(BODIES.parse(
                            JSON.write(Events.batch(0, 40, "tn")).getBytes(StandardCharsets.UTF_8), EventBatch.class));

            // A third node claimed the first actions of ten subjects, then died.
            List<String> orphaned = new ArrayList<>();
            for (String s : subjects(0, 10)) {
                orphaned.addAll(Actions.flip(
                        a.module(StoreModule.class).db(),
                        a.module(DeliveryModule.class).enforcement(),
                        s,
                        1));
            }
            long claimedAt = System.currentTimeMillis();
            List<OutboxClaims.Claimed> held = new OutboxClaims(
                            a.module(StoreModule.class).db(), "node-dead", CRASHED_LEASE, Clock.systemUTC())
                    .claim(100);
            assertThat(held).hasSize(10);

            a.start();
            b.start();
            // Both nodes act on the same thirty subjects at once, from opposite ends.
            List<String> shared = subjects(10, 40);
            List<Future<?>> writers = List.of(
                    pool.submit(() -> shared.forEach(s -> Actions.flip(
                            a.module(StoreModule.class).db(),
                            a.module(DeliveryModule.class).enforcement(),
                            s,
                            1))),
                    pool.submit(() -> shared.reversed()
                            .forEach(s -> Actions.flip(
                                    b.module(StoreModule.class).db(),
                                    b.module(DeliveryModule.class).enforcement(),
                                    s,
                                    1))));
            for (Future<?> w : writers) {
                w.get();
            }
            int total = 20 + 30 * 4;

            Clusters.await(
                    "both nodes emptied the outbox",
                    Duration.ofSeconds(60),
                    () -> a.module(DeliveryModule.class).outbox().counts().pending() == 0,
                    () -> a.module(DeliveryModule.class).outbox().pending(10));
            List<KafkaBroker.Record> records = kafka.read("actions-two-nodes", total, Duration.ofSeconds(10));

            List<String> published = records.stream()
                    .map(r -> r.header(KafkaActionTransport.ACTION_ID).orElseThrow())
                    .toList();
            assertThat(published)
                    .as("every action once, none twice")
                    .hasSize(total)
                    .doesNotHaveDuplicates();
            assertThat(KafkaActionTransportTest.bySubject(records))
                    .as("each subject in commit order")
                    .isEqualTo(commitOrder(a));
            assertThat(a.module(DeliveryModule.class).dispatcher().deliveredCount()
                            + b.module(DeliveryModule.class).dispatcher().deliveredCount())
                    .isEqualTo(total);
            assertThat(a.module(DeliveryModule.class).dispatcher().deliveredCount())
                    .as("node a delivered")
                    .isPositive();
            assertThat(b.module(DeliveryModule.class).dispatcher().deliveredCount())
                    .as("node b delivered")
                    .isPositive();

            long firstOrphanDelivered = deliveredAt(
                    a, held.stream().map(OutboxClaims.Claimed::actionId).toList(), "MIN");
            assertThat(firstOrphanDelivered)
                    .as("the dead node's claims were respected until their lease ran out")
                    .isGreaterThanOrEqualTo(claimedAt + CRASHED_LEASE.toMillis());
            assertThat(deliveredAt(
                            a,
                            published.stream()
                                    .filter(id -> !orphaned.contains(id))
                                    .toList(),
                            "MIN"))
                    .as("other subjects did not wait for them")
                    .isLessThan(claimedAt + CRASHED_LEASE.toMillis());
        }
    }

    static Map<String, List<String>> commitOrder(App app) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        app.module(StoreModule.class)
                .db()
                .read(h -> h.createQuery("SELECT subject_id, action_id FROM outbox ORDER BY subject_id, subject_seq")
                        .map((rs, ctx) -> out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                                .add(rs.getString(2)))
                        .list());
        return out;
    }

    static long deliveredAt(App app, List<String> ids, String aggregate) {
        Long at = app.module(StoreModule.class)
                .db()
                .read(h -> h.createQuery(
                                "SELECT " + aggregate + "(delivered_at) FROM outbox WHERE action_id IN (<ids>)")
                        .bindList("ids", ids)
                        .mapTo(Long.class)
                        .one());
        return at;
    }
}
