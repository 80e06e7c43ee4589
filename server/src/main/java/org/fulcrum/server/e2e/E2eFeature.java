package org.fulcrum.server.e2e;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.fulcrum.server.auth.Access;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.web.Bodies;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.OpenApi;
import org.fulcrum.server.web.Problem;
import org.fulcrum.server.web.ProblemMapper;

/** Franked E2E reports in ({@code POST /v1/notices/e2e}) and the relay key registry for admins. */
public final class E2eFeature implements Feature {
    /** Reports are small: the message is at most 64 KiB, base64 adds a third. */
    private static final long MAX_BODY = 128 * 1024;

    private final E2eReports reports;
    private final RelayKeyStore keys;
    private final Bodies bodies;
    private final Clock clock;
    private final ProblemMapper problems;

    public E2eFeature(E2eReports reports, RelayKeyStore keys, Bodies bodies, Clock clock, ProblemMapper problems) {
        this.problems = problems;
        this.clock = clock;
        this.reports = reports;
        this.keys = keys;
        this.bodies = bodies;
    }

    /** A relay key to register. */
    public record NewRelayKey(String keyId, String publicKey, Optional<Instant> notBefore) {}

    /** What a submission returns. */
    public record Accepted(String reportId, String subjectId, boolean duplicate, long logIndex) {}

    @Override
    public void routes(RoutesConfig r) {
        r.post("/v1/notices/e2e", this::submit, Role.PLATFORM);
        r.get("/v1/admin/relay-keys", ctx -> ctx.json(keys.list()), Role.ADMIN, Role.AUDITOR);
        r.post("/v1/admin/relay-keys", this::register, Role.ADMIN);
        r.post(
                "/v1/admin/relay-keys/{id}/retire",
                ctx -> {
                    keys.retire(Access.staff(ctx).actor(), ctx.pathParam("id"));
                    ctx.status(204);
                },
                Role.ADMIN);
        r.post(
                "/v1/admin/relay-keys/{id}/revoke",
                ctx -> {
                    keys.revoke(Access.staff(ctx).actor(), ctx.pathParam("id"));
                    ctx.status(204);
                },
                Role.ADMIN);
    }

    @Override
    public void describe(OpenApi api) {
        api.op("POST", "/v1/notices/e2e", "Report a message from an E2E chat with its franking proof")
                .tag("notices")
                .security("bearer")
                .body(E2eReports.Submission.class)
                .response(201, "Verified and recorded", Accepted.class)
                .response(200, "The same report was recorded before", Accepted.class)
                .response(
                        403,
                        "A genuine version 2 report submitted by someone other than its recipient (nothing"
                                + " recorded)",
                        Problem.class)
                .response(422, "Forged, altered, too old or unverifiable report (reason in the problem)", Problem.class)
                .add();
        api.op("GET", "/v1/admin/relay-keys", "Registered relay stamping keys")
                .tag("admin")
                .security("session")
                .response(200, "Keys", OpenApi.listOf(RelayKeyStore.Info.class))
                .add();
        api.op("POST", "/v1/admin/relay-keys", "Register a relay's Ed25519 public key")
                .tag("admin")
                .security("session")
                .body(NewRelayKey.class)
                .response(201, "Registered")
                .add();
        api.op("POST", "/v1/admin/relay-keys/{id}/retire", "Retire a relay key (old stamps still verify)")
                .tag("admin")
                .security("session")
                .response(204, "Retired")
                .add();
        api.op("POST", "/v1/admin/relay-keys/{id}/revoke", "Revoke a relay key (nothing verifies under it)")
                .tag("admin")
                .security("session")
                .response(204, "Revoked")
                .add();
    }

    private void submit(Context ctx) {
        E2eReports.Submission s = bodies.json(ctx, E2eReports.Submission.class, MAX_BODY);
        switch (reports.submit(s)) {
            case E2eReports.Outcome.Accepted ok ->
                ctx.status(ok.duplicate() ? 200 : 201)
                        .json(new Accepted(
                                ok.report().id(),
                                ok.report().subjectId(),
                                ok.duplicate(),
                                ok.report().logIndex()));
            case E2eReports.Outcome.Refused no ->
                problems.send(
                        ctx,
                        new Problem(
                                "https://fulcrum.dev/problems/e2e-report-"
                                        + no.reason().toLowerCase().replace('_', '-'),
                                "Report refused: " + no.reason(),
                                422,
                                no.detail() + " (refused reports from this reporter: " + no.rejectionsOfReporter()
                                        + ")",
                                java.util.List.of(new org.fulcrum.server.core.FieldError("report", no.reason()))));
            case E2eReports.Outcome.NotRecipient no ->
                problems.send(
                        ctx,
                        new Problem(
                                "https://fulcrum.dev/problems/e2e-report-not-recipient",
                                "Report refused: only the message's recipient can report it",
                                403,
                                no.detail(),
                                java.util.List.of(
                                        new org.fulcrum.server.core.FieldError("reporterId", "NOT_RECIPIENT"))));
        }
    }

    private void register(Context ctx) {
        NewRelayKey in = bodies.json(ctx, NewRelayKey.class);
        keys.register(
                Access.staff(ctx).actor(),
                in.keyId(),
                in.publicKey(),
                in.notBefore().orElse(clock.instant()));
        ctx.status(201);
    }
}
