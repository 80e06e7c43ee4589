package org.fulcrum.server.ops;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.function.Supplier;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.platform.SqlOutbox;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.Metrics;
import org.fulcrum.server.web.OpenApi;
import org.fulcrum.server.web.Pages;

/** Health, readiness, metrics, the OpenAPI document, and the outbox view for operators. */
public final class OpsFeature implements Feature {
    private final Database db;
    private final Json json;
    private final Metrics metrics;
    private final SqlOutbox outbox;
    private final Pages pages;
    private final Supplier<OpenApi> openApi;
    private volatile boolean ready;
    private volatile boolean draining;

    /** How long an action may wait for the platform before the navigation counts it. */
    static final java.time.Duration LATE = java.time.Duration.ofMinutes(5);

    private final java.time.Clock clock;

    public OpsFeature(
            Database db,
            Metrics metrics,
            SqlOutbox outbox,
            Pages pages,
            Supplier<OpenApi> openApi,
            Json json,
            java.time.Clock clock) {
        this.clock = clock;
        this.json = json;
        this.db = db;
        this.metrics = metrics;
        this.outbox = outbox;
        this.pages = pages;
        this.openApi = openApi;
        pages.nav("Outbox", "/console/outbox", Role.ADMIN, Role.AUDITOR);
        // a takedown the platform has not taken is the admin's to chase: counted while it waits
        // longer than a few retries would, red once one has failed for that long
        pages.attention("/console/outbox", false, viewer -> {
            SqlOutbox.Waiting w = outbox.waiting();
            boolean late =
                    w.oldest().map(t -> t.isBefore(clock.instant().minus(LATE))).orElse(false);
            long shown = late ? w.pending() : 0;
            return new Pages.Attention(
                    shown,
                    late && w.failing() > 0,
                    org.fulcrum.server.web.Text.plural(w.pending(), "action")
                            + " not yet acknowledged by the platform, the"
                            + " oldest for over " + org.fulcrum.server.web.Text.duration(LATE)
                            + (w.failing() > 0 ? "; " + w.failing() + " failing" : ""));
        });
        metrics.registry().register(new io.prometheus.metrics.model.registry.MultiCollector() {
            @Override
            public io.prometheus.metrics.model.snapshots.MetricSnapshots collect() {
                SqlOutbox.Counts c = outbox.counts();
                return io.prometheus.metrics.model.snapshots.MetricSnapshots.of(
                        io.prometheus.metrics.model.snapshots.GaugeSnapshot.builder()
                                .name("fulcrum_outbox_pending")
                                .help("Actions not yet acknowledged by the platform")
                                .dataPoint(
                                        io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot
                                                .builder()
                                                .value(c.pending())
                                                .build())
                                .build(),
                        io.prometheus.metrics.model.snapshots.GaugeSnapshot.builder()
                                .name("fulcrum_outbox_failing")
                                .help("Actions whose delivery failed at least once")
                                .dataPoint(
                                        io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot
                                                .builder()
                                                .value(c.failing())
                                                .build())
                                .build());
            }
        });
    }

    public void markReady() {
        ready = true;
    }

    /** From now on {@code /readyz} answers 503 "draining": the node is leaving and takes no new work. */
    public void drain() {
        ready = false;
        draining = true;
    }

    /** Health answer. */
    public record Health(String status) {}

    @Override
    public void routes(RoutesConfig r) {
        r.get("/healthz", ctx -> ctx.json(new Health("ok")));
        r.get("/readyz", this::ready);
        r.get(
                "/metrics",
                ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                        .result(metrics.scrape()));
        r.get(
                "/openapi.json",
                ctx -> ctx.contentType("application/json")
                        .result(json.write(openApi.get().document())));
        r.get(
                "/v1/ops/outbox",
                ctx -> ctx.json(Map.of("counts", outbox.counts(), "pending", outbox.pending(200))),
                Role.ADMIN,
                Role.AUDITOR);
        r.get("/console/outbox", this::outboxPage, Role.ADMIN, Role.AUDITOR);
        r.get("/", ctx -> pages.render(ctx, "home.jte", "Fulcrum", Map.of()));
    }

    @Override
    public void describe(OpenApi api) {
        api.op("GET", "/healthz", "Liveness")
                .tag("operations")
                .response(200, "Alive", Health.class)
                .add();
        api.op("GET", "/readyz", "Readiness: database reachable and startup finished")
                .tag("operations")
                .response(200, "Ready", Health.class)
                .response(503, "Not ready", Health.class)
                .add();
        api.op("GET", "/metrics", "Prometheus metrics")
                .tag("operations")
                .response(200, "Metrics in the Prometheus text format", "text/plain")
                .add();
        api.op("GET", "/openapi.json", "This document")
                .tag("operations")
                .response(200, "OpenAPI 3.1", "application/json")
                .add();
        api.op("GET", "/v1/ops/outbox", "Undelivered enforcement actions")
                .tag("operations")
                .security("session")
                .response(200, "Counts and pending entries", SqlOutbox.Counts.class)
                .add();
    }

    private void ready(Context ctx) {
        boolean ok = ready && db.healthy();
        ctx.status(ok ? 200 : 503).json(new Health(ok ? "ready" : draining ? "draining" : "not ready"));
    }

    private void outboxPage(Context ctx) {
        pages.render(
                ctx, "ops/outbox.jte", "Outbox", Map.of("counts", outbox.counts(), "pending", outbox.pending(200)));
    }
}
