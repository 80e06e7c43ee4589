package org.fulcrum.bench.cluster;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.fulcrum.bench.detect.DetectionLoad;
import org.fulcrum.bench.detect.Workload;
import org.fulcrum.pdq.PdqHash;
import org.fulcrum.server.App;
import org.fulcrum.server.DetectionModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.cluster.KafkaEventConsumer;
import org.fulcrum.server.config.ConfigLoader;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.platform.ContentEvent;
import org.fulcrum.server.store.Retries;

/**
 * Detection events per second with 1, 2 and 3 nodes on one PostgreSQL schema, fed through the
 * events topic of a KRaft broker in this JVM. Each run starts from a fresh schema holding the
 * {@link DetectionLoad} rules (two 1,000-term keyword lists, a 10,000-domain list, ten CEL
 * conditions, a regex rule) and a PDQ bank, publishes a backlog of distinct content events (about
 * 200 bytes of text, 10% with a PDQ hash) to a fresh topic of six partitions, and then starts the
 * nodes together in one consumer group, so the partitions are spread across them. Each node is a
 * whole app in this JVM: it reads its partitions, stores each batch durably (events, subjects,
 * backlog rows) before committing offsets, scans on its detection workers and records matches.
 * The rate is taken between 10% and 90% of the backlog scanned (stored and gone from the detection
 * backlog), so start-up and the tail are left out; per node is that rate divided by the nodes, and
 * each node's share of the events it read is printed.
 *
 * <p>Usage: {@code ./fulcrum bench -Xmx3g cluster.ClusterDetectionLoad [events] [bank size] [jdbc url]}
 * (default 100,000 events, a 100,000-hash bank, {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}).
 * All nodes share the machine's cores: on one machine the figures show what the extra nodes cost
 * and how evenly the partitions are shared, not what more machines would give.
 */
public final class ClusterDetectionLoad {
    private static final Json JSON = Json.strict();

