package org.fulcrum.server.platform;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.web.Bodies;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.OpenApi;
import org.fulcrum.server.web.Pages;
import org.fulcrum.server.web.Problem;

/** The platform's API (events in, state out) and the console's subject list. */
public final class PlatformFeature implements Feature {
    private final Database db;
    private final EventIngest ingest;
    private final Bodies bodies;
    private final Pages pages;
    private final int maxEvents;

    public PlatformFeature(Config config, Database db, EventIngest ingest, Bodies bodies, Pages pages) {
        this.db = db;
        this.ingest = ingest;
        this.bodies = bodies;
        this.pages = pages;
        this.maxEvents = config.maxEventsPerBatch();
        pages.nav("Subjects", "/console/subjects", Role.ADMIN, Role.MODERATOR, Role.LEGAL, Role.AUDITOR);
    }

    /** Content events arrive in a steady stream from the platform: their route is matched first. */
    @Override
    public boolean intake() {
        return true;
    }

    @Override
    public void routes(RoutesConfig r) {
        r.post("/v1/platform/events", this::events, Role.PLATFORM);
        r.get(
                "/v1/platform/subjects/{id}",
                this::subject,
                Role.PLATFORM,
                Role.ADMIN,
                Role.MODERATOR,
                Role.LEGAL,
                Role.AUDITOR);
        r.get("/v1/platform/subjects", this::list, Role.PLATFORM, Role.ADMIN, Role.MODERATOR, Role.LEGAL, Role.AUDITOR);
        r.get("/console/subjects", this::page, Role.ADMIN, Role.MODERATOR, Role.LEGAL, Role.AUDITOR);
    }

    @Override
    public void describe(OpenApi api) {
        api.op("POST", "/v1/platform/events", "Ingest a batch of content events (idempotent on eventId)")
                .tag("platform")
                .security("bearer")
                .body(EventBatch.class)
                .response(200, "What happened to each event", EventBatch.Result.class)
                .response(
                        503,
                        "Detection cannot take more now: nothing was stored; retry after Retry-After seconds",
                        Problem.class)
                .add();
        api.op("GET", "/v1/platform/subjects/{id}", "The enforcement state of a subject")
                .tag("platform")
                .security("bearer")
                .response(200, "The subject", Subject.class)
                .add();
        api.op("GET", "/v1/platform/subjects", "Subjects, most recently changed first")
                .tag("platform")
                .security("bearer")
                .param("query", "kind", "string", false, "only this kind")
                .param("query", "visibility", "string", false, "only this visibility")
                .param("query", "limit", "integer", false, "page size, at most 500")
                .param("query", "offset", "integer", false, "rows to skip")
                .response(200, "A page of subjects", SubjectPage.class)
                .add();
    }

    /** A page of subjects. */
    public record SubjectPage(List<Subject> subjects, int total) {}

    private void events(Context ctx) {
        EventBatch batch = bodies.json(ctx, EventBatch.class);
        if (batch.events().size() > maxEvents) {
            throw new FulcrumException.InvalidInput("events", "must have at most " + maxEvents + " events per batch");
        }
        ctx.json(ingest.ingest(batch));
    }

    private void subject(Context ctx) {
        String id = Check.id("id", ctx.pathParam("id"));
        ctx.json(db.read(h -> Subjects.find(h, id)).orElseThrow(() -> new FulcrumException.NotFound("subject " + id)));
    }

    private void list(Context ctx) {
        Optional<SubjectKind> kind = Optional.ofNullable(ctx.queryParam("kind")).map(PlatformFeature::kind);
        Optional<String> vis = Optional.ofNullable(ctx.queryParam("visibility"));
        vis.ifPresent(v -> {
            try {
                EnforcementState.Visibility.valueOf(v);
            } catch (IllegalArgumentException e) {
                throw new FulcrumException.InvalidInput("visibility", "unknown visibility '" + v + "'");
            }
        });
        int limit = intParam(ctx, "limit", 100, 500);
        int offset = intParam(ctx, "offset", 0, Integer.MAX_VALUE);
        ctx.json(db.read(
                h -> new SubjectPage(Subjects.list(h, kind, vis, limit, offset), Subjects.count(h, kind, vis))));
    }

    private void page(Context ctx) {
        // An unknown kind from a hand-edited address lists every kind rather than failing.
        Optional<SubjectKind> kind = Optional.ofNullable(ctx.queryParam("kind"))
                .filter(k -> !k.isBlank())
                .map(PlatformFeature::kind);
        int offset = intParam(ctx, "offset", 0, Integer.MAX_VALUE);
        var subjects = db.read(h -> Subjects.list(h, kind, Optional.empty(), 50, offset));
        int total = db.read(h -> Subjects.count(h, kind, Optional.empty()));
        pages.render(
                ctx,
                "platform/subjects.jte",
                "Subjects",
                Map.of(
                        "subjects",
                        subjects,
                        "total",
                        total,
                        "offset",
                        offset,
                        "kind",
                        kind.map(Enum::name).orElse("")));
    }

    private static SubjectKind kind(String k) {
        try {
            return SubjectKind.valueOf(k);
        } catch (IllegalArgumentException e) {
            throw new FulcrumException.InvalidInput(
                    "kind", "unknown kind; one of " + java.util.Arrays.toString(SubjectKind.values()));
        }
    }

    static int intParam(Context ctx, String name, int dflt, int max) {
        return org.fulcrum.server.web.Params.intParam(ctx, name, dflt, max);
    }
}
