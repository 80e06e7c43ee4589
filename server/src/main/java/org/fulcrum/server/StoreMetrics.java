package org.fulcrum.server;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.WriterStats;

/**
 * The single writer's figures on {@code /metrics}, as histograms: units per group commit, a unit's
 * wait in the queue, a group's work before its commit, and the commit itself (the fsync). An
 * operator reads from them whether intake latency comes from queueing (waits grow with group
 * work), from the disk (commits) or from the writer's own work.
 */
final class StoreMetrics {
    private StoreMetrics() {}

    static void register(PrometheusRegistry registry, Database db) {
        WriterStats stats = db.writerStats();
        GaugeWithCallback.builder()
                .name("fulcrum_store_queued_units")
                .help("Write units waiting in the single writer's queue for a group commit")
                .callback(cb -> cb.call(db.writerQueued()))
                .register(registry);
        registry.register(histogram(
                "fulcrum_store_group_units",
                "Write units committed together in one group commit of the single writer",
                stats,
                WriterStats.SIZE_BOUNDS,
                1,
                WriterStats.Snapshot::groupSizes,
                s -> (double) s.units()));
        registry.register(histogram(
                "fulcrum_store_queue_wait_seconds",
                "Time a write unit waited in the writer's queue before its group commit started",
                stats,
                WriterStats.MICROS_BOUNDS,
                1e-6,
                WriterStats.Snapshot::waitMicros,
                s -> s.waitNanos() / 1e9));
        registry.register(histogram(
                "fulcrum_store_group_work_seconds",
                "Time a group commit ran its units and flushed its batches, before the commit",
                stats,
                WriterStats.MICROS_BOUNDS,
                1e-6,
                WriterStats.Snapshot::workMicros,
                s -> s.workNanos() / 1e9));
        registry.register(histogram(
                "fulcrum_store_commit_seconds",
                "Time a group commit took to commit (the fsync that makes it durable)",
                stats,
                WriterStats.MICROS_BOUNDS,
                1e-6,
                WriterStats.Snapshot::commitMicros,
                s -> s.commitNanos() / 1e9));
    }

    private static Collector histogram(
            String name,
            String help,
            WriterStats stats,
            List<Long> bounds,
            double scale,
            Function<WriterStats.Snapshot, long[]> counts,
            ToDoubleFunction<WriterStats.Snapshot> sum) {
        double[] upper = new double[bounds.size() + 1];
        for (int i = 0; i < bounds.size(); i++) {
            upper[i] = bounds.get(i) * scale;
        }
        upper[bounds.size()] = Double.POSITIVE_INFINITY;
        return new Collector() {
            @Override
            public HistogramSnapshot collect() {
                WriterStats.Snapshot s = stats.snapshot();
                return HistogramSnapshot.builder()
                        .name(name)
                        .help(help)
                        .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                                .classicHistogramBuckets(ClassicHistogramBuckets.of(upper, counts.apply(s)))
                                .sum(sum.applyAsDouble(s))
                                .build())
                        .build();
            }

            @Override
            public String getPrometheusName() {
                return name;
            }
        };
    }
}
