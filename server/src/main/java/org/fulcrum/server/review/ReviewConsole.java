package org.fulcrum.server.review;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.FulcrumException;
import org.fulcrum.server.auth.Access;
import org.fulcrum.server.auth.Role;
import org.fulcrum.server.notice.SafetyTasks;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.OpenApi;
import org.fulcrum.server.web.Pages;

/**
 * The moderators' console: queues with their figures and alerts, a queue's cases in review order,
 * the case view (media blurred, one-key shortcuts, the decision form), appeals and bulk decisions.
 * Forms post back here and redirect; a failure comes back as a message on the page.
 */
public final class ReviewConsole implements Feature {
    private static final Role[] STAFF = {Role.ADMIN, Role.MODERATOR, Role.LEGAL, Role.AUDITOR};
    private static final Role[] DECIDERS = {Role.ADMIN, Role.MODERATOR};

    private final Database db;
    private final Moderation m;
    private final Pages pages;

    public ReviewConsole(Database db, Moderation moderation, Pages pages) {
        this.db = db;
        this.m = moderation;
        this.pages = pages;
        pages.nav("Queues", "/console/queues", STAFF);
        pages.nav("Appeals", "/console/appeals", Role.ADMIN, Role.MODERATOR, Role.AUDITOR);
        pages.nav("Bulk", "/console/bulk", DECIDERS);
    }

    @Override
    public void routes(RoutesConfig r) {
        // the address the demo and README give for "Console → Review": the queues, where review starts
        r.get("/console/review", ctx -> ctx.redirect("/console/queues"), STAFF);
        r.get("/console/queues", ctx -> pages.render(ctx, "review/queues.jte", "Review queues",
                Map.of("stats", m.queues().stats(), "alerts", m.sla().open(100), "error", error(ctx))), STAFF);
        r.get("/console/queues/{id}", ctx -> {
            Queue q = m.queues().require(ctx.pathParam("id"));
            pages.render(ctx, "review/queue.jte", "Queue " + q.name(), Map.of("queue", q,
                    "cases", m.cases().openInQueue(q.id(), 200, 0), "error", error(ctx)));
        }, STAFF);
        r.post("/console/queues/{id}/next", ctx -> form(ctx, "/console/queues/" + ctx.pathParam("id"), () -> {
            Optional<Case> next = m.cases().next(actor(ctx), ctx.pathParam("id"));
            return next.map(c -> "/console/cases/" + c.id())
                    .orElseThrow(() -> new FulcrumException.Conflict("no unclaimed case in this queue"));
        }), DECIDERS);
        r.get("/console/cases/{id}", this::casePage, STAFF);
        r.post("/console/cases/{id}/claim", ctx -> form(ctx, casePath(ctx), () -> {
            m.cases().claim(actor(ctx), ctx.pathParam("id"));
            return casePath(ctx);
        }), DECIDERS);
        r.post("/console/cases/{id}/release", ctx -> form(ctx, casePath(ctx), () -> {
            m.cases().release(actor(ctx), ctx.pathParam("id"));
            return casePath(ctx);
        }), DECIDERS);
        r.post("/console/cases/{id}/decide", ctx -> form(ctx, casePath(ctx), () -> {
            Decisions.Decided d = m.decisions().decideCase(actor(ctx), ctx.pathParam("id"), DecisionForm.read(ctx));
            return casePath(ctx) + "?decided=" + d.decision().id();
        }), DECIDERS);
        r.get("/console/appeals", ctx -> {
            var list = m.appeals().list(Optional.empty(), 200);
            ReviewFeature.auditView(db, actor(ctx), "appeals", "appeal list: appellants and grounds");
            pages.render(ctx, "review/appeals.jte", "Appeals", Map.of("appeals", list, "me", actor(ctx),
                    "error", error(ctx)));
        }, Role.ADMIN, Role.MODERATOR, Role.AUDITOR);
        r.post("/console/appeals/{id}/decide", ctx -> form(ctx, "/console/appeals", () -> {
            Appeal.Outcome outcome;
            try {
                outcome = Appeal.Outcome.valueOf(String.valueOf(ctx.formParam("outcome")));
            } catch (IllegalArgumentException e) {
                throw new FulcrumException.InvalidInput("outcome", "choose reverse or uphold");
            }
            m.appeals().decide(actor(ctx), ctx.pathParam("id"), new Appeal.Ruling(outcome, ctx.formParam("reason")));
            return "/console/appeals";
        }), DECIDERS);
        r.get("/console/bulk", ctx -> pages.render(ctx, "review/bulk.jte", "Bulk decisions", Map.of(
                "queues", m.queues().list(), "result", Optional.empty(), "error", error(ctx))), DECIDERS);
        r.post("/console/bulk", this::bulk, DECIDERS);
    }

