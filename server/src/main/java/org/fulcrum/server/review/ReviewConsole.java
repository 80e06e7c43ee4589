package org.fulcrum.server.review;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.auth.Access;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.OpenApi;
import org.fulcrum.server.web.Pages;
import org.fulcrum.server.web.Text;

/**
 * The moderators' console: queues with their figures and alerts, a queue's cases in review order,
 * escalations and appeals; the case view ({@link CaseConsole}), appeal pages, bulk decisions,
 * subject pages and search are delegated to their own classes. A refused form comes back
 * with its input kept and the error beside the field.
 */
public final class ReviewConsole implements Feature {
    private static final Role[] STAFF = {Role.ADMIN, Role.MODERATOR, Role.LEGAL, Role.AUDITOR};
    private static final Role[] DECIDERS = {Role.ADMIN, Role.MODERATOR};

    private final Database db;
    private final Moderation m;
    private final Pages pages;
    private final Json json;
    private final Preferences prefs;
    private final CaseConsole cases;
    private final SubjectConsole subjects;
    private final AppealConsole appeals;
    private final BulkConsole bulk;
    private final Wellbeing wellbeing;

    public ReviewConsole(
            Database db,
            Moderation moderation,
            Wellbeing wellbeing,
            Pages pages,
            MediaProxy media,
            PreservedMedia evidence,
            FrameStrips strips,
            Json json) {
        this.db = db;
        this.json = json;
        this.m = moderation;
        this.pages = pages;
        this.prefs = new Preferences(db);
        this.wellbeing = wellbeing;
        this.cases = new CaseConsole(
                db,
                moderation,
                wellbeing,
                pages,
                media,
                evidence,
                strips,
                json,
                prefs,
                new CaseNotes(db, moderation.queues()));
        this.subjects = new SubjectConsole(db, moderation, pages, json);
        this.appeals = new AppealConsole(db, moderation, pages, strips, json);
        this.bulk = new BulkConsole(db, moderation, pages, json);
        pages.nav(Pages.Section.URGENT, "Queues", "/console/queues", STAFF);
        pages.nav(Pages.Section.WORK, "Appeals", "/console/appeals", Role.ADMIN, Role.MODERATOR, Role.AUDITOR);
        pages.nav("Bulk", "/console/bulk", DECIDERS);
        pages.nav(Pages.Section.URGENT, "Escalated to me", "/console/escalations", DECIDERS);
        pages.attention("/console/queues", false, viewer -> {
            Queues.Waiting w = m.queues().waiting();
            long nearly = w.atRisk() - w.pastSla();
            return new Pages.Attention(
                    w.unclaimed(),
                    w.atRisk() > 0,
                    Text.plural(w.unclaimed(), "open case") + " nobody is working on"
                            + (nearly > 0 ? "; " + nearly + " with less than a quarter of the SLA left" : "")
                            + (w.pastSla() > 0 ? "; " + w.pastSla() + " past their SLA" : ""));
        });
        pages.attention("/console/appeals", false, viewer -> {
            long n = m.appeals().waiting();
            return new Pages.Attention(n, false, Text.plural(n, "appeal") + " waiting for a reviewer");
        });
        pages.attention("/console/escalations", true, viewer -> {
            long n = db.read(h -> CaseNotes.escalatedTo(h, viewer.actor())).size();
            return new Pages.Attention(n, false, Text.plural(n, "open case") + " escalated to you");
        });
    }

    @Override
    public void routes(RoutesConfig r) {
        subjects.routes(r);
        appeals.routes(r);
        // the address the demo and README give for "Console → Review": the queues, where review starts
        r.get("/console/review", ctx -> ctx.redirect("/console/queues"), STAFF);
        r.get(
                "/console/queues",
                ctx -> pages.render(
                        ctx,
                        "review/queues.jte",
                        "Review queues",
                        Map.of(
                                "stats",
                                m.queues().stats(),
                                "alerts",
                                m.sla().open(100),
                                "error",
                                error(ctx),
                                "wellbeing",
                                decider(ctx) ? wellbeing.notice(actor(ctx)) : Wellbeing.Notice.NONE)),
                STAFF);
        r.get("/console/queues/{id}", this::queuePage, STAFF);
        r.post(
                "/console/queues/{id}/next",
                ctx -> form(ctx, "/console/queues/" + ctx.pathParam("id"), () -> {
                    String q = ctx.pathParam("id");
                    boolean paused = wellbeing.pause().until(actor(ctx)).isPresent();
                    Optional<Case> next = m.cases().next(actor(ctx), q, paused);
                    // An empty queue is good news, not an error; during a break, say what is left.
                    return next.map(c -> "/console/cases/" + c.id())
                            .orElse("/console/queues/" + q
                                    + (paused && m.cases().criticalWaiting(q) ? "?info=critical-only" : "?info=empty"));
                }),
                DECIDERS);
        r.post(
                "/console/wellbeing/pause",
                ctx -> form(ctx, back(ctx), () -> {
                    wellbeing.pause().start(actor(ctx));
                    return back(ctx);
                }),
                DECIDERS);
        r.post(
                "/console/wellbeing/resume",
                ctx -> form(ctx, back(ctx), () -> {
                    wellbeing.pause().end(actor(ctx));
                    return back(ctx);
                }),
                DECIDERS);
        cases.routes(r);
        r.post(
                "/console/preferences/media",
                ctx -> form(ctx, "/console/queues", () -> {
                    String v = String.valueOf(ctx.formParam("media"));
                    if (!v.equals("blur") && !v.equals("grey") && !v.equals("show")) {
                        throw new FulcrumException.InvalidInput("media", "choose blurred, grey or as they are");
                    }
                    prefs.put(actor(ctx), "media", v);
                    return back(ctx);
                }),
                STAFF);
        r.get(
                "/console/escalations",
                ctx -> pages.render(
                        ctx,
                        "review/escalations.jte",
                        "Escalated to me",
                        Map.of(
                                "escalations",
                                db.read(h -> CaseNotes.escalatedTo(h, actor(ctx))),
                                "now",
                                m.cases().now())),
                DECIDERS);
        r.get(
                "/console/appeals",
                ctx -> {
                    var list = m.appeals().list(Optional.empty(), 200);
                    ReviewFeature.auditView(db, actor(ctx), "appeals", "appeal list: appellants and grounds");
                    pages.render(ctx, "review/appeals.jte", "Appeals", Map.of("appeals", list, "error", error(ctx)));
                },
                Role.ADMIN,
                Role.MODERATOR,
                Role.AUDITOR);
        bulk.routes(r);
    }

