package org.fulcrum.server.web;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The server's Prometheus registry and the metrics every feature shares. */
public final class Metrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests;
    private final Histogram latency;

    public Metrics() {
        JvmMetrics.builder().register(registry);
        requests = Counter.builder()
                .name("fulcrum_http_requests_total")
                .help("HTTP requests by method, route and status")
                .labelNames("method", "route", "status")
                .register(registry);
        latency = Histogram.builder()
                .name("fulcrum_http_request_duration_seconds")
                .help("HTTP request latency by route")
                .labelNames("route")
                .register(registry);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    public Counter counter(String name, String help, String... labels) {
        return Counter.builder().name(name).help(help).labelNames(labels).register(registry);
    }

    public Gauge gauge(String name, String help, String... labels) {
        return Gauge.builder().name(name).help(help).labelNames(labels).register(registry);
    }

    /**
     * Routes whose traffic is itself secret: lawful requests arrive there (API, portal, legal
     * review), and a per-route count would time a request that a secrecy order hides.
     */
    static boolean secret(String route) {
        return route.startsWith("/v1/lawful") || route.startsWith("/portal") || route.startsWith("/console/lawful");
    }

    void recordRequest(String method, String route, int status, double seconds) {
        requests.labelValues(method, route, String.valueOf(status)).inc();
        latency.labelValues(route).observe(seconds);
    }

    /** The registry in the Prometheus text format. */
    public String scrape() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
            return out.toString(java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
