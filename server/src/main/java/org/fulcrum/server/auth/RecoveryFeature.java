package org.fulcrum.server.auth;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.web.Bodies;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.OpenApi;

/**
 * The recovery API: admins unlock and reset staff accounts, legal staff officers' portal accounts,
 * and admins end sessions. Every call carries a reason, which the audit trail keeps.
 */
public final class RecoveryFeature implements Feature {
    private final Recovery recovery;
    private final Bodies bodies;

    public RecoveryFeature(Recovery recovery, Bodies bodies) {
        this.recovery = recovery;
        this.bodies = bodies;
    }

    /** Why an account is recovered or a session ended. */
    public record Reason(String reason) {}

    @Override
    public void routes(RoutesConfig r) {
        for (Recovery.Step step : Recovery.Step.values()) {
            r.post("/v1/admin/staff/{id}/" + step.key(), ctx -> apply(ctx, Realm.STAFF, step), Role.ADMIN);
            r.post("/v1/lawful/officers/{id}/" + step.key(), ctx -> apply(ctx, Realm.OFFICER, step), Role.LEGAL);
        }
        r.get("/v1/admin/sessions", ctx -> ctx.json(recovery.sessions(Realm.STAFF)), Role.ADMIN);
        r.post("/v1/admin/sessions/{id}/end", this::end, Role.ADMIN);
    }

    @Override
    public void describe(OpenApi api) {
        for (Recovery.Step step : Recovery.Step.values()) {
            String what = switch (step) {
                case UNLOCK -> "Forget failed sign-in attempts";
                case PASSWORD -> "Set a new one-time password (shown once; sessions end)";
                case SECOND_FACTOR -> "Remove the second factor; it is enrolled again at next sign-in (sessions end)";
            };
            api.op("POST", "/v1/admin/staff/{id}/" + step.key(), what + " of a staff member")
                    .tag("admin")
                    .security("session")
                    .body(Reason.class)
                    .response(200, "Done", Recovery.Outcome.class)
                    .add();
            api.op("POST", "/v1/lawful/officers/{id}/" + step.key(), what + " of an officer's portal account")
                    .tag("lawful")
                    .security("session")
                    .body(Reason.class)
                    .response(200, "Done", Recovery.Outcome.class)
                    .add();
        }
        api.op("GET", "/v1/admin/sessions", "Open console sessions (never their secrets)")
                .tag("admin")
                .security("session")
                .response(200, "Sessions", OpenApi.listOf(Recovery.SessionInfo.class))
                .add();
        api.op("POST", "/v1/admin/sessions/{id}/end", "End a console session")
                .tag("admin")
                .security("session")
                .body(Reason.class)
                .response(204, "Ended")
                .add();
    }

    private void apply(Context ctx, Realm realm, Recovery.Step step) {
        String id = Check.id("id", ctx.pathParam("id"));
        Reason in = bodies.json(ctx, Reason.class);
        ctx.json(recovery.apply(Access.staff(ctx), realm, id, step, in.reason()));
    }

    private void end(Context ctx) {
        Reason in = bodies.json(ctx, Reason.class);
        recovery.endSession(Access.staff(ctx), Realm.STAFF, ctx.pathParam("id"), in.reason());
        ctx.status(204);
    }
}
