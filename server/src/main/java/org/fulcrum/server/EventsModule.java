package org.fulcrum.server;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.cluster.KafkaEventConsumer;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.platform.EventIngest;
import org.fulcrum.server.platform.PlatformFeature;
import org.fulcrum.server.web.Feature;

/**
 * What the platform tells Fulcrum: content events, through the events endpoint or, in cluster mode
 * with an events topic, the Kafka consumer. Ingest is built with detection's media hasher and its
 * pipeline as listener, so this module comes after detection: it starts consuming once detection
 * runs and stops consuming before detection closes.
 */
public final class EventsModule implements Module {
    private final EventIngest ingest;
    private final Optional<KafkaEventConsumer> consumer;
    private final List<Feature> features;

    public EventsModule(Base base, StoreModule store, DetectionModule detection) {
        Config config = base.config();
        this.ingest = new EventIngest(
                store.db(),
                base.json(),
                detection.detection().mediaHasher(),
                List.of(detection.detection().pipeline()));
        this.consumer = config.cluster()
                .kafka()
                .filter(k -> k.eventsTopic().isPresent())
                .map(k -> new KafkaEventConsumer(
                        k,
                        config.cluster().nodeId(),
                        ingest,
                        store.db()::healthy,
                        config.maxEventsPerBatch(),
                        config.maxBodyBytes(),
                        base.bodies()));
        consumer.ifPresent(c -> {
            CounterWithCallback.builder()
                    .name("fulcrum_kafka_events")
                    .help("Content events this node read from Kafka since it started, by outcome")
                    .labelNames("outcome")
                    .callback(cb -> {
                        KafkaEventConsumer.Stats stats = c.stats();
                        cb.call(stats.accepted(), "accepted");
                        cb.call(stats.duplicates(), "duplicate");
                        cb.call(stats.deadLettered(), "dead_letter");
                    })
                    .register(base.metrics().registry());
            GaugeWithCallback.builder()
                    .name("fulcrum_kafka_consumer_lag")
                    .help("The most content events this node's partitions trail the topic's end by (records-lag-max)")
                    .callback(cb -> cb.call(c.lag()))
                    .register(base.metrics().registry());
        });
        this.features = List.of(new PlatformFeature(config, store.db(), ingest, base.bodies(), base.pages()));
    }

    @Override
    public List<Feature> features() {
        return features;
    }

    @Override
    public void start() {
        consumer.ifPresent(KafkaEventConsumer::start);
    }

    @Override
    public void close() {
        consumer.ifPresent(KafkaEventConsumer::close);
    }

    public EventIngest ingest() {
        return ingest;
    }

    /** The consumer of the content-events topic, in cluster mode with an events topic. */
    public Optional<KafkaEventConsumer> eventConsumer() {
        return consumer;
    }
}
