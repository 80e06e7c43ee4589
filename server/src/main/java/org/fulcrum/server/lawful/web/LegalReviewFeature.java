package org.fulcrum.server.lawful.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.fulcrum.server.auth.Access;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.lawful.Lawful;
import org.fulcrum.server.lawful.decision.Disclosures;
import org.fulcrum.server.lawful.intake.LawfulIntake;
import org.fulcrum.server.lawful.intake.Rejections;
import org.fulcrum.server.lawful.request.LawfulRequest;
import org.fulcrum.server.lawful.review.LawfulQueries;
import org.fulcrum.server.policy.Finding;
import org.fulcrum.server.web.Bodies;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.OpenApi;

/** The legal review API: the queue, a request with its trace, and every review step. */
public final class LegalReviewFeature implements Feature {
    private static final Role[] READ = {Role.LEGAL, Role.AUDITOR};

    private final Lawful lawful;
    private final Bodies bodies;
    private final Json json;

    public LegalReviewFeature(Lawful lawful, Bodies bodies, Json json) {
        this.json = json;
        this.lawful = lawful;
        this.bodies = bodies;
    }

    @Override
    public void routes(RoutesConfig r) {
        r.get("/v1/lawful/review", ctx -> ctx.json(lawful.queries().queue()), READ);
        r.get("/v1/lawful/review/{id}", ctx -> ctx.json(lawful.queries().view(id(ctx))), READ);
        r.post("/v1/lawful/review/{id}/findings", this::finding, Role.LEGAL);
        r.post("/v1/lawful/review/{id}/callback", this::callback, Role.LEGAL);
        r.post("/v1/lawful/review/{id}/clarify", this::clarify, Role.LEGAL);
        r.post("/v1/lawful/review/{id}/execute", this::execute, Role.LEGAL);
        r.post("/v1/lawful/review/{id}/disclosure/approve", this::approve, Role.LEGAL);
        r.post("/v1/lawful/review/{id}/refuse", this::refuse, Role.LEGAL);
        r.post("/v1/lawful/review/{id}/reconsider", this::reconsider, Role.LEGAL);
        r.get(
                "/v1/lawful/review/{id}/decisions/{decision}/replay",
                ctx -> ctx.json(lawful.queries().replay(id(ctx), Check.id("decision", ctx.pathParam("decision")))),
                READ);
        r.post("/v1/lawful/manual", this::manual, Role.LEGAL);
        r.get("/v1/lawful/rejections", ctx -> ctx.json(lawful.rejections().recent(200)), READ);
    }

    @Override
    public void describe(OpenApi api) {
        api.op("GET", "/v1/lawful/review", "Open lawful requests, nearest deadline first")
                .tag("legal")
                .security("session")
                .response(200, "The queue", OpenApi.listOf(LawfulRequest.class))
                .add();
        api.op("GET", "/v1/lawful/review/{id}", "A request with its decisions, traces, clock and history")
                .tag("legal")
                .security("session")
                .response(200, "The request", LawfulQueries.RequestView.class)
                .add();
        api.op(
                        "POST",
                        "/v1/lawful/review/{id}/findings",
                        "Record whether a target is political speech, protest or " + "journalism; decides again")
                .tag("legal")
                .security("session")
                .body(FindingIn.class)
                .response(200, "Decided again", Outcome.class)
                .add();
        api.op("POST", "/v1/lawful/review/{id}/callback", "Record a call-back through a contact on file")
                .tag("legal")
                .security("session")
                .body(CallbackIn.class)
                .response(200, "Status", Outcome.class)
                .add();
        api.op("POST", "/v1/lawful/review/{id}/clarify", "Ask the authority to clarify; the clock stops")
                .tag("legal")
                .security("session")
                .body(QuestionIn.class)
                .response(204, "Asked")
                .add();
        api.op("POST", "/v1/lawful/review/{id}/execute", "Approve execution of the measures the caps held back")
                .tag("legal")
                .security("session")
                .body(ReasonIn.class)
                .response(200, "Status", Outcome.class)
                .add();
        api.op(
                        "POST",
                        "/v1/lawful/review/{id}/disclosure/approve",
                        "Approve the disclosure (two distinct legal " + "approvers execute it)")
                .tag("legal")
                .security("session")
                .body(ReasonIn.class)
                .response(200, "Approvals so far", Disclosures.Approval.class)
                .add();
        api.op("POST", "/v1/lawful/review/{id}/refuse", "Refuse the request (forged, invalid)")
                .tag("legal")
                .security("session")
                .body(ReasonIn.class)
                .response(204, "Refused")
                .add();
        api.op("POST", "/v1/lawful/review/{id}/reconsider", "Decide again under the policy now in force")
                .tag("legal")
                .security("session")
                .response(200, "Status", Outcome.class)
                .add();
        api.op(
                        "GET",
                        "/v1/lawful/review/{id}/decisions/{decision}/replay",
                        "Evaluate a stored decision again " + "against its policy version")
                .tag("legal")
                .security("session")
                .response(200, "Stored and replayed outcome", LawfulQueries.Replay.class)
                .add();
        api.op(
                        "POST",
                        "/v1/lawful/manual",
                        "Enter a request received by e-mail, post or fax (unverified until "
                                + "call-back, never executed automatically)")
                .tag("legal")
                .security("session")
                .body(LawfulIntake.ManualEntry.class)
                .response(201, "Entered", LawfulQueries.StatusView.class)
                .add();
        api.op(
                        "GET",
                        "/v1/lawful/rejections",
                        "Requests rejected before they were stored, newest first, with the reason")
                .tag("legal")
                .security("session")
                .response(200, "Rejections", OpenApi.listOf(Rejections.Rejection.class))
                .add();
    }

