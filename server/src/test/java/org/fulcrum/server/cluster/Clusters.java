package org.fulcrum.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.fulcrum.server.config.ClusterConfig;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.support.Await;
import org.fulcrum.server.support.KafkaBroker;

/** Cluster-mode settings and waiting helpers shared by the cluster tests. */
final class Clusters {
    private static final Json JSON = Json.strict();

    private Clusters() {}

    /** {@code c} in cluster mode on {@code kafka}; {@code events} may be null for no consumer. */
    static Config kafka(Config c, KafkaBroker kafka, String actions, String events) {
        ClusterConfig.Kafka settings = ClusterConfig.Kafka.of(kafka.bootstrap())
                .withTopics(actions, events, (events == null ? actions : events) + ".dead")
                .withConsumerGroup("fulcrum-" + (events == null ? actions : events))
                .withDeliveryTimeout(Duration.ofSeconds(2));
        return c.withCluster(c.cluster().withKafka(settings))
                .withOutboxTiming(Duration.ofSeconds(1), c.webhookTimeout());
    }

    static void await(String what, Duration within, BooleanSupplier condition) {
        await(what, within, condition, () -> "");
    }

    static void await(String what, Duration within, BooleanSupplier condition, Supplier<?> state) {
        Await.await(what, within, condition, state);
    }

    static JsonNode json(String text) {
        try {
            return JSON.mapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
