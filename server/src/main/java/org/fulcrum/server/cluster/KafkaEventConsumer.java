package org.fulcrum.server.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.fulcrum.server.config.ClusterConfig;
import org.fulcrum.server.platform.ContentEvent;
import org.fulcrum.server.platform.EventIngest;
import org.fulcrum.server.web.Bodies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds content events from the events topic into {@link EventIngest}: one JSON content event per
 * record (the fields of an element of {@code POST /v1/platform/events}), keyed by subject id.
 * Every node runs one consumer in the ingest group, so the topic's partitions are shared out.
 *
 * <p>Offsets are committed by hand, only after the polled records were ingested durably (and the
 * unusable ones dead-lettered): a crash before the commit means the records are read again, and
 * ingestion, idempotent on event id, makes the second reading change nothing. A record that cannot
 * be ingested (not JSON, invalid fields, refused by a working store) goes to the dead-letter topic
 * with the reason, and the partition moves on. When the store itself is unavailable, nothing is
 * committed: the records are read again after a backoff, never skipped.
 */
public final class KafkaEventConsumer implements AutoCloseable {
    /** Dead-letter header: why the record could not be ingested. */
    public static final String REASON = "Fulcrum-Dead-Letter-Reason";
    /** Dead-letter headers: where the record was read. */
    public static final String SOURCE_TOPIC = "Fulcrum-Source-Topic";

    public static final String SOURCE_PARTITION = "Fulcrum-Source-Partition";
    public static final String SOURCE_OFFSET = "Fulcrum-Source-Offset";
    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventConsumer.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long MIN_BACKOFF_MS = 200;
    private static final long MAX_BACKOFF_MS = 30_000;

    private final ClusterConfig.Kafka kafka;
    private final String topic;
    private final String clientId;
    private final long maxRecordBytes;
    private final IngestStep step;
    private final Thread thread;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong readAgain = new AtomicLong();
    private volatile double lag;
    private volatile boolean running = true;
    private volatile Consumer<byte[], byte[]> consumer;
    private volatile Runnable beforeCommit = () -> {};
    private final Bodies bodies;

    /**
     * @param storeHealthy whether the store answers; a refusal while it does is the event's fault
     * @param maxEventsPerBatch the most events ingested in one transaction
     * @param maxRecordBytes the largest record value accepted, as the largest HTTP body
     * @param bodies binds a record's value as strictly as the HTTP API binds a body
     */
    public KafkaEventConsumer(
            ClusterConfig.Kafka kafka,
            String nodeId,
            EventIngest ingest,
            BooleanSupplier storeHealthy,
            int maxEventsPerBatch,
            long maxRecordBytes,
            Bodies bodies) {
        this.bodies = bodies;
        this.kafka = kafka;
        this.topic = kafka.eventsTopic().orElseThrow(() -> new IllegalArgumentException("no events topic configured"));
        this.clientId = "fulcrum-events-" + nodeId;
        this.maxRecordBytes = maxRecordBytes;
        this.step = new IngestStep(ingest, storeHealthy, maxEventsPerBatch);
        this.thread =
                Thread.ofPlatform().name("fulcrum-kafka-events").daemon(true).unstarted(this::run);
    }

    public KafkaEventConsumer start() {
        thread.start();
        return this;
    }

    /**
     * Counts since start: events accepted, events seen before (redelivered), records dead-lettered,
     * polls read again after their ingestion failed.
     */
    public record Stats(long accepted, long duplicates, long deadLettered, long readAgain, boolean running) {}

    /**
     * The most records this node's partitions trailed the topic's end by, in the client's recent
     * window ({@code records-lag-max}); 0 before the first poll that knew it.
     */
    public double lag() {
        return lag;
    }

    public Stats stats() {
        return new Stats(accepted.get(), duplicates.get(), deadLettered.get(), readAgain.get(), thread.isAlive());
    }

    /** Runs between a batch's ingestion and its commit; where a test stops the node mid-way. */
    void beforeCommit(Runnable hook) {
        this.beforeCommit = hook;
    }

