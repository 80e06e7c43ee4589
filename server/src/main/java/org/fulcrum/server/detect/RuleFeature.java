package org.fulcrum.server.detect;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Optional;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.web.Bodies;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.OpenApi;

/** The API of text and URL rules, retro-hunts and the match record. */
public final class RuleFeature implements Feature {
    private static final Role[] READ = {Role.ADMIN, Role.MODERATOR, Role.AUDITOR};
    private static final Role[] WRITE = {Role.ADMIN, Role.MODERATOR};

    private final Rules rules;
    private final Banks banks;
    private final RetroHunts hunts;
    private final Bodies bodies;

    public RuleFeature(Rules rules, Banks banks, RetroHunts hunts, Bodies bodies) {
        this.rules = rules;
        this.banks = banks;
        this.hunts = hunts;
        this.bodies = bodies;
    }

    /**
     * A retro-hunt to start: exactly one of a bank and a rule.
     *
     * @param bankId the bank to run over stored content
     * @param ruleId the rule to run over stored content
     * @param act whether matches are acted on by the detector's policy (default: report only)
     */
    public record HuntRequest(Optional<String> bankId, Optional<String> ruleId, Optional<Boolean> act) {
        public HuntRequest {
            bankId = Fields.opt(bankId);
            ruleId = Fields.opt(ruleId);
            act = Fields.opt(act);
            bankId.ifPresent(v -> Check.id("bankId", v));
            ruleId.ifPresent(v -> Check.id("ruleId", v));
            if (bankId.isPresent() == ruleId.isPresent()) {
                throw new org.fulcrum.server.core.FulcrumException.InvalidInput(
                        "bankId", "name exactly one of bankId and ruleId");
            }
        }
    }

    @Override
    public void routes(RoutesConfig r) {
        r.get(
                "/v1/detection/rules",
                ctx -> ctx.json(
                        rules.list().stream().map(DetectionRule::summary).toList()),
                READ);
        r.post(
                "/v1/detection/rules",
                ctx -> ctx.status(201).json(rules.create(BankFeature.actor(ctx), bodies.json(ctx, RuleSpec.class))),
                WRITE);
        r.get("/v1/detection/rules/{id}", ctx -> ctx.json(rules.find(BankFeature.id(ctx))), READ);
        r.put(
                "/v1/detection/rules/{id}",
                ctx -> ctx.json(
                        rules.update(BankFeature.actor(ctx), BankFeature.id(ctx), bodies.json(ctx, RuleSpec.class))),
                WRITE);
        r.delete(
                "/v1/detection/rules/{id}",
                ctx -> {
                    rules.delete(BankFeature.actor(ctx), BankFeature.id(ctx), BankFeature.reason(ctx));
                    ctx.status(204);
                },
                WRITE);
        r.post("/v1/detection/hunts", this::hunt, WRITE);
        r.get("/v1/detection/hunts", ctx -> ctx.json(hunts.list(BankFeature.intParam(ctx, "limit", 50, 500))), READ);
        r.get(
                "/v1/detection/hunts/{id}",
                ctx -> ctx.json(hunts.find(BankFeature.id(ctx), BankFeature.intParam(ctx, "limit", 1000, 10_000))),
                READ);
        r.get("/v1/detection/matches", this::matches, READ);
    }

    @Override
    public void describe(OpenApi api) {
        api.op("GET", "/v1/detection/rules", "Text and URL rules with their hit counts")
                .tag("detection")
                .security("session")
                .response(200, "The rules", DetectionRule.Summary[].class)
                .add();
        api.op("POST", "/v1/detection/rules", "Create a rule (keywords, regex, domains or a CEL condition)")
                .tag("detection")
                .security("session")
                .body(RuleSpec.class)
                .response(201, "The rule", DetectionRule.class)
                .add();
        api.op("GET", "/v1/detection/rules/{id}", "A rule with its patterns")
                .tag("detection")
                .security("session")
                .response(200, "The rule", DetectionRule.class)
                .add();
        api.op("PUT", "/v1/detection/rules/{id}", "Change a rule")
                .tag("detection")
                .security("session")
                .body(RuleSpec.class)
                .response(200, "The rule", DetectionRule.class)
                .add();
        api.op("DELETE", "/v1/detection/rules/{id}", "Delete a rule (its recorded matches stay)")
                .tag("detection")
                .security("session")
                .param("query", "reason", "string", false, "why, for the audit trail")
                .response(204, "Deleted")
                .add();
        api.op("POST", "/v1/detection/hunts", "Run a bank or a rule over stored content (one hunt at a time)")
                .tag("detection")
                .security("session")
                .body(HuntRequest.class)
                .response(202, "The hunt, running", RetroHunts.Hunt.class)
                .add();
        api.op("GET", "/v1/detection/hunts", "Recent retro-hunts")
                .tag("detection")
                .security("session")
                .param("query", "limit", "integer", false, "at most 500")
                .response(200, "The hunts", RetroHunts.Hunt[].class)
                .add();
        api.op("GET", "/v1/detection/hunts/{id}", "A retro-hunt's report: progress and matches")
                .tag("detection")
                .security("session")
                .param("query", "limit", "integer", false, "matches to list, at most 10000")
                .response(200, "The report", RetroHunts.Report.class)
                .add();
        api.op("GET", "/v1/detection/matches", "Recorded matches of live content, newest first")
                .tag("detection")
                .security("session")
                .param("query", "detector", "string", false, "only this bank, rule or classifier")
                .param("query", "subject", "string", false, "only this subject")
                .param("query", "limit", "integer", false, "at most 1000")
                .response(200, "The matches", RetroHunts.Match[].class)
                .add();
    }

    private void hunt(Context ctx) {
        HuntRequest in = bodies.json(ctx, HuntRequest.class);
        Optional<Bank> bank = in.bankId().map(banks::find);
        Optional<DetectionRule> rule = in.ruleId().map(rules::find);
        ctx.status(202)
                .json(hunts.start(BankFeature.actor(ctx), bank, rule, in.act().orElse(false)));
    }

    private void matches(Context ctx) {
        Optional<String> detector =
                Optional.ofNullable(ctx.queryParam("detector")).map(v -> Check.id("detector", v));
        Optional<String> subject =
                Optional.ofNullable(ctx.queryParam("subject")).map(v -> Check.id("subject", v));
        ctx.json(hunts.matches(detector, subject, BankFeature.intParam(ctx, "limit", 100, 1000)));
    }
}
