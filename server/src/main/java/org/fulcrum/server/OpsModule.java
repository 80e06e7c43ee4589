package org.fulcrum.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.audit.AuditConsoleFeature;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.core.Version;
import org.fulcrum.server.jobs.JobLeases;
import org.fulcrum.server.jobs.JobMetrics;
import org.fulcrum.server.jobs.Scheduler;
import org.fulcrum.server.jobs.Time;
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
 * Running the node: the one scheduler, holding the jobs every module composed before this one
 * declares; health and readiness, backlog metrics, the OpenAPI document and its rendering, the
 * admin's team and audit pages, and the web server, which serves the features of every module
 * composed before this one and its own. Composed last: its start runs the jobs once every other
 * module has started, then opens the listener and turns ready; its close first turns readiness false
 * and keeps serving for the configured drain, stops listening and lets requests in flight finish,
 * then stops the jobs, before any other module closes — so no request or job runs on a module that
 * is not running.
 */
public final class OpsModule implements Module {
    private static final Logger LOG = LoggerFactory.getLogger(OpsModule.class);

    private final Config config;
    private final Scheduler jobs;
    private final OpsFeature ops;
    private final OpenApi openApi;
    private final WebServer web;
    private volatile boolean serving;

    public OpsModule(
            Base base,
            Time time,
            StoreModule store,
            AuthModule auth,
            DeliveryModule delivery,
            ModerationModule moderation,
            List<Module> composed) {
        this.config = base.config();
        this.jobs =
                new Scheduler(time, new JobLeases(store.db(), config.cluster().nodeId()));
        composed.forEach(m -> m.schedule(jobs));
        JobMetrics.register(base.metrics().registry(), jobs);
        this.openApi = new OpenApi(Version.CURRENT);
        this.ops = new OpsFeature(
                store.db(), base.metrics(), delivery.outbox(), base.pages(), () -> openApi, base.json(), base.clock());
        List<Feature> features = new ArrayList<>();
        features.add(ops);
        composed.forEach(m -> features.addAll(m.features()));
        features.add(new TeamFeature(
                auth.staff(),
                auth.recovery(),
                auth.browsers(),
                auth.tokens(),
                moderation.moderation().flaggers(),
                moderation.relayKeys(),
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

    /** Runs the jobs, opens the listener and turns ready. */
    @Override
    public void start() {
        jobs.start();
        web.start();
        serving = true;
        ops.markReady();
    }

    /**
     * Turns readiness false, keeps serving for the configured drain (when it served), stops listening,
     * then stops the jobs, waiting for runs in progress; the jobs stop even when the listener fails to.
     */
    @Override
    public void close() {
        try {
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
        } finally {
            jobs.close();
        }
    }

    /** The node's background jobs. */
    public Scheduler jobs() {
        return jobs;
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