    private void run() {
        long backoff = MIN_BACKOFF_MS;
        while (running) {
            try (Consumer<byte[], byte[]> c = new KafkaConsumer<>(KafkaClients.consumer(kafka, clientId));
                    Producer<byte[], byte[]> dlq =
                            new KafkaProducer<>(KafkaClients.producer(kafka, clientId + "-dead", true))) {
                consumer = c;
                if (!running) {
                    return;
                }
                c.subscribe(List.of(topic));
                consume(c, new DeadLetters(dlq, kafka.deadLetterTopic(), KafkaClients.sendTimeout(kafka), bodies));
                return;
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                // A client that cannot even be built (bad settings, bootstrap name not resolvable):
                // log, wait, try again; the node keeps serving everything else meanwhile.
                LOG.error("the content-event consumer failed; starting it again in {} ms", backoff, e);
                sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            }
        }
    }

    private static double recordsLagMax(Consumer<byte[], byte[]> c) {
        for (var e : c.metrics().entrySet()) {
            if (e.getKey().name().equals("records-lag-max")
                    && e.getKey().tags().get("topic") == null
                    && e.getValue().metricValue() instanceof Double d
                    && !d.isNaN()) {
                return d;
            }
        }
        return 0;
    }

    private void consume(Consumer<byte[], byte[]> c, DeadLetters deadLetters) {
        long backoff = MIN_BACKOFF_MS;
        while (running) {
            ConsumerRecords<byte[], byte[]> records = c.poll(POLL);
            lag = recordsLagMax(c);
            if (records.isEmpty()) {
                continue;
            }
            try {
                handle(records, deadLetters);
                beforeCommit.run();
                c.commitSync(nextOffsets(records));
                backoff = MIN_BACKOFF_MS;
            } catch (WakeupException e) {
                throw e;
            } catch (CommitFailedException | RebalanceInProgressException e) {
                LOG.warn(
                        "partitions moved to another node before the commit; it reads these records again,"
                                + " which changes nothing: {}",
                        e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn(
                        "could not ingest {} content events; reading them again in {} ms", records.count(), backoff, e);
                rewind(c, records);
                readAgain.incrementAndGet();
                sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            }
        }
    }

    private void handle(ConsumerRecords<byte[], byte[]> records, DeadLetters deadLetters) {
        List<IngestStep.Item> events = new ArrayList<>(records.count());
        List<DeadLetters.Sent> dead = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            switch (deadLetters.read(r, maxRecordBytes)) {
                case DeadLetters.Read.Event(ContentEvent event) -> events.add(new IngestStep.Item(r, event));
                case DeadLetters.Read.Malformed(String reason) -> dead.add(deadLetters.send(r, reason));
            }
        }
        IngestStep.Outcome outcome = step.ingest(events);
        outcome.refused().forEach(r -> dead.add(deadLetters.send(r.record(), r.reason())));
        deadLetters.await(dead);
        accepted.addAndGet(outcome.accepted());
        duplicates.addAndGet(outcome.duplicates());
        deadLettered.addAndGet(dead.size());
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            ConsumerRecord<byte[], byte[]> last = records.records(tp).getLast();
            offsets.put(tp, new OffsetAndMetadata(last.offset() + 1, last.leaderEpoch(), ""));
        }
        return offsets;
    }

    /** Goes back to the first record of the failed batch in each partition this node still owns. */
    private static void rewind(Consumer<byte[], byte[]> c, ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition tp : records.partitions()) {
            if (c.assignment().contains(tp)) {
                c.seek(tp, records.records(tp).getFirst().offset());
            }
        }
    }

    /** Waits, but no longer than it takes to notice a close. */
    private void sleep(long millis) {
        long until = System.nanoTime() + millis * 1_000_000;
        try {
            while (running && System.nanoTime() < until) {
                Thread.sleep(Math.min(100, millis));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops after the batch in hand; what was not committed is read again by the next owner. */
    @Override
    public void close() {
        running = false;
        Consumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