    private void casePage(Context ctx) {
        String id = ctx.pathParam("id");
        CaseDetail detail = db.read(h -> CaseDetail.load(h, id, m.safety()));
        ReviewFeature.auditView(db, actor(ctx), "case:" + id, "case view: notifiers and content");
        Queue q = m.queues().require(detail.summary().queueId());
        pages.render(ctx, "review/case.jte", "Case " + id, Map.of("d", detail, "queue", q, "me", actor(ctx),
                "decided", Optional.ofNullable(ctx.queryParam("decided")).orElse(""), "error", error(ctx)));
    }

    private void bulk(Context ctx) {
        sameOrigin(ctx);
        Optional<Bulk.Result> result;
        String problem = "";
        try {
            Bulk.Query query = new Bulk.Query(param(ctx, "queueId"),
                    param(ctx, "reason").map(v -> parse(org.fulcrum.server.notice.Reason.class, "reason", v)),
                    Optional.empty(), Optional.empty(), Optional.empty(), param(ctx, "country"),
                    param(ctx, "containerId"), param(ctx, "authorId"), Optional.empty());
            result = Optional.of(m.bulk().run(actor(ctx), new Bulk.Request(Optional.empty(), Optional.of(query),
                    DecisionForm.read(ctx), ctx.formParam("dryRun") != null)));
        } catch (FulcrumException e) {
            result = Optional.empty();
            problem = message(e);
        }
        pages.render(ctx, "review/bulk.jte", "Bulk decisions", Map.of("queues", m.queues().list(), "result", result,
                "error", problem));
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String v) {
        try {
            return Enum.valueOf(type, v);
        } catch (IllegalArgumentException e) {
            throw new FulcrumException.InvalidInput(field, "unknown value " + v);
        }
    }

    private static Optional<String> param(Context ctx, String name) {
        return Optional.ofNullable(ctx.formParam(name)).map(String::strip).filter(s -> !s.isEmpty());
    }

    /** Runs a form action and redirects to where it says, or back to {@code back} with the failure. */
    static void form(Context ctx, String back, java.util.function.Supplier<String> action) {
        sameOrigin(ctx);
        String to;
        try {
            to = action.get();
        } catch (FulcrumException e) {
            to = back + (back.contains("?") ? "&" : "?") + "error=" + URLEncoder.encode(message(e), StandardCharsets.UTF_8);
        }
        ctx.redirect(to);
    }

    private static String message(FulcrumException e) {
        return e instanceof FulcrumException.InvalidInput i ? i.field() + " " + i.getMessage() : e.getMessage();
    }

    /** Console forms carry a session cookie; a post from another site's page is refused. */
    static void sameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin != null && !origin.equals("null")) {
            String host = ctx.header("Host");
            String bare = origin.replaceFirst("^https?://", "");
            if (host == null || !bare.equalsIgnoreCase(host)) {
                throw new FulcrumException.Forbidden("cross-site form post refused");
            }
        }
    }

    private static String casePath(Context ctx) {
        return "/console/cases/" + ctx.pathParam("id");
    }

    private static String error(Context ctx) {
        String e = ctx.queryParam("error");
        return e == null ? "" : e.length() > 500 ? e.substring(0, 500) : e;
    }

    private static String actor(Context ctx) {
        return Access.staff(ctx).actor();
    }

    @Override
    public void describe(OpenApi api) {
        // Console pages are HTML for people, not part of the API.
    }
}
