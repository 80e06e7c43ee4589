package org.fulcrum.server.notice;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.auth.Access;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.OpenApi;
import org.fulcrum.server.web.Pages;

/** Console pages for the trusted-flagger registry and the child-safety / Art. 18 reporting tasks. */
public final class NoticeConsole implements Feature {
    private final TrustedFlaggers flaggers;
    private final SafetyTasks tasks;
    private final Pages pages;
    private final Clock clock;

    public NoticeConsole(TrustedFlaggers flaggers, SafetyTasks tasks, Pages pages, Clock clock) {
        this.clock = clock;
        this.flaggers = flaggers;
        this.tasks = tasks;
        this.pages = pages;
        pages.nav(Pages.Section.SETUP, "Flaggers", "/console/flaggers", Role.ADMIN, Role.MODERATOR, Role.AUDITOR);
        pages.nav(Pages.Section.WORK, "Reporting tasks", "/console/safety", Role.ADMIN, Role.MODERATOR, Role.LEGAL);
        pages.attention("/console/safety", false, viewer -> {
            SafetyTasks.Waiting w = tasks.waiting(clock.instant());
            String soon = w.dueWithinTheHour() - w.overdue() > 0
                    ? "; " + (w.dueWithinTheHour() - w.overdue()) + " due within the hour"
                    : "";
            return new Pages.Attention(
                    w.open(),
                    w.dueWithinTheHour() > 0,
                    org.fulcrum.server.web.Text.plural(w.open(), "report") + " to a hotline or authority not yet sent"
                            + soon
                            + (w.overdue() > 0 ? "; " + w.overdue() + " past the deadline" : ""));
        });
    }

    @Override
    public void routes(RoutesConfig r) {
        r.get(
                "/console/flaggers",
                ctx -> flaggersPage(ctx, Optional.empty(), ""),
                Role.ADMIN,
                Role.MODERATOR,
                Role.AUDITOR);
        r.post("/console/flaggers", this::register, Role.ADMIN);
        r.get("/console/safety", ctx -> safetyPage(ctx, ""), Role.ADMIN, Role.MODERATOR, Role.LEGAL);
        r.post(
                "/console/safety/{id}/complete",
                ctx -> {
                    String error = "";
                    try {
                        tasks.complete(Access.staff(ctx).actor(), ctx.pathParam("id"), ctx.formParam("reference"));
                    } catch (FulcrumException e) {
                        error = e.getMessage();
                    }
                    safetyPage(ctx, error);
                },
                Role.ADMIN,
                Role.MODERATOR,
                Role.LEGAL);
    }

    private void flaggersPage(Context ctx, Optional<TrustedFlaggers.Registered> registered, String error) {
        List<NoticeFeature.FlaggerView> list = flaggers.list().stream()
                .map(f -> new NoticeFeature.FlaggerView(f, flaggers.accuracy(f.id())))
                .toList();
        pages.render(
                ctx,
                "notice/flaggers.jte",
                "Trusted flaggers",
                Map.of(
                        "flaggers",
                        list,
                        "registered",
                        registered,
                        "error",
                        error,
                        "categories",
                        List.of(DsaCategory.values())));
    }

    private void register(Context ctx) {
        try {
            List<DsaCategory> expertise = ctx.formParams("expertise").stream()
                    .map(v -> {
                        try {
                            return DsaCategory.valueOf(v);
                        } catch (IllegalArgumentException e) {
                            throw new FulcrumException.InvalidInput("expertise", "unknown category " + v);
                        }
                    })
                    .toList();
            Flagger.Registration reg = new Flagger.Registration(
                    ctx.formParam("name"),
                    expertise,
                    ctx.formParam("designatedBy"),
                    blank(ctx.formParam("country")),
                    blank(ctx.formParam("contactEmail")));
            flaggersPage(ctx, Optional.of(flaggers.register(Access.staff(ctx).actor(), reg)), "");
        } catch (FulcrumException e) {
            flaggersPage(
                    ctx,
                    Optional.empty(),
                    e instanceof FulcrumException.InvalidInput i ? i.field() + " " + i.getMessage() : e.getMessage());
        }
    }

    private void safetyPage(Context ctx, String error) {
        pages.render(
                ctx,
                "notice/safety.jte",
                "Reporting tasks",
                Map.of("tasks", tasks.list(Optional.empty(), 500), "now", clock.instant(), "error", error));
    }

    private static Optional<String> blank(String v) {
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    @Override
    public void describe(OpenApi api) {
        // Console pages are HTML for people, not part of the API.
    }
}
