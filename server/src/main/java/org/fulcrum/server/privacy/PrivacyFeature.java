package org.fulcrum.server.privacy;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.auth.Access;
import org.fulcrum.server.auth.Principal;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.notice.Idempotency;
import org.fulcrum.server.web.Bodies;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.OpenApi;

/**
 * The privacy API: retention rules, purge runs, legal holds and data subject requests. The
 * platform relays its users' requests with its token; staff read and act with their roles.
 */
public final class PrivacyFeature implements Feature {
    private static final Role[] READ = {Role.ADMIN, Role.LEGAL, Role.AUDITOR};
    private static final long MAX_BODY = 16 * 1024;

    private final Privacy privacy;
    private final Bodies bodies;
    private final Clock clock;

    public PrivacyFeature(Privacy privacy, Clock clock, Json json) {
        this.privacy = privacy;
        this.bodies = new Bodies(MAX_BODY, json);
        this.clock = clock;
    }

    @Override
    public void routes(RoutesConfig r) {
        r.get("/v1/privacy/retention", ctx -> ctx.json(rules()), READ);
        r.put("/v1/privacy/retention/{class}", this::setRule, Role.ADMIN);
        r.post("/v1/privacy/retention/{class}/reset", this::resetRule, Role.ADMIN);
        r.get(
                "/v1/privacy/purges",
                ctx -> ctx.json(new Views.Purges(
                        privacy.purge().runs(20), privacy.purge().recent(limit(ctx)))),
                READ);
        r.post("/v1/privacy/purges", this::purge, Role.ADMIN);
        r.get("/v1/privacy/holds", this::holds, READ);
        r.post("/v1/privacy/holds", this::place, Role.LEGAL);
        r.get("/v1/privacy/holds/{id}", ctx -> ctx.json(view(hold(ctx))), READ);
        r.post("/v1/privacy/holds/{id}/extend", this::extend, Role.LEGAL);
        r.post("/v1/privacy/holds/{id}/release", this::release, Role.LEGAL);
        r.post("/v1/privacy/requests", this::submit, Role.PLATFORM, Role.LEGAL, Role.ADMIN);
        r.get(
                "/v1/privacy/requests",
                ctx -> ctx.json(new Views.RequestList(privacy.requests().recent(limit(ctx)))),
                READ);
        r.get(
                "/v1/privacy/requests/{id}",
                ctx -> ctx.json(request(ctx)),
                Role.PLATFORM,
                Role.ADMIN,
                Role.LEGAL,
                Role.AUDITOR);
        r.get("/v1/privacy/requests/{id}/export", this::export, Role.PLATFORM, Role.ADMIN, Role.LEGAL);
    }

    Views.Rules rules() {
        return new Views.Rules(
                privacy.retention().rules().stream().map(Views.Rule::of).toList());
    }

    private void setRule(Context ctx) {
        DataClass c = DataClass.parse("class", ctx.pathParam("class"));
        RetentionSettings.Change change = bodies.json(ctx, RetentionSettings.Change.class);
        ctx.json(Views.Rule.of(privacy.retention().set(Access.staff(ctx), c, change)));
    }

    /** Why a rule goes back to the file's period. */
    public record Reset(String reason) {
        public Reset {
            Holds.reason(reason);
        }
    }

    private void resetRule(Context ctx) {
        DataClass c = DataClass.parse("class", ctx.pathParam("class"));
        Reset reset = bodies.json(ctx, Reset.class);
        ctx.json(Views.Rule.of(privacy.retention().reset(Access.staff(ctx), c, reset.reason())));
    }

    private void purge(Context ctx) {
        List<PurgeRecord> batches = privacy.purge().run(Access.require(ctx).actor());
        ctx.json(new Views.PurgeResult(
                batches.stream().mapToLong(PurgeRecord::purged).sum(), batches));
    }

