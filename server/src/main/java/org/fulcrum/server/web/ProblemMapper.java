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
import org.fulcrum.server.auth.Access;
import org.fulcrum.server.auth.Principal;
import org.fulcrum.server.FulcrumException;
import org.fulcrum.server.lawful.signature.HttpSignatures;
import org.fulcrum.server.lawful.request.RequestInvalid;
import org.fulcrum.server.lawful.signature.SignatureRejected;
import org.fulcrum.server.policy.PolicyInvalid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The single place where failures become RFC 9457 problem answers. */
public final class ProblemMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);
    // templates are precompiled and stateless, so one engine serves every error page
    private static final TemplateEngine PAGES = TemplateEngine.createPrecompiled(ContentType.Html);
    public static final String CONTENT_TYPE = "application/problem+json";

    private ProblemMapper() {
    }

    public static void install(RoutesConfig routes) {
        routes.exception(FulcrumException.InvalidInput.class, (e, ctx) -> send(ctx, Problem.invalid(
                e.field() + " " + e.getMessage(), List.of(new Problem.FieldError(e.field(), e.getMessage())))));
        routes.exception(Bodies.BodyTooLarge.class, (e, ctx) ->
                send(ctx, Problem.of(413, "body-too-large", "Request body too large", e.getMessage())));
        routes.exception(FulcrumException.NotFound.class, (e, ctx) ->
                send(ctx, Problem.of(404, "not-found", "Not found", e.getMessage())));
        routes.exception(FulcrumException.Conflict.class, (e, ctx) ->
                send(ctx, Problem.of(409, "conflict", "Conflict", e.getMessage())));
        routes.exception(FulcrumException.Unauthenticated.class, (e, ctx) ->
                send(ctx, Problem.of(401, "unauthenticated", "Authentication required", e.getMessage())));
        routes.exception(FulcrumException.Forbidden.class, (e, ctx) ->
                send(ctx, Problem.of(403, "forbidden", "Forbidden", e.getMessage())));
        routes.exception(FulcrumException.RateLimited.class, (e, ctx) -> {
            ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
            send(ctx, Problem.of(429, "rate-limited", "Too many requests", e.getMessage()));
        });
        routes.exception(FulcrumException.Unavailable.class, (e, ctx) -> {
            ctx.header("Retry-After", "1");
            send(ctx, Problem.of(503, "unavailable", "Service unavailable", e.getMessage()));
        });
        routes.exception(SignatureRejected.class, (e, ctx) -> {
            if (e.reason().status() == 401) {
                ctx.header("Accept-Signature", HttpSignatures.ACCEPT_SIGNATURE);
            }
            send(ctx, Problem.of(e.reason().status(), e.reason().slug(), e.reason().title(), e.getMessage()));
        });
        routes.exception(RequestInvalid.class, (e, ctx) -> send(ctx, new Problem(
                "https://fulcrum.dev/problems/request-invalid", "Request is not valid for its instrument", 422,
                e.getMessage(), e.errors())));
        routes.exception(PolicyInvalid.class, (e, ctx) ->
                send(ctx, Problem.of(422, "policy-invalid", "Policy files are not valid", e.getMessage())));
        routes.exception(FulcrumException.class, (e, ctx) -> {
            LOG.error("request failed: {} {}", ctx.method(), ctx.path(), e);
            send(ctx, Problem.of(500, "internal", "Internal error", "the server could not complete the request"));
        });
        routes.exception(HttpResponseException.class, (e, ctx) -> send(ctx, e.getStatus() == 404
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
        routes.error(405, ctx ->
                send(ctx, Problem.of(405, "method-not-allowed", "Method not allowed", ctx.method() + " " + ctx.path())));
    }

    /**
     * Answers with {@code problem}: as problem JSON for API clients, as a readable page for a browser
     * (a request that accepts {@code text/html}), with the same status either way.
     */
    public static void send(Context ctx, Problem problem) {
        ctx.status(problem.status());
        if (wantsPage(ctx)) {
            StringOutput out = new StringOutput();
            String user = Access.principal(ctx).map(p -> p instanceof Principal.Staff s ? s.username() : p.actor())
                    .orElse(null);
            PAGES.render("error.jte", Map.of("layout", new Pages.Layout(problem.title(), Optional.ofNullable(user),
                    List.of(), ctx.path(), Csrf.token(ctx)), "problem", problem, "back", back(ctx)), out);
            ctx.contentType("text/html; charset=utf-8").result(out.toString());
            return;
        }
        ctx.contentType(CONTENT_TYPE).result(Json.write(problem));
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
