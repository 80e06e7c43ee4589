package org.fulcrum.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.audit.AuditConsoleFeature;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.core.Version;
import org.fulcrum.server.ops.BacklogMetrics;
import org.fulcrum.server.ops.DocsFeature;
import org.fulcrum.server.ops.OpsFeature;
import org.fulcrum.server.team.TeamFeature;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.OpenApi;
import org.fulcrum.server.web.WebServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Running the node: health and readiness, backlog metrics, the OpenAPI document and its rendering,
 * the admin's team and audit pages, and the web server, which serves the features of every module
 * composed before this one and its own. Composed last: its start opens the listener once everything
 * else runs and turns ready; its close first turns readiness false and keeps serving for the
 * configured drain, then stops listening and lets requests in flight finish, before any other
 * module closes.
 */
public final class OpsModule implements Module {
    private static final Logger LOG = LoggerFactory.getLogger(OpsModule.class);

    private final Config config;
    private final OpsFeature ops;
    private final OpenApi openApi;
    private final WebServer web;
    private volatile boolean serving;

    public OpsModule(
            Base base,
            StoreModule store,
            AuthModule auth,
            DeliveryModule delivery,
            ModerationModule moderation,
            E2eModule e2e,
            List<Feature> composed) {
        this.config = base.config();
        this.openApi = new OpenApi(Version.CURRENT);
        this.ops = new OpsFeature(
                store.db(), base.metrics(), delivery.outbox(), base.pages(), () -> openApi, base.json(), base.clock());
        List<Feature> features = new ArrayList<>();
        features.add(ops);
        features.addAll(composed);
        features.add(new TeamFeature(
                auth.staff(),
                auth.recovery(),
                auth.browsers(),
                auth.tokens(),
                moderation.moderation().flaggers(),
                e2e.relayKeys(),
                base.pages(),
                base.clock(),
                moderation.wellbeing()));
        features.add(new AuditConsoleFeature(store.db(), base.pages(), base.clock()));
        features.add(new DocsFeature(base.pages()));
        features.add(new org.fulcrum.server.web.AttentionFeature(base.pages()));
        features.forEach(f -> f.describe(openApi));
        base.metrics()
                .registry()
                .register(new BacklogMetrics(
                        store.db(), base.clock(), config.cluster().nodeId()));
        this.web = new WebServer(config, base.json(), base.metrics(), base.limiter(), auth.access()::check, features);
    }

    /** Opens the listener and turns ready. */
    @Override
    public void start() {
        web.start();
        serving = true;
        ops.markReady();
    }

    /** Turns readiness false, keeps serving for the configured drain (when it served), then stops listening. */
    @Override
    public void close() {
        ops.drain();
        long drainMillis = config.cluster().shutdown().drain().toMillis();
        if (serving && drainMillis > 0) {
            LOG.info("draining for {} ms before the listener stops", drainMillis);
            try {
                Thread.sleep(drainMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        web.stop();
    }

    public int port() {
        return web.port();
    }

    /** The port of the management listener serving {@code /metrics}, when one is configured. */
    public Optional<Integer> managementPort() {
        return web.managementPort();
    }

    public OpenApi openApi() {
        return openApi;
    }

    /** Every route the server serves, as "METHOD path". */
    public List<String> routes() {
        return web.routes();
    }
}