    private void holds(Context ctx) {
        Optional<String> subject =
                Optional.ofNullable(ctx.queryParam("subjectId")).map(s -> Check.id("subjectId", s));
        boolean active = "true".equals(ctx.queryParam("active"));
        ctx.json(new Views.HoldList(privacy.holds().list(subject, active, limit(ctx)).stream()
                .map(this::view)
                .toList()));
    }

    Views.HoldView view(Hold h) {
        return new Views.HoldView(h, h.status(clock.instant()), privacy.holds().preserved(h.id()));
    }

    private Hold hold(Context ctx) {
        String id = Check.id("id", ctx.pathParam("id"));
        return privacy.holds().find(id).orElseThrow(() -> new FulcrumException.NotFound("hold " + id));
    }

    private void place(Context ctx) {
        Holds.Placement p = bodies.json(ctx, Holds.Placement.class);
        ctx.status(201).json(view(privacy.holds().place(Access.staff(ctx), p)));
    }

    private void extend(Context ctx) {
        String id = Check.id("id", ctx.pathParam("id"));
        Holds.Extension e = bodies.json(ctx, Holds.Extension.class);
        ctx.json(view(privacy.holds().extend(Access.staff(ctx), id, e)));
    }

    private void release(Context ctx) {
        String id = Check.id("id", ctx.pathParam("id"));
        Holds.Release rel = bodies.json(ctx, Holds.Release.class);
        ctx.json(view(privacy.holds().release(Access.staff(ctx), id, rel)));
    }

