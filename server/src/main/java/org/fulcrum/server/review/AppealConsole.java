package org.fulcrum.server.review;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.auth.Access;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.web.Pages;

/**
 * An appeal with its context on one page: the decision, its case, the content and the statement of
 * reasons beside the appellant's grounds. No outcome is preselected; deciding takes a confirmation
 * step that says what will happen; reversing a decision on content that matched a hash bank asks
 * for a recorded second look first. Only a decider other than the original reviewer sees the form.
 */
final class AppealConsole {
    private final Database db;
    private final Moderation m;
    private final Pages pages;
    private final FrameStrips strips;
    private final Json json;

    AppealConsole(Database db, Moderation m, Pages pages, FrameStrips strips, Json json) {
        this.db = db;
        this.m = m;
        this.pages = pages;
        this.strips = strips;
        this.json = json;
    }

    void routes(RoutesConfig r) {
        r.get(
                "/console/appeals/{id}",
                ctx -> render(ctx, Map.of(), Optional.empty(), "", false),
                Role.ADMIN,
                Role.MODERATOR,
                Role.AUDITOR);
        r.post("/console/appeals/{id}/decide", this::decide, Role.ADMIN, Role.MODERATOR);
    }

    /** What the appeal page shows. */
    record AppealContext(
            Appeal appeal,
            Decision decision,
            Optional<CaseDetail> caseDetail,
            List<Statements.Statement> statements,
            List<String> bankMatches) {}

    private AppealContext load(String id) {
        return db.read(h -> {
            Appeal a = Appeals.find(h, id).orElseThrow(() -> new FulcrumException.NotFound("appeal " + id));
            Decision d = ModerationDecisions.find(h, a.decisionId()).orElseThrow();
            Optional<CaseDetail> c = d.caseId().map(cid -> CaseDetail.load(h, cid, m.safety(), json));
            List<String> banks = Appeals.bankMatches(h, d.subjectId());
            return new AppealContext(a, d, c, m.statements().forDecision(h, d.id()), banks);
        });
    }

    private void render(
            Context ctx,
            Map<String, String> errors,
            Optional<Appeal.Outcome> outcome,
            String reason,
            boolean confirming) {
        String id = ctx.pathParam("id");
        AppealContext c = load(id);
        var staff = Access.staff(ctx);
        ReviewFeature.auditView(db, staff.actor(), "appeal:" + id, "appeal view: appellant's grounds and content");
        boolean mayDecide = (staff.has(Role.ADMIN) || staff.has(Role.MODERATOR))
                && !c.decision().decidedBy().equals(staff.actor())
                && c.appeal().status().equals("open");
        Map<String, Object> p = new HashMap<>();
        p.put("c", c.caseDetail());
        p.put("a", c.appeal());
        p.put("d", c.decision());
        p.put("statements", c.statements());
        p.put("banks", c.bankMatches());
        p.put("mayDecide", mayDecide);
        p.put("ownDecision", c.decision().decidedBy().equals(staff.actor()));
        p.put("errors", errors);
        p.put("outcome", outcome.map(Enum::name).orElse(""));
        p.put("reason", reason);
        p.put("confirming", confirming);
        p.put("secondLook", ctx.formParam("secondLook") != null);
        p.put("mediaSetting", new Preferences(db).media(staff.actor()));
        p.put("strips", strips.of(c.decision().subjectId()));
        pages.render(ctx, "review/appeal.jte", "Appeal " + id, p);
    }

    private void decide(Context ctx) {
        String id = ctx.pathParam("id");
        String reason = Optional.ofNullable(ctx.formParam("reason")).orElse("");
        reason = reason.length() > 2000 ? reason.substring(0, 2000) : reason;
        Optional<Appeal.Outcome> outcome = Optional.ofNullable(ctx.formParam("outcome"))
                .flatMap(v -> java.util.Arrays.stream(Appeal.Outcome.values())
                        .filter(o -> o.name().equals(v))
                        .findFirst());
        if ("yes".equals(ctx.formParam("edit"))) {
            render(ctx, Map.of(), outcome, reason, false);
            return;
        }
        Map<String, String> errors = new HashMap<>();
        if (outcome.isEmpty()) {
            errors.put("outcome", "Choose whether the appeal is well founded (reverse) or not (uphold).");
        }
        if (reason.isBlank()) {
            errors.put("reason", "Write the reason the appellant will read.");
        }
        AppealContext c = load(id);
        if (outcome.orElse(null) == Appeal.Outcome.reverse
                && !c.bankMatches().isEmpty()
                && ctx.formParam("secondLook") == null) {
            errors.put(
                    "secondLook",
                    "This content matched " + String.join(", ", c.bankMatches())
                            + ". Look at it again and tick the box to confirm it should be restored.");
        }
        if (!errors.isEmpty()) {
            ctx.status(422);
            render(ctx, errors, outcome, reason, false);
            return;
        }
        if (!"yes".equals(ctx.formParam("confirmed"))) {
            render(ctx, Map.of(), outcome, reason, true);
            return;
        }
        try {
            m.appeals()
                    .decide(
                            Access.staff(ctx).actor(),
                            id,
                            new Appeal.Ruling(outcome.get(), reason, Optional.of(ctx.formParam("secondLook") != null)));
        } catch (FulcrumException e) {
            ctx.status(e instanceof FulcrumException.InvalidInput ? 422 : 409);
            render(
                    ctx,
                    Map.of(
                            "",
                            e.getMessage().substring(0, 1).toUpperCase()
                                    + e.getMessage().substring(1) + "."),
                    outcome,
                    reason,
                    false);
            return;
        }
        ctx.redirect("/console/appeals/" + id + "?decided=1");
    }
}
