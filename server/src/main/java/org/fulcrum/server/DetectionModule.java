package org.fulcrum.server;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.cluster.KafkaEventConsumer;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.detect.BankExport;
import org.fulcrum.server.detect.BankFeature;
import org.fulcrum.server.detect.DetectConsoleFeature;
import org.fulcrum.server.detect.Detection;
import org.fulcrum.server.detect.RuleFeature;
import org.fulcrum.server.hma.HmaFeature;
import org.fulcrum.server.jobs.Scheduler;
import org.fulcrum.server.platform.EventIngest;
import org.fulcrum.server.platform.PlatformFeature;
import org.fulcrum.server.review.HuntProgress;
import org.fulcrum.server.review.SweepFeature;
import org.fulcrum.server.review.Sweeps;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.Metrics;

/**
 * Detection, what feeds it and what acts on its scale: content events from the platform (the events
 * endpoint or, in cluster mode with an events topic, the Kafka consumer), ingested with detection's
 * media hasher and its pipeline as listener; hash banks, rules, the pipeline, retro-hunts, the HMA
 * API, and sweeps (one decision for every subject a query selects). Its start loads the banks and
 * starts the pipeline, resumes the sweeps that were running, then consumes events; closing it stops
 * consuming first, then the sweeps, then the hunts and the pipeline.
 */
public final class DetectionModule implements Module {
    private final Detection detection;
    private final Sweeps sweeps;
    private final EventIngest ingest;
    private final Optional<KafkaEventConsumer> consumer;
    private final List<Feature> features;

    public DetectionModule(Base base, StoreModule store, ModerationModule moderation) {
        Config config = base.config();
        this.detection = new Detection(
                store.db(),
                base.clock(),
                base.json(),
                base.metrics(),
                moderation.moderation().notices(),
                moderation.moderation().decisions(),
                config.cluster().nodeId(),
                config.video(),
                base.media()::fetchToHash,
                config.cluster().takeOver());
        this.sweeps =
                new Sweeps(store.db(), base.clock(), moderation.moderation().decisions(), base.json());
        this.ingest = new EventIngest(store.db(), base.json(), detection.mediaHasher(), List.of(detection.pipeline()));
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
        consumer.ifPresent(c -> register(c, base.metrics()));
        this.features = List.of(
                new BankFeature(
                        detection.banks(),
                        new BankExport(store.db(), detection.banks()),
                        base.bodies(),
                        config.maxBodyBytes()),
                new HmaFeature(
                        store.db(),
                        detection.banks(),
                        detection.bankIndex(),
                        detection.mediaHasher(),
                        base.media(),
                        base.bodies(),
                        base.clock(),
                        base.json()),
                new RuleFeature(detection.rules(), detection.banks(), detection.hunts(), base.bodies()),
                new DetectConsoleFeature(detection, store.db(), base.pages()),
                new SweepFeature(
                        sweeps,
                        limit -> detection.hunts().list(limit).stream()
                                .map(h -> new HuntProgress.Hunt(
                                        h.id(),
                                        h.detectorName(),
                                        h.status(),
                                        h.percent(),
                                        h.scanned(),
                                        h.total(),
                                        h.matched(),
                                        h.act()))
                                .toList(),
                        base.bodies(),
                        base.pages()),
                new PlatformFeature(config, store.db(), ingest, base.bodies(), base.pages()));
    }

    /** The consumer's figures: events read by outcome, and how far its partitions trail the topic. */
    private static void register(KafkaEventConsumer consumer, Metrics metrics) {
        CounterWithCallback.builder()
                .name("fulcrum_kafka_events")
                .help("Content events this node read from Kafka since it started, by outcome")
                .labelNames("outcome")
                .callback(cb -> {
                    KafkaEventConsumer.Stats stats = consumer.stats();
                    cb.call(stats.accepted(), "accepted");
                    cb.call(stats.duplicates(), "duplicate");
                    cb.call(stats.deadLettered(), "dead_letter");
                })
                .register(metrics.registry());
        GaugeWithCallback.builder()
                .name("fulcrum_kafka_consumer_lag")
                .help("The most content events this node's partitions trail the topic's end by (records-lag-max)")
                .callback(cb -> cb.call(consumer.lag()))
                .register(metrics.registry());
    }

    @Override
    public List<Feature> features() {
        return features;
    }

    @Override
    public void schedule(Scheduler jobs) {
        detection.jobs().forEach(jobs::add);
    }

    /** Starts detection, resumes the sweeps, then consumes events, which detection now takes. */
    @Override
    public void start() {
        detection.start();
        sweeps.resumeRunning();
        consumer.ifPresent(KafkaEventConsumer::start);
    }

    /** Stops consuming events, then the sweeps, then detection; a part that fails to close keeps none open. */
    @Override
    public void close() {
        try {
            consumer.ifPresent(KafkaEventConsumer::close);
        } finally {
            try {
                sweeps.close();
            } finally {
                detection.close();
            }
        }
    }

    /** Hash banks, text and URL rules, the detection pipeline and retro-hunts. */
    public Detection detection() {
        return detection;
    }

    public Sweeps sweeps() {
        return sweeps;
    }

    /** Content events in: media hashed and dropped, one durable unit per batch, then detection. */
    public EventIngest ingest() {
        return ingest;
    }

    /** The consumer of the content-events topic, in cluster mode with an events topic. */
    public Optional<KafkaEventConsumer> eventConsumer() {
        return consumer;
    }
}
