package org.fulcrum.server.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpResponseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The single place where failures become RFC 9457 problem answers. */
public final class ProblemMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);
    // templates are precompiled and stateless, so one engine serves every error page
    private static final TemplateEngine PAGES = TemplateEngine.createPrecompiled(ContentType.Html);
    public static final String CONTENT_TYPE = "application/problem+json";

    private final Json json;

    public ProblemMapper(Json json) {
        this.json = json;
    }

    /**
     * Every failure of the {@link FulcrumException} family answers with the problem it names; an
     * internal error (the root itself, or anything else thrown) is logged and its message kept out
     * of the answer.
     */
    public void install(RoutesConfig routes) {
        routes.exception(FulcrumException.class, (e, ctx) -> {
            if (e.status() == 500) {
                LOG.error("request failed: {} {}", ctx.method(), ctx.path(), e);
                send(ctx, Problem.of(500, "internal", "Internal error", "the server could not complete the request"));
                return;
            }
            e.headers().forEach(ctx::header);
            send(ctx, Problem.of(e));
        });
        routes.exception(
                HttpResponseException.class,
                (e, ctx) -> send(
                        ctx,
                        e.getStatus() == 404
                                ? Problem.of(404, "not-found", "Not found", "no resource at " + ctx.path())
                                : Problem.of(e.getStatus(), "http-" + e.getStatus(), e.getMessage(), e.getMessage())));
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected failure: {} {}", ctx.method(), ctx.path(), e);
            send(ctx, Problem.of(500, "internal", "Internal error", "the server could not complete the request"));
        });
        routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                send(ctx, Problem.of(404, "not-found", "Not found", "no resource at " + ctx.path()));
            }
        });
        routes.error(
                405,
                ctx -> send(
                        ctx,
                        Problem.of(405, "method-not-allowed", "Method not allowed", ctx.method() + " " + ctx.path())));
    }

    /**
     * Answers with {@code problem}: as problem JSON for API clients, as a readable page for a browser
     * (a request that accepts {@code text/html}), with the same status either way.
     */
    public void send(Context ctx, Problem problem) {
        ctx.status(problem.status());
        if (wantsPage(ctx)) {
            StringOutput out = new StringOutput();
            Optional<String> user = Caller.of(ctx).map(Caller::name);
            PAGES.render(
                    "error.jte",
                    Map.of(
                            "layout",
                            new Pages.Layout(problem.title(), user, List.of(), ctx.path(), Csrf.token(ctx)),
                            "problem",
                            problem,
                            "back",
                            back(ctx)),
                    out);
            ctx.contentType("text/html; charset=utf-8").result(out.toString());
            return;
        }
        ctx.contentType(CONTENT_TYPE).result(json.write(problem));
    }

    private static boolean wantsPage(Context ctx) {
        String accept = ctx.header(Header.ACCEPT);
        return accept != null && accept.contains("text/html");
    }

    /** The page the browser came from when it is one of ours, else home: never an open redirect. */
    private static String back(Context ctx) {
        String referer = ctx.header(Header.REFERER);
        String prefix = ctx.scheme() + "://" + ctx.host();
        if (referer != null && referer.startsWith(prefix + "/") && !referer.equals(ctx.fullUrl())) {
            return referer.substring(prefix.length());
        }
        return "/";
    }
}