    private void submit(Context ctx) {
        Principal who = Access.require(ctx);
        Optional<String> key = Idempotency.key(ctx.header(Idempotency.HEADER));
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase().startsWith("application/json")) {
            throw new FulcrumException.InvalidInput("Content-Type", "must be application/json");
        }
        byte[] body = bodies.bytes(ctx, MAX_BODY);
        DataSubjectRequests.Request r = bodies.parse(body, DataSubjectRequests.Request.class);
        Idempotency.Answer answer = privacy.requests().submit(who, r, key, Idempotency.digest(body));
        if (answer.replayed()) {
            ctx.header("Idempotent-Replayed", "true");
        }
        ctx.status(answer.status()).contentType("application/json").result(answer.json());
    }

    private DataSubjectRequests.DsrRecord request(Context ctx) {
        String id = Check.id("id", ctx.pathParam("id"));
        return privacy.requests()
                .find(id)
                .orElseThrow(() -> new FulcrumException.NotFound("data subject request " + id));
    }

    private void export(Context ctx) {
        String id = Check.id("id", ctx.pathParam("id"));
        AccountExport e = privacy.requests().export(Access.require(ctx), id);
        if ("text".equals(ctx.queryParam("format"))) {
            ctx.contentType("text/plain; charset=utf-8").result(String.join("\n", e.summary()) + "\n");
            return;
        }
        ctx.header("Content-Disposition", "attachment; filename=\"" + id + ".export.json\"")
                .json(e);
    }

    static int limit(Context ctx) {
        String v = ctx.queryParam("limit");
        if (v == null) {
            return 50;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 1 || n > 500) {
                throw new FulcrumException.InvalidInput("limit", "must be 1 to 500");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new FulcrumException.InvalidInput("limit", "must be an integer");
        }
    }

    @Override
    public void describe(OpenApi api) {
        api.op(
                        "GET",
                        "/v1/privacy/retention",
                        "Retention rules per class of personal data, with what each holds and "
                                + "from when its period runs")
                .tag("privacy")
                .security("session")
                .response(200, "Rules", Views.Rules.class)
                .add();
        api.op(
                        "PUT",
                        "/v1/privacy/retention/{class}",
                        "Set a class's retention period (ISO-8601, at least its floor); " + "audited with the reason")
                .tag("privacy")
                .security("session")
                .body(RetentionSettings.Change.class)
                .response(200, "The rule now in force", Views.Rule.class)
                .add();
        api.op("POST", "/v1/privacy/retention/{class}/reset", "Go back to the retention file's period for a class")
                .tag("privacy")
                .security("session")
                .body(Reset.class)
                .response(200, "The rule now in force", Views.Rule.class)
                .add();
        api.op("GET", "/v1/privacy/purges", "Recent purge runs and what each batch purged, under which rule")
                .tag("privacy")
                .security("session")
                .param("query", "limit", "integer", false, "batches, 1-500")
                .response(200, "Runs and batches", Views.Purges.class)
                .add();
        api.op("POST", "/v1/privacy/purges", "Run the purge job now; every batch appends a purge entry to the log")
                .tag("privacy")
                .security("session")
                .response(200, "What was purged", Views.PurgeResult.class)
                .add();
        api.op("GET", "/v1/privacy/holds", "Legal holds, newest first")
                .tag("privacy")
                .security("session")
                .param("query", "subjectId", "string", false, "only holds on this subject")
                .param("query", "active", "boolean", false, "only running holds")
                .param("query", "limit", "integer", false, "1-500")
                .response(200, "Holds", Views.HoldList.class)
                .add();
        api.op(
                        "POST",
                        "/v1/privacy/holds",
                        "Place a legal hold on a subject (an account's hold covers all it wrote); "
                                + "the platform is told, evidence is captured")
                .tag("privacy")
                .security("session")
                .body(Holds.Placement.class)
                .response(201, "The hold", Views.HoldView.class)
                .add();
        api.op("GET", "/v1/privacy/holds/{id}", "A hold and what it preserved")
                .tag("privacy")
                .security("session")
                .response(200, "The hold", Views.HoldView.class)
                .add();
        api.op(
                        "POST",
                        "/v1/privacy/holds/{id}/extend",
                        "Extend a running hold, within its instrument's limit "
                                + "(EPOC-PR once by 30 days, 2703(f) once by 90)")
                .tag("privacy")
                .security("session")
                .body(Holds.Extension.class)
                .response(200, "The hold", Views.HoldView.class)
                .add();
        api.op("POST", "/v1/privacy/holds/{id}/release", "Release a running hold with the reason")
                .tag("privacy")
                .security("session")
                .body(Holds.Release.class)
                .response(200, "The hold", Views.HoldView.class)
                .add();
        api.op(
                        "POST",
                        "/v1/privacy/requests",
                        "A data subject request: export of everything held about an account, or "
                                + "its erasure where no obligation or hold prevents it. Send an Idempotency-Key header to make "
                                + "retries safe.")
                .tag("privacy")
                .security("bearer")
                .param(
                        "header",
                        "Idempotency-Key",
                        "string",
                        false,
                        "1-128 visible ASCII characters; a retry with the same key and body gets the first answer")
                .body(DataSubjectRequests.Request.class)
                .response(
                        201,
                        "The request with its outcome (a refusal names its reason)",
                        DataSubjectRequests.DsrRecord.class)
                .add();
        api.op("GET", "/v1/privacy/requests", "Data subject requests, newest first")
                .tag("privacy")
                .security("session")
                .param("query", "limit", "integer", false, "1-500")
                .response(200, "Requests", Views.RequestList.class)
                .add();
        api.op("GET", "/v1/privacy/requests/{id}", "A data subject request and its outcome")
                .tag("privacy")
                .security("bearer")
                .response(200, "The request", DataSubjectRequests.DsrRecord.class)
                .add();
        api.op(
                        "GET",
                        "/v1/privacy/requests/{id}/export",
                        "The export of an export request, made now: a readable "
                                + "summary and every record, each naming its source; format=text gives the summary alone")
                .tag("privacy")
                .security("bearer")
                .param("query", "format", "string", false, "json (default) or text")
                .response(200, "The export", AccountExport.class)
                .alsoAs(200, "text/plain")
                .add();
    }
}
