package org.fulcrum.server.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.platform.ContentEvent;
import org.fulcrum.server.web.Bodies;

/**
 * Reading event records, and putting those that cannot be ingested on the dead-letter topic: the
 * original key, value and headers, plus the reason and where the record came from.
 */
final class DeadLetters {
    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Duration timeout;

    private final Bodies bodies;

    DeadLetters(Producer<byte[], byte[]> producer, String topic, Duration timeout, Bodies bodies) {
        this.bodies = bodies;
        this.producer = producer;
        this.topic = topic;
        this.timeout = timeout;
    }

    /** What a record holds: an event to ingest, or the reason it is unusable. */
    sealed interface Read {
        record Event(ContentEvent event) implements Read {}

        record Malformed(String reason) implements Read {}
    }

    /** Decodes one record as strictly as the HTTP API decodes one event of a batch. */
    Read read(ConsumerRecord<byte[], byte[]> r, long maxBytes) {
        byte[] value = r.value();
        if (value == null || value.length == 0) {
            return new Read.Malformed("the record has no value");
        }
        if (value.length > maxBytes) {
            return new Read.Malformed("the record is larger than the limit of " + maxBytes + " bytes");
        }
        try {
            return new Read.Event(bodies.parse(value, ContentEvent.class));
        } catch (FulcrumException.InvalidInput e) {
            return new Read.Malformed(e.field() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            return new Read.Malformed("cannot be read as a content event: " + e.getMessage());
        }
    }

    /** A dead letter on its way, and the record it carries. */
    record Sent(ConsumerRecord<byte[], byte[]> source, Future<RecordMetadata> ack) {}

    Sent send(ConsumerRecord<byte[], byte[]> source, String reason) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : source.headers()) {
            headers.add(h.key(), h.value());
        }
        headers.add(KafkaEventConsumer.REASON, utf8(reason));
        headers.add(KafkaEventConsumer.SOURCE_TOPIC, utf8(source.topic()));
        headers.add(KafkaEventConsumer.SOURCE_PARTITION, utf8(String.valueOf(source.partition())));
        headers.add(KafkaEventConsumer.SOURCE_OFFSET, utf8(String.valueOf(source.offset())));
        try {
            return new Sent(
                    source, producer.send(new ProducerRecord<>(topic, null, source.key(), source.value(), headers)));
        } catch (KafkaException e) {
            return new Sent(source, CompletableFuture.failedFuture(e));
        }
    }

    /** Returns once every dead letter is acknowledged; throws if one is not, so nothing is committed. */
    void await(List<Sent> sent) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Sent s : sent) {
            try {
                s.ack().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                throw new IllegalStateException(
                        "the dead-letter topic " + topic + " did not take the record at "
                                + s.source().topic() + "/" + s.source().partition() + "@"
                                + s.source().offset() + ": "
                                + e.getCause().getMessage(),
                        e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException("the dead-letter topic " + topic + " did not answer in time", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while dead-lettering", e);
            }
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