    /**
     * A queue's open cases with their previews, filtered and sorted; a filter given is saved for
     * the moderator, and the saved one applies when the page is opened without one.
     */
    private void queuePage(Context ctx) {
        String id = ctx.pathParam("id");
        // A queue is also found by the name its page shows ("/console/queues/urgent").
        Optional<Queue> named = m.queues().list().stream()
                .filter(x -> x.name().equals(id) && !x.id().equals(id))
                .findFirst();
        if (named.isPresent()) {
            String query = ctx.queryString() == null ? "" : "?" + ctx.queryString();
            ctx.redirect("/console/queues/" + named.get().id() + query, io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        Queue q = m.queues().require(id);
        String key = "queue-filter:" + q.id();
        Map<String, String> typed = new java.util.HashMap<>();
        ctx.queryParamMap().forEach((k, v) -> {
            if (!v.isEmpty() && !k.equals("offset") && !k.equals("error") && !k.equals("info")) {
                typed.put(k, v.getFirst().length() > 100 ? v.getFirst().substring(0, 100) : v.getFirst());
            }
        });
        boolean reset = typed.remove("reset") != null;
        QueueView.Filter filter = QueueView.Filter.NONE;
        Map<String, String> errors = new java.util.HashMap<>();
        boolean saved = false;
        try {
            if (reset) {
                prefs.put(actor(ctx), key, "");
            } else if (typed.isEmpty()) {
                Optional<String> stored = prefs.get(actor(ctx), key).filter(v -> !v.isEmpty());
                if (stored.isPresent()) {
                    filter = QueueView.Filter.read(parseQuery(stored.get()));
                    saved = !filter.isNone();
                }
            } else {
                filter = QueueView.Filter.read(typed);
                prefs.put(actor(ctx), key, filter.query());
                saved = false;
            }
        } catch (FulcrumException.InvalidInput e) {
            errors.put(e.field(), e.getMessage());
            ctx.status(422);
        }
        int offset = Math.max(
                0,
                Math.min(100_000, ctx.queryParamAsClass("offset", Integer.class).getOrDefault(0)));
        QueueView.Filter f = filter;
        QueueView.Page page =
                db.read(h -> QueueView.load(h, json, q.id(), f, m.cases().now(), q.slaMinutes(), 100, offset));
        Map<String, Object> params = new java.util.HashMap<>();
        params.put("queue", q);
        params.put("filter", f);
        params.put("page", page);
        params.put("errors", errors);
        params.put("typed", errors.isEmpty() ? Map.of() : typed);
        params.put("canDecide", decider(ctx));
        params.put("saved", saved);
        params.put("offset", offset);
        params.put("error", error(ctx));
        params.put("emptyNotice", "empty".equals(ctx.queryParam("info")));
        params.put("criticalOnly", "critical-only".equals(ctx.queryParam("info")));
        params.put("wellbeing", decider(ctx) ? wellbeing.notice(actor(ctx)) : Wellbeing.Notice.NONE);
        params.put("here", "/console/queues/" + q.id());
        pages.render(ctx, "review/queue.jte", "Queue " + q.name(), params);
    }

    /** Where a preference form returns: the console page it was sent from, else the queues. */
    static String back(Context ctx) {
        String back = String.valueOf(ctx.formParam("back"));
        // Only a console path: never an address elsewhere (no open redirect).
        return back.matches("/console/[A-Za-z0-9_/-]{1,200}") ? back : "/console/queues";
    }

    static Map<String, String> parseQuery(String query) {
        Map<String, String> out = new java.util.HashMap<>();
        for (String part : query.split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(
                        java.net.URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** Whether the signed-in staff member may decide cases. */
    static boolean decider(Context ctx) {
        var staff = Access.staff(ctx);
        return staff.has(Role.ADMIN) || staff.has(Role.MODERATOR);
    }

    /** Runs a form action and redirects to where it says, or back to {@code back} with the failure. */
    static void form(Context ctx, String back, java.util.function.Supplier<String> action) {
        String to;
        try {
            to = action.get();
        } catch (FulcrumException e) {
            to = back + (back.contains("?") ? "&" : "?") + "error="
                    + URLEncoder.encode(message(e), StandardCharsets.UTF_8);
        }
        ctx.redirect(to);
    }

    private static String message(FulcrumException e) {
        return e instanceof FulcrumException.InvalidInput i ? i.field() + " " + i.getMessage() : e.getMessage();
    }

    static String error(Context ctx) {
        String e = ctx.queryParam("error");
        return e == null ? "" : e.length() > 500 ? e.substring(0, 500) : e;
    }

    static String actor(Context ctx) {
        return Access.staff(ctx).actor();
    }

    @Override
    public void describe(OpenApi api) {
        // Console pages are HTML for people, not part of the API.
    }
}
