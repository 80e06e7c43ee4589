package org.fulcrum.server.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.json.JavalinJackson;
import java.util.List;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.core.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: Javalin on Jetty with virtual threads, strict JSON, one problem mapper, rate
 * limits on every route, access checks from route roles, request metrics and structured request
 * logs. Features bring their own routes. Around them, for every request: security headers, the
 * cookie policy, the cross-site request check ({@link Csrf}), the metrics gate, and a {@code HEAD}
 * route for every {@code GET} route that runs the same access check and handler.
 */
public final class WebServer {
    private static final Logger LOG = LoggerFactory.getLogger("fulcrum.http");

    private final Javalin app;
    private final Config config;
    private final List<String> routes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final MetricsGate metricsGate;

    /**
     * @param accessCheck runs before every matched route: identifies the caller (see {@link Caller})
     *     and enforces the route's roles
     */
    public WebServer(
            Config config,
            Json json,
            Metrics metrics,
            RateLimiter limiter,
            Handler accessCheck,
            List<Feature> features) {
        this.config = config;
        this.metricsGate = new MetricsGate(config.management(), metrics);
        Cookies cookies = new Cookies(config.https());
        Csrf csrf = new Csrf(config.publicUrl());
        ClientAddress clients = new ClientAddress(config.trustedProxies());
        List<io.javalin.event.HandlerMetaInfo> gets = new java.util.ArrayList<>();
        this.app = Javalin.create(c -> {
            c.concurrency.useVirtualThreads = true;
            c.http.maxRequestSize = config.maxBodyBytes();
            // The buffer Javalin copies each result through, allocated per response (by default
            // Jetty's 32 KB output buffer): most answers are a few hundred bytes of JSON, and Jetty
            // buffers what is written anyway.
            c.http.responseBufferSize = 4096;
            c.jsonMapper(new JavalinJackson(json.mapper(), true));
            c.startup.showJavalinBanner = false;
            c.jetty.host = config.host();
            c.contextResolver.ip = clients::of;
            c.jetty.modifyServer(server -> {
                server.setErrorHandler(new JettyProblems(json, config.https()));
                // On stop, Jetty closes the listener first and then waits (up to the grace) for the
                // requests this handler has let in, instead of cutting them off.
                server.setHandler(new org.eclipse.jetty.server.handler.GracefulHandler());
                server.setStopTimeout(config.cluster().shutdown().grace().toMillis());
            });
            c.requestLogger.http((ctx, ms) -> {
                String route = ctx.endpoint() == null ? "unmatched" : ctx.endpoint().path;
                if (!Metrics.secret(route)) {
                    metrics.recordRequest(ctx.method().name(), route, ctx.statusCode(), ms / 1000.0);
                }
                LOG.atInfo()
                        .addKeyValue("method", ctx.method().name())
                        .addKeyValue("path", ctx.path())
                        .addKeyValue("status", ctx.statusCode())
                        .addKeyValue("ms", Math.round(ms))
                        .addKeyValue("ip", ctx.ip())
                        .log("http");
            });
            c.events.handlerAdded(meta -> {
                if (meta.getHttpMethod() != io.javalin.http.HandlerType.HEAD) {
                    routes.add(meta.getHttpMethod().name() + " " + meta.getPath());
                }
                if (meta.getHttpMethod() == io.javalin.http.HandlerType.GET) {
                    gets.add(meta);
                }
            });
            c.routes.before(ctx -> {
                cookies.install(ctx);
                SecurityHeaders.apply(ctx);
            });
            c.routes.before(ctx -> rateLimit(ctx, limiter, config));
            c.routes.before(csrf::check);
            c.routes.before(MetricsGate.PATH, metricsGate::check);
            c.routes.beforeMatched(ctx -> {
                // the files every page loads are public and no one reads their caller: no session lookup
                if (!Assets.serves(ctx)) {
                    accessCheck.handle(ctx);
                }
            });
            c.routes.after(SecurityHeaders::enforce);
            c.routes.after(AsciiLocation::apply);
            new ProblemMapper(json).install(c.routes);
            new Assets(WebServer.class.getClassLoader()).install(c.routes);
            for (Feature f : features) {
                if (f.intake()) {
                    f.routes(c.routes);
                }
            }
            for (Feature f : features) {
                if (!f.intake()) {
                    f.routes(c.routes);
                }
            }
            // Without its own route, Javalin answers HEAD for any GET route with an empty 200, before
            // the access check and without the handler: every GET route gets a HEAD twin.
            for (var get : List.copyOf(gets)) {
                c.routes.head(
                        get.getPath(), get.getHandler(), get.getRoles().toArray(new io.javalin.security.RouteRole[0]));
            }
        });
    }

    private static void rateLimit(Context ctx, RateLimiter limiter, Config config) {
        String path = ctx.path();
        if (path.equals("/healthz") || path.equals("/readyz") || path.equals("/metrics")) {
            return;
        }
        limiter.acquire("ip:" + ctx.ip(), config.rateLimitPerIp());
        String auth = ctx.header("Authorization");
        if (auth != null && auth.length() > 7) {
            limiter.acquire("token:" + Integer.toHexString(auth.hashCode()), config.rateLimitPerToken());
        }
    }

    public WebServer start() {
        metricsGate.start();
        app.start(config.port());
        LOG.atInfo().addKeyValue("port", app.port()).log("listening");
        return this;
    }

    public int port() {
        return app.port();
    }

    /** Every route registered, as "METHOD path" (before and after handlers included; HEAD twins of GET routes left out). */
    public List<String> routes() {
        return List.copyOf(routes);
    }

    /** The management listener's port, when one is configured. */
    public java.util.Optional<Integer> managementPort() {
        return metricsGate.port();
    }

    /**
     * Stops listening, lets the requests in flight finish (up to {@code shutdown.grace.seconds}),
     * then stops.
     */
    public void stop() {
        app.stop();
        metricsGate.stop();
    }

    /** For handlers that want a staff member's id in a message without knowing the principal type. */
    public static String actor(Context ctx) {
        return Caller.of(ctx).map(Caller::actor).orElse("anonymous");
    }
}