    /** A finding on a target. */
    public record FindingIn(String subjectId, String finding, String why) {}

    /** A call-back made. */
    public record CallbackIn(String contact, boolean confirmed, String note) {}

    /** A question for the authority. */
    public record QuestionIn(String question) {}

    /** Why a step is taken. */
    public record ReasonIn(String reason) {}

    /** Where the request stands after a step. */
    public record Outcome(String status, Optional<String> held) {}

    private static String id(Context ctx) {
        return Check.id("id", ctx.pathParam("id"));
    }

    private void finding(Context ctx) {
        FindingIn in = bodies.json(ctx, FindingIn.class);
        var r = lawful.review()
                .finding(
                        Access.staff(ctx),
                        id(ctx),
                        Check.id("subjectId", in.subjectId()),
                        Finding.parse(in.finding()),
                        in.why());
        ctx.json(new Outcome(r.status().name(), r.held()));
    }

    private void callback(Context ctx) {
        CallbackIn in = bodies.json(ctx, CallbackIn.class);
        ctx.json(new Outcome(
                lawful.review()
                        .callback(Access.staff(ctx), id(ctx), in.contact(), in.confirmed(), in.note())
                        .name(),
                Optional.empty()));
    }

    private void clarify(Context ctx) {
        lawful.review()
                .clarify(
                        Access.staff(ctx),
                        id(ctx),
                        bodies.json(ctx, QuestionIn.class).question());
        ctx.status(204);
    }

    private void execute(Context ctx) {
        var r = lawful.review()
                .execute(
                        Access.staff(ctx),
                        id(ctx),
                        bodies.json(ctx, ReasonIn.class).reason());
        ctx.json(new Outcome(r.status().name(), r.held()));
    }

    private void approve(Context ctx) {
        ctx.json(lawful.review()
                .approveDisclosure(
                        Access.staff(ctx),
                        id(ctx),
                        bodies.json(ctx, ReasonIn.class).reason()));
    }

    private void refuse(Context ctx) {
        lawful.review()
                .refuse(
                        Access.staff(ctx),
                        id(ctx),
                        bodies.json(ctx, ReasonIn.class).reason());
        ctx.status(204);
    }

    private void reconsider(Context ctx) {
        var r = lawful.review().reconsider(Access.staff(ctx), id(ctx));
        ctx.json(new Outcome(r.status().name(), r.held()));
    }

    private void manual(Context ctx) {
        byte[] body = bodies.bytes(ctx, LawfulApiFeature.MAX_REQUEST_BYTES);
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase().startsWith("application/json")) {
            throw new org.fulcrum.server.core.FulcrumException.InvalidInput("Content-Type", "must be application/json");
        }
        LawfulIntake.ManualEntry in = bodies.parse(body, LawfulIntake.ManualEntry.class);
        LawfulIntake.Received received = lawful.intake()
                .submitManual(Access.staff(ctx), in, json.write(in.request()).getBytes(StandardCharsets.UTF_8));
        ctx.status(received.repeat() ? 200 : 201).json(lawful.queries().status(received.id()));
    }
}
