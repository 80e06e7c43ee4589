package org.fulcrum.server.review;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.auth.Access;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.platform.SubjectKind;
import org.fulcrum.server.web.Bodies;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.OpenApi;
import org.fulcrum.server.web.Pages;
import org.fulcrum.server.web.Text;

/**
 * Sweeps over the API ({@code /v1/review/sweeps}) and the console page of long-running enforcement
 * work ({@code /console/progress}): sweeps and retro-hunts with their progress, and the buttons to
 * start, pause, resume and cancel a sweep.
 */
public final class SweepFeature implements Feature {
    private static final Role[] STAFF = {Role.ADMIN, Role.MODERATOR, Role.LEGAL, Role.AUDITOR};
    private static final Role[] DECIDERS = {Role.ADMIN, Role.MODERATOR};

    private final Sweeps sweeps;
    private final HuntProgress hunts;
    private final Bodies bodies;
    private final Pages pages;

    public SweepFeature(Sweeps sweeps, HuntProgress hunts, Bodies bodies, Pages pages) {
        this.sweeps = sweeps;
        this.hunts = hunts;
        this.bodies = bodies;
        this.pages = pages;
        pages.nav("Progress", "/console/progress", STAFF);
    }

    /** Sweeps, newest first. */
    public record SweepList(List<Sweeps.Sweep> sweeps) {}

    @Override
    public void routes(RoutesConfig r) {
        r.post(
                "/v1/review/sweeps",
                ctx -> {
                    Sweeps.Sweep s = sweeps.start(actor(ctx), bodies.json(ctx, Sweeps.Request.class));
                    ctx.status(s.status().equals("dry_run") ? 200 : 202).json(s);
                },
                DECIDERS);
        r.get("/v1/review/sweeps", ctx -> ctx.json(new SweepList(sweeps.list(200))), STAFF);
        r.get("/v1/review/sweeps/{id}", ctx -> ctx.json(sweeps.find(id(ctx))), STAFF);
        r.post("/v1/review/sweeps/{id}/pause", ctx -> ctx.json(sweeps.pause(actor(ctx), id(ctx))), DECIDERS);
        r.post("/v1/review/sweeps/{id}/resume", ctx -> ctx.json(sweeps.resume(actor(ctx), id(ctx))), DECIDERS);
        r.post("/v1/review/sweeps/{id}/cancel", ctx -> ctx.json(sweeps.cancel(actor(ctx), id(ctx))), DECIDERS);

        r.get("/console/progress", ctx -> page(ctx, ""), STAFF);
        r.post("/console/progress/sweeps", this::startForm, DECIDERS);
        r.post(
                "/console/progress/sweeps/{id}/{action}",
                ctx -> {
                    String id = id(ctx);
                    try {
                        switch (ctx.pathParam("action")) {
                            case "pause" -> sweeps.pause(actor(ctx), id);
                            case "resume" -> sweeps.resume(actor(ctx), id);
                            case "cancel" -> sweeps.cancel(actor(ctx), id);
                            default -> throw new FulcrumException.NotFound("no such action");
                        }
                        ctx.redirect("/console/progress");
                    } catch (FulcrumException.Conflict e) {
                        page(ctx, e.getMessage());
                    }
                },
                DECIDERS);
    }

    private void startForm(Context ctx) {
        try {
            Sweeps.Query query = new Sweeps.Query(
                    param(ctx, "containerId"),
                    param(ctx, "authorId"),
                    param(ctx, "kind").map(k -> kind(k)),
                    param(ctx, "country"));
            Sweeps.Sweep s = sweeps.start(
                    actor(ctx), new Sweeps.Request(query, DecisionForm.read(ctx), ctx.formParam("dryRun") != null));
            if (s.status().equals("dry_run")) {
                page(ctx, "", "Dry run: " + Text.plural(s.total(), "subject") + " would be decided.");
            } else {
                ctx.redirect("/console/progress");
            }
        } catch (FulcrumException e) {
            page(ctx, e instanceof FulcrumException.InvalidInput i ? i.field() + " " + i.getMessage() : e.getMessage());
        }
    }

    private static SubjectKind kind(String k) {
        try {
            return SubjectKind.valueOf(k);
        } catch (IllegalArgumentException e) {
            throw new FulcrumException.InvalidInput("kind", "unknown subject kind " + k);
        }
    }

    private void page(Context ctx, String error) {
        page(ctx, error, "");
    }

    private void page(Context ctx, String error, String flash) {
        pages.render(
                ctx,
                "review/progress.jte",
                "Progress",
                Map.of(
                        "sweeps",
                        sweeps.list(50),
                        "hunts",
                        hunts.recent(20),
                        "error",
                        error,
                        "flash",
                        flash,
                        "form",
                        formValues(ctx)));
    }

    /** What the operator typed, kept when the form comes back with an error. */
    private static Map<String, String> formValues(Context ctx) {
        Map<String, String> values = new java.util.HashMap<>();
        for (String f : List.of("containerId", "authorId", "kind", "country", "ground", "facts")) {
            values.put(
                    f,
                    ctx.method().name().equals("POST")
                            ? Optional.ofNullable(ctx.formParam(f)).orElse("")
                            : "");
        }
        return values;
    }

    private static Optional<String> param(Context ctx, String name) {
        return Optional.ofNullable(ctx.formParam(name)).map(String::strip).filter(s -> !s.isEmpty());
    }

    private static String id(Context ctx) {
        return Check.id("id", ctx.pathParam("id"));
    }

    private static String actor(Context ctx) {
        return Access.staff(ctx).actor();
    }

    @Override
    public void describe(OpenApi api) {
        api.op(
                        "POST",
                        "/v1/review/sweeps",
                        "Apply one decision, on the operator's own initiative, to every subject a"
                                + " query selects (no notice per item; each gets its statement of reasons and log entry); runs in"
                                + " the background")
                .tag("review")
                .security("session")
                .body(Sweeps.Request.class)
                .response(202, "The sweep, running", Sweeps.Sweep.class)
                .response(200, "Dry run: how many subjects it would select", Sweeps.Sweep.class)
                .add();
        api.op("GET", "/v1/review/sweeps", "Sweeps with their progress")
                .tag("review")
                .security("session")
                .response(200, "Sweeps", SweepList.class)
                .add();
        api.op("GET", "/v1/review/sweeps/{id}", "A sweep's progress: total, decided, skipped, status")
                .tag("review")
                .security("session")
                .response(200, "The sweep", Sweeps.Sweep.class)
                .add();
        for (String action : List.of("pause", "resume", "cancel")) {
            api.op(
                            "POST",
                            "/v1/review/sweeps/{id}/" + action,
                            action.substring(0, 1).toUpperCase() + action.substring(1) + " a sweep")
                    .tag("review")
                    .security("session")
                    .response(200, "The sweep", Sweeps.Sweep.class)
                    .add();
        }
    }
}
