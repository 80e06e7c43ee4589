package org.fulcrum.server.jobs;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Locale;

/**
 * What the scheduler exposes on {@code /metrics}, per job of this node (labels {@code job} and
 * {@code scope}): runs and failed runs, the seconds since the last run that did not fail, the
 * period, and for singletons whether this node holds the lease.
 */
public final class JobMetrics {
    private JobMetrics() {}

    public static void register(PrometheusRegistry registry, Scheduler scheduler) {
        CounterWithCallback.builder()
                .name("fulcrum_job_runs")
                .help("Runs of a background job on this node since it started, failed ones included")
                .labelNames("name", "scope")
                .callback(cb -> scheduler.stats().forEach(s -> cb.call(s.runs(), s.job(), scope(s))))
                .register(registry);
        CounterWithCallback.builder()
                .name("fulcrum_job_failures")
                .help("Runs of a background job on this node that ended in an error")
                .labelNames("name", "scope")
                .callback(cb -> scheduler.stats().forEach(s -> cb.call(s.failures(), s.job(), scope(s))))
                .register(registry);
        GaugeWithCallback.builder()
                .name("fulcrum_job_last_run_age_seconds")
                .help("Seconds since a background job last ran without failing on this node (since the start if never)")
                .labelNames("name", "scope")
                .callback(cb -> scheduler
                        .stats()
                        .forEach(s -> cb.call(s.sinceLastSuccess().toMillis() / 1000.0, s.job(), scope(s))))
                .register(registry);
        GaugeWithCallback.builder()
                .name("fulcrum_job_period_seconds")
                .help("The period of a background job")
                .labelNames("name", "scope")
                .callback(cb ->
                        scheduler.stats().forEach(s -> cb.call(s.period().toMillis() / 1000.0, s.job(), scope(s))))
                .register(registry);
        GaugeWithCallback.builder()
                .name("fulcrum_job_lease_held")
                .help("1 when this node holds the lease of a singleton job and runs it, else 0")
                .labelNames("name")
                .callback(cb -> scheduler.stats().stream()
                        .filter(s -> s.scope() == Job.Scope.SINGLETON)
                        .forEach(s -> cb.call(s.leaseHeld() ? 1 : 0, s.job())))
                .register(registry);
    }

    private static String scope(Scheduler.Stats s) {
        return s.scope().name().toLowerCase(Locale.ROOT).replace("_", "-");
    }
}
