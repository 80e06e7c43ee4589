package org.fulcrum.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.config.ClusterConfig;
import org.junit.jupiter.api.Test;

/** Client settings from configuration apply, except where they would break what the outbox relies on. */
class KafkaClientsTest {
    static final ClusterConfig.Kafka KAFKA = new ClusterConfig.Kafka(
            "kafka:9092",
            "a",
            Optional.of("e"),
            "e.dead",
            "g",
            Duration.ofSeconds(30),
            Map.of(
                    "security.protocol",
                    "SSL",
                    "acks",
                    "0",
                    "enable.idempotence",
                    "false",
                    "enable.auto.commit",
                    "true",
                    "linger.ms",
                    "20"));

    @Test
    void theProducerAlwaysWaitsForEveryReplicaAndNeverDuplicatesOnItsOwnRetries() {
        Map<String, Object> p = KafkaClients.producer(KAFKA, "c", false);
        assertThat(p)
                .containsEntry("security.protocol", "SSL")
                .containsEntry("linger.ms", "20")
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true)
                .containsEntry("delivery.timeout.ms", 30_000);
        assertThat((Long) p.get("max.block.ms")).isLessThan(30_000L);
        assertThat(KafkaClients.sendTimeout(KAFKA)).isGreaterThan(KAFKA.deliveryTimeout());
    }

    @Test
    void theConsumerAlwaysCommitsByHandInItsGroup() {
        Map<String, Object> c = KafkaClients.consumer(KAFKA, "c");
        assertThat(c)
                .containsEntry("security.protocol", "SSL")
                .containsEntry("enable.auto.commit", false)
                .containsEntry("group.id", "g")
                .containsEntry("isolation.level", "read_committed");
    }

    @Test
    void aDeadConsumersPartitionsMoveAfterTenSecondsUnlessConfiguredOtherwise() {
        assertThat(KafkaClients.consumer(KAFKA, "c"))
                .containsEntry("session.timeout.ms", 10_000)
                .containsEntry("heartbeat.interval.ms", 3_333);
        var tuned = new ClusterConfig.Kafka(
                "kafka:9092",
                "a",
                Optional.of("e"),
                "e.dead",
                "g",
                Duration.ofSeconds(30),
                Map.of("session.timeout.ms", "6000"));
        assertThat(KafkaClients.consumer(tuned, "c")).containsEntry("session.timeout.ms", "6000");
    }
}