    static final int PARTITIONS = 6;

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int bankSize = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        String url = args.length > 2 ? args[2] : "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
        quietKafkaLogs();
        KafkaClusterTestKit kafka = broker();
        try {
            Workload w = new Workload(new SplittableRandom(2026));
            List<Result> results = new ArrayList<>();
            for (int nodes = 1; nodes <= 3; nodes++) {
                results.add(run(kafka.bootstrapServers(), url, w, nodes, events, bankSize));
            }
            double base = results.getFirst().perSecond();
            for (Result r : results) {
                System.out.printf(
                        "detection over Kafka, %d node(s): %.0f events/s in all, %.0f per node (%.2fx one node in all);"
                                + " events read per node %s; %d matches recorded;"
                                + " write units run again after a deadlock %d, a serialisation failure %d;"
                                + " polls read again from Kafka %d%n",
                        r.nodes(),
                        r.perSecond(),
                        r.perSecond() / r.nodes(),
                        r.perSecond() / base,
                        r.read(),
                        r.matches(),
                        r.deadlocks(),
                        r.serialization(),
                        r.readAgain());
            }
        } finally {
            kafka.close();
        }
    }

    record Result(
            int nodes,
            double perSecond,
            List<Long> read,
            long matches,
            long deadlocks,
            long serialization,
            long readAgain) {}

    static Result run(String bootstrap, String url, Workload w, int nodes, int count, int bankSize) throws Exception {
        String tag = nodes + "_" + Long.toHexString(System.nanoTime());
        String schema = "bench_detect_" + tag;
        String topic = "bench.events." + tag;
        Path setupData = Files.createTempDirectory("fulcrum-bench-detect-setup");
        List<PdqHash> banked;
        try (App setup = create(config(url, schema, setupData, "setup", null, null, null))) {
            banked = DetectionLoad.load(setup, w, bankSize);
        }
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(
                            new NewTopic(topic, PARTITIONS, (short) 1),
                            new NewTopic(topic + ".dead", 1, (short) 1),
                            new NewTopic("bench.actions." + tag, PARTITIONS, (short) 1)))
                    .all()
                    .get();
        }
        List<ContentEvent> batch = w.events(count, banked);
        publish(bootstrap, topic, batch);
        List<App> apps = new ArrayList<>();
        try {
            for (int i = 0; i < nodes; i++) {
                Path data = Files.createTempDirectory("fulcrum-bench-detect");
                apps.add(create(config(url, schema, data, "node-" + i, bootstrap, tag, setupData)));
            }
            long t0 = System.nanoTime();
            apps.forEach(App::start);
            long low = count / 10;
            long high = count * 9L / 10;
            long tLow = 0;
            long tHigh = 0;
            try (Connection c = DriverManager.getConnection(url)) {
                c.setSchema(schema);
                while (tHigh == 0) {
                    long scanned = scanned(c);
                    long now = System.nanoTime();
                    if (tLow == 0 && scanned >= low) {
                        tLow = now;
                    }
                    if (scanned >= high) {
                        tHigh = now;
                    }
                    if (now - t0 > 900_000_000_000L) {
                        throw new IllegalStateException("the backlog was not scanned within 15 minutes");
                    }
                    Thread.sleep(100);
                }
                List<Long> read = apps.stream()
                        .map(a -> a.module(DetectionModule.class)
                                .eventConsumer()
                                .map(KafkaEventConsumer::stats)
                                .map(KafkaEventConsumer.Stats::accepted)
                                .orElse(0L))
                        .toList();
                long matches = one(c, "SELECT COUNT(*) FROM detection_match");
                long deadlocks = apps.stream()
                        .mapToLong(
                                a -> a.module(StoreModule.class).db().retries().count(Retries.Reason.deadlock))
                        .sum();
                long serialization = apps.stream()
                        .mapToLong(
                                a -> a.module(StoreModule.class).db().retries().count(Retries.Reason.serialization))
                        .sum();
                long readAgain = apps.stream()
                        .mapToLong(a -> a.module(DetectionModule.class)
                                .eventConsumer()
                                .map(KafkaEventConsumer::stats)
                                .map(KafkaEventConsumer.Stats::readAgain)
                                .orElse(0L))
                        .sum();
                return new Result(
                        nodes,
                        (high - low) / ((tHigh - tLow) / 1e9),
                        read,
                        matches,
                        deadlocks,
                        serialization,
                        readAgain);
            }
        } finally {
            for (App a : apps) {
                a.close();
            }
        }
    }

    /** Events stored and gone from the detection backlog: scanned, their matches recorded. */
    static long scanned(Connection c) throws Exception {
        return one(c, "SELECT (SELECT COUNT(*) FROM content_event) - (SELECT COUNT(*) FROM detection_pending)");
    }

    static long one(Connection c, String sql) throws Exception {
        try (var s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * A node's settings; {@code bootstrap} null for the setup node (no Kafka). Every node but the
     * setup node reads the setup node's keys, as the shared key files. A queued event is taken over
     * by another node only after 60 s: with a backlog, events wait in a busy node's queue longer
     * than the default 5 s and would be scanned twice.
     */
    static ConfigLoader config(
            String url, String schema, Path data, String node, String bootstrap, String tag, Path keysOf) {
        ConfigLoader c = new ConfigLoader()
                .set("port", "0")
                .set("host", "127.0.0.1")
                .set("data", data.toString())
                .set("database.url", url)
                .set("database.schema", schema)
                .set("node.id", node)
                .set("detect.orphaned.seconds", "60");
        if (bootstrap != null) {
            c.set("kafka.bootstrap", bootstrap)
                    .set("kafka.topic.events", "bench.events." + tag)
                    .set("kafka.topic.events.dead", "bench.events." + tag + ".dead")
                    .set("kafka.topic.actions", "bench.actions." + tag)
                    .set("kafka.group", "bench-" + tag);
        }
        if (keysOf != null) {
            c.set("log.key.file", keysOf.resolve("log-signing.key").toString())
                    .set(
                            "lawful.answer.key.file",
                            keysOf.resolve("keys/lawful-answers.jwk").toString())
                    .set(
                            "evidence.key.file",
                            keysOf.resolve("keys/evidence.key").toString());
        }
        return c;
    }

    static App create(ConfigLoader c) {
        return App.create(c.load(), Clock.systemUTC());
    }

    /** Publishes the events keyed by subject, acknowledged by the broker. */
    static void publish(String bootstrap, String topic, List<ContentEvent> events) throws Exception {
        long t0 = System.nanoTime();
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class))) {
            for (ContentEvent e : events) {
                producer.send(new ProducerRecord<>(topic, e.subjectId(), JSON.write(e)));
            }
            producer.flush();
        }
        System.out.printf(
                "published %d events (%d bytes each on average) in %.1f s%n",
                events.size(),
                events.stream()
                                .mapToLong(e -> JSON.write(e).getBytes(StandardCharsets.UTF_8).length)
                                .sum()
                        / events.size(),
                (System.nanoTime() - t0) / 1e9);
    }

    /** One KRaft node, controller and broker; the group waits 3 s for members before assigning partitions. */
    static KafkaClusterTestKit broker() throws Exception {
        KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "3000")
                .setConfigProp("auto.create.topics.enable", "false")
                .build();
        kit.format();
        kit.startup();
        kit.waitForReadyBrokers();
        return kit;
    }

    static void quietKafkaLogs() {
        for (String name : List.of("state.change.logger", "kafka", "org.apache.kafka")) {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(name))
                    .setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }
}
