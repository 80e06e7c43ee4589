package org.fulcrum.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Utils;

/**
 * A real Kafka broker in this JVM: one KRaft node acting as controller and broker, started with
 * Kafka's own test kit. The broker side can be stopped and started again on the same port, to
 * play an outage.
 */
public final class KafkaBroker implements AutoCloseable {
    private final KafkaClusterTestKit kit;
    private final Path directory;
    private final String bootstrap;

    private KafkaBroker(KafkaClusterTestKit kit, Path directory) {
        this.kit = kit;
        this.directory = directory;
        this.bootstrap = kit.bootstrapServers();
    }

    /**
     * The broker this JVM's test classes share, started by the first to ask and stopped as the JVM
     * exits: a start costs seconds, and each class works on topics and groups of its own names. A
     * class that stops the broker to play an outage starts it again before it ends.
     */
    public static KafkaBroker shared() {
        return Shared.BROKER;
    }

    /** Holds the shared broker; the class loads, and the broker starts, on the first call. */
    private static final class Shared {
        static final KafkaBroker BROKER = start();

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(BROKER::close, "kafka-broker-stop"));
        }
    }

    /**
     * A broker of the caller's own, to close when done. Its log directories sit in a folder this
     * class creates and deletes only after the broker has stopped. Left to the test kit, the folder
     * would be Kafka's own temporary one, which Kafka deletes from a shutdown hook of its own: that
     * hook runs beside the one stopping the shared broker, and a broker whose metadata log directory
     * vanishes under it halts the JVM with status 1, after every test has passed.
     */
    public static KafkaBroker start() {
        // The broker's own loggers sit outside the Kafka packages the application's logging quietens.
        for (String name : List.of("state.change.logger", "kafka", "org.apache.kafka")) {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(name))
                    .setLevel(ch.qos.logback.classic.Level.WARN);
        }
        Path directory;
        try {
            directory = Files.createTempDirectory("fulcrum-kafka");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setBaseDirectory(directory)
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build();
            KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(nodes)
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            return new KafkaBroker(kit, directory);
        } catch (Exception e) {
            throw new IllegalStateException("the in-JVM Kafka broker did not start", e);
        }
    }

    public String bootstrap() {
        return bootstrap;
    }

    /** The folder holding the broker's log directories; gone once {@link #close} has returned. */
    public Path directory() {
        return directory;
    }

    public void createTopic(String name, int partitions) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                    .all()
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + name, e);
        }
    }

    /** Stops the broker (the controller stays up); clients see it as gone. */
    public void stopBroker() {
        for (BrokerServer b : kit.brokers().values()) {
            b.shutdown();
            b.awaitShutdown();
        }
    }

    /** Starts the broker again on the port it had. */
    public void startBroker() {
        kit.brokers().values().forEach(BrokerServer::startup);
        try {
            kit.waitForReadyBrokers();
        } catch (Exception e) {
            throw new IllegalStateException("the broker did not come back", e);
        }
    }

    /** A record to publish. */
    public record Message(String key, byte[] value) {}

    public void publish(String topic, String key, byte[] value) {
        publish(topic, List.of(new Message(key, value)));
    }

    /** Publishes {@code messages} in order, acknowledged by the broker. */
    public void publish(String topic, List<Message> messages) {
        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class))) {
            List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
            for (Message m : messages) {
                acks.add(producer.send(new ProducerRecord<>(
                        topic, m.key() == null ? null : m.key().getBytes(StandardCharsets.UTF_8), m.value())));
            }
            for (var ack : acks) {
                ack.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + topic, e);
        }
    }

    /** A record as read back from a topic. */
    public record Record(int partition, long offset, String key, byte[] value, Map<String, String> headers) {
        public String text() {
            return value == null ? null : new String(value, StandardCharsets.UTF_8);
        }

        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name));
        }
    }

    /** Reads {@code topic} from the start until it holds at least {@code count} records or time is up. */
    public List<Record> read(String topic, int count, Duration within) {
        try (var consumer = new KafkaConsumer<byte[], byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
            int partitions = consumer.partitionsFor(topic).size();
            List<TopicPartition> all = IntStream.range(0, partitions)
                    .mapToObj(p -> new TopicPartition(topic, p))
                    .toList();
            consumer.assign(all);
            consumer.seekToBeginning(all);
            List<Record> out = new ArrayList<>();
            Instant deadline = Instant.now().plus(within);
            while (out.size() < count && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Map<String, String> headers = new java.util.LinkedHashMap<>();
                    for (Header h : r.headers()) {
                        headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
                    }
                    out.add(new Record(
                            r.partition(),
                            r.offset(),
                            r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8),
                            r.value(),
                            headers));
                }
            }
            return out;
        }
    }

    /** The offsets a consumer group has committed on {@code topic}, by partition. */
    public Map<TopicPartition, OffsetAndMetadata> committed(String group) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            return admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the offsets of group " + group, e);
        }
    }

    @Override
    public void close() {
        try {
            kit.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            try {
                Utils.delete(directory.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + directory, e);
            }
        }
    }
}
