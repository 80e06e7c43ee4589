package org.fulcrum.server.web;

import io.javalin.http.Context;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.fulcrum.server.config.ManagementConfig;
import org.fulcrum.server.core.FulcrumException;

/**
 * Who may read {@code /metrics}. With a management listener configured, metrics are served there
 * only (Prometheus' own small HTTP server, on a loopback address unless set otherwise) and the
 * public port answers 404; with a metrics token, the public port asks for it as a bearer token.
 * The token is not an API token, so the gate answers the request itself before the API-token
 * check would refuse it.
 */
public final class MetricsGate {
    public static final String PATH = "/metrics";

    private final ManagementConfig config;
    private final Metrics metrics;
    private HTTPServer listener;

    public MetricsGate(ManagementConfig config, Metrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    /** Before {@code /metrics} on the public port. */
    public void check(Context ctx) {
        if (config.port().isPresent()) {
            throw new FulcrumException.NotFound("metrics are served on the management address");
        }
        if (config.metricsToken().isEmpty()) {
            return;
        }
        String expected = "Bearer " + config.metricsToken().get();
        String sent = ctx.header("Authorization");
        if (sent == null
                || !MessageDigest.isEqual(
                        sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"metrics\"");
            throw new FulcrumException.Unauthenticated("/metrics needs the metrics token");
        }
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
        ctx.skipRemainingHandlers();
    }

    /** Starts the management listener, if one is configured. */
    public void start() {
        if (config.port().isEmpty()) {
            return;
        }
        try {
            listener = HTTPServer.builder()
                    .hostname(config.host())
                    .port(config.port().get())
                    .registry(metrics.registry())
                    .buildAndStart();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot listen on the management address " + config.host() + ":"
                            + config.port().get(),
                    e);
        }
    }

    /** The management listener's port, once started. */
    public Optional<Integer> port() {
        return Optional.ofNullable(listener).map(HTTPServer::getPort);
    }

    public void stop() {
        if (listener != null) {
            listener.close();
        }
    }
}
