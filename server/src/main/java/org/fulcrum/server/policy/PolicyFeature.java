package org.fulcrum.server.policy;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.auth.Access;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.web.Bodies;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.OpenApi;

/**
 * The policy in public (the principles and profiles in force, any past version by hash), its
 * reload by an admin, and reviewers' findings on subjects.
 */
public final class PolicyFeature implements Feature {
    private final Policies policies;
    private final Database db;
    private final Bodies bodies;

    public PolicyFeature(Policies policies, Database db, Bodies bodies) {
        this.policies = policies;
        this.db = db;
        this.bodies = bodies;
    }

    @Override
    public void routes(RoutesConfig r) {
        r.get("/v1/policy", ctx -> ctx.json(current(policies.current())));
        r.get("/v1/policy/versions/{hash}", this::version);
        r.post("/v1/policy/reload", this::reload, Role.ADMIN);
        r.post("/v1/policy/findings", this::finding, Role.LEGAL, Role.MODERATOR);
        r.get(
                "/v1/policy/findings/{subjectId}",
                ctx -> ctx.json(db.read(h -> Findings.history(h, Check.id("subjectId", ctx.pathParam("subjectId"))))),
                Role.LEGAL,
                Role.MODERATOR,
                Role.AUDITOR);
    }

    @Override
    public void describe(OpenApi api) {
        api.op("GET", "/v1/policy", "The principles, lists and jurisdiction profiles in force, with the version hash")
                .tag("policy")
                .response(200, "The policy", Current.class)
                .add();
        api.op("GET", "/v1/policy/versions/{hash}", "The text of a policy version, as decisions cite it")
                .tag("policy")
                .response(200, "The version", Version.class)
                .add();
        api.op("POST", "/v1/policy/reload", "Read the policy files again; a changed text becomes a new, logged version")
                .tag("policy")
                .security("session")
                .response(200, "The version in force", Current.class)
                .add();
        api.op("POST", "/v1/policy/findings", "Record whether a subject is political speech, protest or journalism")
                .tag("policy")
                .security("session")
                .body(NewFinding.class)
                .response(201, "Recorded", Findings.Recorded.class)
                .add();
        api.op("GET", "/v1/policy/findings/{subjectId}", "Findings recorded on a subject, newest first")
                .tag("policy")
                .security("session")
                .response(200, "Findings", OpenApi.listOf(Findings.Recorded.class))
                .add();
    }

    /** The policy in force. */
    public record Current(
            String version,
            List<Principle> principles,
            Map<String, List<String>> lists,
            Map<String, Jurisdiction> jurisdictions) {}

    /** A version's text. */
    public record Version(String version, String principles, String jurisdictions) {}

    /** A finding to record. */
    public record NewFinding(String subjectId, String finding, String why) {}

    static Current current(Policy p) {
        return new Current(
                p.version(), p.principles().principles(), p.principles().lists(), p.jurisdictions());
    }

    private void version(Context ctx) {
        String hash = ctx.pathParam("hash");
        if (!hash.matches("[0-9a-f]{64}")) {
            throw new org.fulcrum.server.core.FulcrumException.InvalidInput("hash", "must be 64 lower-case hex digits");
        }
        Policy p = policies.version(hash);
        ctx.json(new Version(p.version(), p.principlesText(), p.jurisdictionsText()));
    }

    private void reload(Context ctx) {
        ctx.json(current(policies.reload(Access.staff(ctx).actor())));
    }

    private void finding(Context ctx) {
        NewFinding in = bodies.json(ctx, NewFinding.class);
        Finding f = Finding.parse(in.finding());
        String actor = Access.staff(ctx).actor();
        ctx.status(201).json(db.write(tx -> Findings.record(tx, in.subjectId(), f, actor, in.why(), null)));
    }
}
