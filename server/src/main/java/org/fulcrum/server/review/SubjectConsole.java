package org.fulcrum.server.review;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.auth.Access;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.platform.SubjectKind;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.web.Pages;

/**
 * Console pages that tie things together: one page per subject with its whole history, search by
 * id, handle, URL and text, and the decision page with its statement of reasons, case, subject,
 * appeals and actions, each id a link.
 */
final class SubjectConsole {
    private static final Role[] STAFF = {Role.ADMIN, Role.MODERATOR, Role.LEGAL, Role.AUDITOR};

    private final Database db;
    private final Moderation m;
    private final Pages pages;
    private final Json json;

    SubjectConsole(Database db, Moderation m, Pages pages, Json json) {
        this.db = db;
        this.m = m;
        this.pages = pages;
        this.json = json;
        pages.nav("Search", "/console/search", STAFF);
    }

    void routes(RoutesConfig r) {
        r.get("/console/subjects/{id}", this::subject, STAFF);
        r.get("/console/search", this::search, STAFF);
        r.get("/console/decisions/{id}", this::decision, STAFF);
    }

    private void subject(Context ctx) {
        String id = ctx.pathParam("id");
        var staff = Access.staff(ctx);
        SubjectHistory.LawfulView lawful = staff.has(Role.LEGAL)
                ? SubjectHistory.LawfulView.all
                : staff.has(Role.ADMIN) ? SubjectHistory.LawfulView.ungagged : SubjectHistory.LawfulView.none;
        SubjectHistory history =
                db.read(h -> SubjectHistory.load(h, id, lawful, m.cases().now(), json));
        ReviewFeature.auditView(db, staff.actor(), "subject:" + id, "subject page: content and history");
        Map<String, Object> params = new HashMap<>();
        params.put("s", history);
        params.put("lawful", lawful != SubjectHistory.LawfulView.none);
        params.put("now", m.cases().now());
        pages.render(
                ctx, "review/subject.jte", Words.of(history.subject().kind().name()) + " " + id, params);
    }

    private void search(Context ctx) {
        String q = Search.normalise(ctx.queryParam("q"));
        String kindParam = Optional.ofNullable(ctx.queryParam("kind")).orElse("");
        Optional<SubjectKind> kind = Arrays.stream(SubjectKind.values())
                .filter(k -> k.name().equals(kindParam))
                .findFirst();
        // An exact id of a case or decision opens it: the search box doubles as "go to".
        if (q.matches("case_[a-z0-9]{10,40}") && db.read(h -> Cases.find(h, q)).isPresent()) {
            ctx.redirect("/console/cases/" + q);
            return;
        }
        if (q.matches("dec_[a-z0-9]{10,40}")
                && db.read(h -> ModerationDecisions.find(h, q)).isPresent()) {
            ctx.redirect("/console/decisions/" + q);
            return;
        }
        Search.Results results = db.read(h -> Search.run(h, q, kind));
        if (!q.isEmpty()) {
            ReviewFeature.auditView(db, Access.staff(ctx).actor(), "search", "search: " + q);
        }
        pages.render(ctx, "review/search.jte", "Search", Map.of("r", results, "kinds", List.of(SubjectKind.values())));
    }

    private void decision(Context ctx) {
        String id = ctx.pathParam("id");
        Decision d = db.read(h -> ModerationDecisions.find(h, id))
                .orElseThrow(() -> new FulcrumException.NotFound("decision " + id));
        Map<String, Object> params = new HashMap<>();
        params.put("d", d);
        params.put("statements", db.read(h -> m.statements().forDecision(h, id)));
        params.put("appeals", db.read(h -> Appeals.onDecision(h, id)));
        params.put(
                "actions",
                db.read(h -> h.createQuery("""
                        SELECT id, type, origin, reason, actor, reverses, created_at FROM enforcement_action
                        WHERE origin_ref = :d OR origin_ref IN (SELECT id FROM appeal WHERE decision_id = :d)
                        ORDER BY created_at DESC, id DESC LIMIT 100""")
                        .bind("d", id)
                        .map(CaseDetail.HistoryItem.ROWS)
                        .list()));
        pages.render(ctx, "review/decision.jte", "Decision " + id, params);
    }
}
