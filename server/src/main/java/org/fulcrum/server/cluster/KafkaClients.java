package org.fulcrum.server.cluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fulcrum.server.config.ClusterConfig;

/** The settings of Fulcrum's Kafka clients, built in one place from {@link ClusterConfig.Kafka}. */
final class KafkaClients {
    private KafkaClients() {}

    /**
     * A producer that counts a record as sent only once every in-sync replica has it (acks=all),
     * never writes one twice or out of order on its own retries (idempotence), and gives up within
     * the delivery timeout so the outbox can retry later. Settings from {@code kafka.client.*} apply,
     * except to these guarantees.
     */
    static Map<String, Object> producer(ClusterConfig.Kafka kafka, String clientId, boolean bytes) {
        Map<String, Object> p = common(kafka, clientId);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        p.putAll(kafka.clientProperties());
        // What the outbox relies on is not open to settings.
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int)
                kafka.deliveryTimeout().toMillis());
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int)
                requestTimeout(kafka).toMillis());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlock(kafka).toMillis());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, bytes ? ByteArraySerializer.class : StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, bytes ? ByteArraySerializer.class : StringSerializer.class);
        return p;
    }

    /**
     * A consumer in the ingest group that commits by hand, reads only committed records of
     * transactional producers, and leaves decoding to Fulcrum (bytes), so a malformed record can
     * never make {@code poll} throw and stall its partition.
     */
    /** The ingest consumers' session: how long a dead node keeps its partitions. */
    static final Duration SESSION = Duration.ofSeconds(10);

    static Map<String, Object> consumer(ClusterConfig.Kafka kafka, String clientId) {
        Map<String, Object> p = common(kafka, clientId);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
        // A dead node's partitions go to the others once its session expires: 10 s instead of the
        // client's 45 s default (the broker's minimum is 6 s); kafka.client.session.timeout.ms overrides.
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) SESSION.toMillis());
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int)
                SESSION.dividedBy(3).toMillis());
        p.putAll(kafka.clientProperties());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.consumerGroup());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return p;
    }

    /** How long one batch of sends can take at most: blocked on metadata, then the delivery timeout. */
    static Duration sendTimeout(ClusterConfig.Kafka kafka) {
        return maxBlock(kafka).plus(kafka.deliveryTimeout()).plusSeconds(1);
    }

    private static Duration requestTimeout(ClusterConfig.Kafka kafka) {
        // delivery.timeout.ms must be at least linger.ms + request.timeout.ms.
        return min(Duration.ofSeconds(15), kafka.deliveryTimeout().dividedBy(2));
    }

    private static Duration maxBlock(ClusterConfig.Kafka kafka) {
        return min(Duration.ofSeconds(10), kafka.deliveryTimeout().dividedBy(2));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Map<String, Object> common(ClusterConfig.Kafka kafka, String clientId) {
        Map<String, Object> p = new HashMap<>();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return p;
    }
}
