package org.fulcrum.server;

import java.time.Clock;
import java.util.Optional;
import org.fulcrum.server.auth.People;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.jobs.Time;
import org.fulcrum.server.lawful.registry.OfficerDirectory;
import org.fulcrum.server.review.MediaProxy;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.web.Bodies;
import org.fulcrum.server.web.Metrics;
import org.fulcrum.server.web.Pages;
import org.fulcrum.server.web.RateLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: composes the node's {@link Module}s in dependency order (each is given the
 * modules it uses, so it can only be built after them), starts them in that order and closes them in
 * reverse. The CLI and the tests build the same app and ask its modules for what they use.
 */
public final class App implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(App.class);

    private final Config config;
    private final Clock clock;
    private final Modules modules = new Modules();
    private final StoreModule store;
    private final AuthModule auth;
    private final OpsModule ops;

    private App(Config config, Time time) {
        this.config = config;
        this.clock = time.clock();
        Metrics metrics = new Metrics();
        Json json = Json.strict();
        this.store = modules.add(new StoreModule(config, clock, json, metrics));
        try {
            Database db = store.db();
            Base base = new Base(
                    config,
                    clock,
                    json,
                    metrics,
                    new Bodies(config.maxBodyBytes(), json),
                    new Pages(() -> db.read(h -> People.load(h).with(OfficerDirectory.names(h)))::name, clock),
                    new RateLimiter(clock),
                    new MediaProxy(config, clock),
                    this::publicUrl);
            this.auth = modules.add(new AuthModule(base, store));
            TransparencyModule transparency = modules.add(new TransparencyModule(base, store));
            DeliveryModule delivery = modules.add(new DeliveryModule(base, store, transparency));
            PrivacyModule privacy = modules.add(new PrivacyModule(base, store, transparency, delivery));
            modules.add(new LawfulModule(base, store, auth, transparency, delivery));
            ModerationModule moderation =
                    modules.add(new ModerationModule(base, store, auth, transparency, delivery, privacy));
            DetectionModule detection = modules.add(new DetectionModule(base, store, moderation));
            modules.add(new ExchangeModule(base, store, detection));
            this.ops = modules.add(new OpsModule(base, time, store, auth, delivery, moderation, modules.all()));
        } catch (RuntimeException | Error e) {
            try {
                modules.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** An app whose background jobs run on real time, reading {@code clock} for the time of day. */
    public static App create(Config config, Clock clock) {
        return new App(config, Time.system(clock));
    }

    /** An app on {@code time}: its clock and the time its background jobs run on. */
    public static App create(Config config, Time time) {
        return new App(config, time);
    }

    /**
     * Starts every module in the order composed (on first start the admin is created and its
     * one-time password kept) and serves; a module that fails to start closes them all.
     */
    public App start() {
        modules.start();
        LOG.atInfo()
                .addKeyValue("port", port())
                .addKeyValue("store", store.db().dialect().name().toLowerCase())
                .addKeyValue("data", config.dataDir().toString())
                .addKeyValue("node", config.cluster().nodeId())
                .addKeyValue("mode", config.clustered() ? "cluster" : "embedded")
                .log("fulcrum started");
        return this;
    }

    /** The module of type {@code type}, for the CLI and tests that use its services. */
    public <M extends Module> M module(Class<M> type) {
        return modules.get(type);
    }

    public Config config() {
        return config;
    }

    /** The clock the node reads the time of day from. */
    public Clock clock() {
        return clock;
    }

    public int port() {
        return ops.port();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /**
     * The URL under which clients reach this deployment ({@code public.url}), without a trailing
     * slash; when none is configured and the port is picked at start (port 0), the bound address.
     */
    public String publicUrl() {
        String configured = config.publicUrl().replaceAll("/+$", "");
        return configured.endsWith(":0") ? baseUrl() : configured;
    }

    /** The first admin's one-time password, present only on the start that created it. */
    public Optional<String> adminPassword() {
        return auth.adminPassword();
    }

    /**
     * Leaves without failing a request: the modules close in reverse, so readiness turns false first
     * and the node keeps serving for the configured drain, then stops listening and lets requests in
     * flight finish; the jobs stop, then the event consumer, detection, privacy and the outbox (its
     * claims released), and the store closes last.
     */
    @Override
    public void close() {
        modules.close();
        LOG.info("fulcrum stopped");
    }
}
