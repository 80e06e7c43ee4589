package org.fulcrum.server.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnknownProducerIdException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.fulcrum.server.config.ClusterConfig;
import org.fulcrum.server.platform.Outbox;
import org.fulcrum.server.platform.WebhookTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox's transport in cluster mode: publishes each action to the actions topic, keyed by
 * subject id so that one subject's actions stay in one partition, in order, with the action id in
 * the {@code Fulcrum-Action-Id} header for the platform to drop duplicates. A record counts as
 * delivered only once the broker acknowledged it from every in-sync replica; anything else (broker
 * down, timeout, rejection) is a failure the outbox retries later, so nothing is lost in between.
 */
public final class KafkaActionTransport implements Outbox.Transport, AutoCloseable {
    /** The header carrying the action id, named as the webhook's. */
    public static final String ACTION_ID = WebhookTransport.ACTION_ID;

    private static final Logger LOG = LoggerFactory.getLogger(KafkaActionTransport.class);
    private static final int BATCH = 100;

    private final ClusterConfig.Kafka kafka;
    private final String clientId;
    private final Duration timeout;
    private Producer<String, String> producer;

    public KafkaActionTransport(ClusterConfig.Kafka kafka, String nodeId) {
        this.kafka = kafka;
        this.clientId = "fulcrum-actions-" + nodeId;
        this.timeout = KafkaClients.sendTimeout(kafka);
    }

    @Override
    public int batchSize() {
        return BATCH;
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    @Override
    public Outbox.Delivery deliver(Outbox.Envelope envelope) {
        return deliverAll(List.of(envelope)).getFirst();
    }

    /** Sends every record, then waits for the broker's answers, so a batch costs one round trip. */
    @Override
    public synchronized List<Outbox.Delivery> deliverAll(List<Outbox.Envelope> envelopes) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Future<RecordMetadata>> sent = new ArrayList<>(envelopes.size());
        RuntimeException blocked = null;
        boolean renew = false;
        for (Outbox.Envelope e : envelopes) {
            if (blocked != null) {
                // The producer waited its whole max.block.ms (no broker, no metadata): the rest would too.
                sent.add(CompletableFuture.failedFuture(blocked));
                continue;
            }
            try {
                sent.add(producer().send(record(e)));
            } catch (org.apache.kafka.common.errors.TimeoutException ex) {
                blocked = ex;
                sent.add(CompletableFuture.failedFuture(ex));
            } catch (KafkaException | IllegalStateException ex) {
                renew |= needsNewProducer(ex);
                sent.add(CompletableFuture.failedFuture(ex));
            }
        }
        List<Outbox.Delivery> results = new ArrayList<>(envelopes.size());
        for (Future<RecordMetadata> f : sent) {
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                results.add(new Outbox.Delivery.Delivered(0));
            } catch (ExecutionException ex) {
                Throwable cause = ex.getCause();
                renew |= needsNewProducer(cause);
                results.add(new Outbox.Delivery.Failed(null, describe(cause)));
            } catch (TimeoutException ex) {
                results.add(new Outbox.Delivery.Failed(
                        null, "no acknowledgement from Kafka within " + timeout.toSeconds() + " s"));
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                results.add(new Outbox.Delivery.Failed(null, "interrupted"));
            }
        }
        if (renew) {
            LOG.warn("the Kafka producer reached a state it cannot leave; starting a new one");
            closeProducer(Duration.ZERO);
        }
        return results;
    }

    private ProducerRecord<String, String> record(Outbox.Envelope e) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(ACTION_ID, e.actionId().getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(kafka.actionsTopic(), null, e.subjectId(), e.payload(), headers);
    }

    private Producer<String, String> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(KafkaClients.producer(kafka, clientId, false));
        }
        return producer;
    }

    private static boolean needsNewProducer(Throwable t) {
        return t instanceof IllegalStateException
                || t instanceof OutOfOrderSequenceException
                || t instanceof UnknownProducerIdException
                || t instanceof ProducerFencedException
                || t instanceof InvalidProducerEpochException;
    }

    private static String describe(Throwable t) {
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private void closeProducer(Duration wait) {
        if (producer != null) {
            try {
                producer.close(wait);
            } catch (RuntimeException e) {
                LOG.warn("closing the Kafka producer failed", e);
            }
            producer = null;
        }
    }

    @Override
    public synchronized void close() {
        closeProducer(Duration.ofSeconds(5));
    }
}
