package org.fulcrum.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cluster mode is chosen by configuration; embedded mode stays the default. */
class ClusterConfigTest {

    @Test
    void withoutKafkaSettingsTheServerRunsEmbedded() {
        Config first = new ConfigLoader().load();
        Config second = new ConfigLoader().load();
        assertThat(first.clustered()).isFalse();
        assertThat(first.cluster().kafka()).isEmpty();
        assertThat(first.cluster().claimLease()).isEqualTo(Duration.ofSeconds(60));
        assertThat(first.cluster().nodeId())
                .as("two processes differ without any setting")
                .isNotBlank()
                .isNotEqualTo(second.cluster().nodeId());
    }

    @Test
    void kafkaSettingsFromAFileTurnOnClusterMode() throws Exception {
        Path file = Files.createTempFile("fulcrum", ".properties");
        Files.writeString(file, """
                node.id=api-1
                outbox.claim.seconds=90
                kafka.bootstrap=kafka-1:9092,kafka-2:9092
                kafka.topic.actions=t.actions
                kafka.topic.events=t.events
                kafka.topic.events.dead=t.events.dead
                kafka.group=t-ingest
                kafka.delivery.timeout.seconds=20
                kafka.client.security.protocol=SASL_SSL
                kafka.client.sasl.mechanism=SCRAM-SHA-512
                """);
        Config c = new ConfigLoader().file(file).load();
        assertThat(c.clustered()).isTrue();
        assertThat(c.cluster().nodeId()).isEqualTo("api-1");
        assertThat(c.cluster().claimLease()).isEqualTo(Duration.ofSeconds(90));
        ClusterConfig.Kafka k = c.cluster().kafka().orElseThrow();
        assertThat(k.bootstrap()).isEqualTo("kafka-1:9092,kafka-2:9092");
        assertThat(k.actionsTopic()).isEqualTo("t.actions");
        assertThat(k.eventsTopic()).contains("t.events");
        assertThat(k.deadLetterTopic()).isEqualTo("t.events.dead");
        assertThat(k.consumerGroup()).isEqualTo("t-ingest");
        assertThat(k.deliveryTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(k.clientProperties())
                .isEqualTo(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"));
    }

    @Test
    void theEnvironmentCanTurnOnClusterModeWithDefaultTopics() {
        Config c = new ConfigLoader()
                .environment(Map.of("FULCRUM_KAFKA_BOOTSTRAP", "kafka:9092", "FULCRUM_NODE_ID", "api-2"))
                .load();
        ClusterConfig.Kafka k = c.cluster().kafka().orElseThrow();
        assertThat(k.actionsTopic()).isEqualTo("fulcrum.actions");
        assertThat(k.eventsTopic()).contains("fulcrum.events");
        assertThat(k.deadLetterTopic()).isEqualTo("fulcrum.events.dead");
        assertThat(k.consumerGroup()).isEqualTo("fulcrum-ingest");
        assertThat(c.cluster().nodeId()).isEqualTo("api-2");
    }

    @Test
    void anEmptyEventsTopicLeavesEventsToTheHttpApi() {
        Config c = new ConfigLoader()
                .set("kafka.bootstrap", "kafka:9092")
                .set("kafka.topic.events", "")
                .load();
        assertThat(c.cluster().kafka().orElseThrow().eventsTopic()).isEmpty();
    }

    @Test
    void detectionTakeOverIsConfigurableAndBounded() {
        assertThat(new ConfigLoader().load().cluster().takeOver())
                .isEqualTo(new ClusterConfig.TakeOver(Duration.ofSeconds(5), Duration.ofSeconds(1)));
        Config c = new ConfigLoader()
                .environment(Map.of("FULCRUM_DETECT_ORPHANED_SECONDS", "3", "FULCRUM_DETECT_SWEEP_MILLIS", "500"))
                .load();
        assertThat(c.cluster().takeOver().orphaned()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.cluster().takeOver().sweep()).isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() ->
                        new ConfigLoader().set("detect.orphaned.seconds", "0").load())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("detect.orphaned.seconds");
        assertThatThrownBy(() ->
                        new ConfigLoader().set("detect.sweep.millis", "50").load())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("detect.sweep.millis");
    }

    @Test
    void theExchangePollIntervalIsConfigurableAndBounded() {
        assertThat(new ConfigLoader().load().exchange().poll()).isEqualTo(Duration.ofSeconds(60));
        assertThat(new ConfigLoader()
                        .environment(Map.of("FULCRUM_EXCHANGE_POLL_SECONDS", "5"))
                        .load()
                        .exchange()
                        .poll())
                .isEqualTo(Duration.ofSeconds(5));
        for (String bad : List.of("0", "86401", "-1", "soon")) {
            assertThatThrownBy(() ->
                            new ConfigLoader().set("exchange.poll.seconds", bad).load())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("exchange.poll.seconds");
        }
    }

    @Test
    void aWebhookAndKafkaTogetherAreRefused() {
        assertThatThrownBy(() -> new ConfigLoader()
                        .set("kafka.bootstrap", "kafka:9092")
                        .set("webhook.url", "https://platform.example/hook")
                        .load())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exclude each other");
    }

    @Test
    void unknownKeysAreStillRefused() throws Exception {
        Path file = Files.createTempFile("fulcrum", ".properties");
        Files.writeString(file, "kafka.bootstrapp=kafka:9092\n");
        assertThatThrownBy(() -> new ConfigLoader().file(file).load())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kafka.bootstrapp");
        assertThatThrownBy(() -> new ConfigLoader().set("kafka.client.", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
