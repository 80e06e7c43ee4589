package org.fulcrum.server.detect;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.auth.Access;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.notice.Reason;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.OpenApi;
import org.fulcrum.server.web.Pages;

/**
 * The console pages of detection: banks (settings, hashes, import, export, retro-hunt), rules
 * (patterns, condition, mode, hit counts) and hunt reports. Forms post to the same services as the
 * API; a refused change comes back to its page with the reason.
 */
public final class DetectConsoleFeature implements Feature {
    private static final Role[] READ = {Role.ADMIN, Role.MODERATOR, Role.AUDITOR};
    private static final Role[] WRITE = {Role.ADMIN, Role.MODERATOR};

    private final Detection detection;
    private final Database db;
    private final Pages pages;

    public DetectConsoleFeature(Detection detection, Database db, Pages pages) {
        this.detection = detection;
        this.db = db;
        this.pages = pages;
        pages.nav(Pages.Section.SETUP, "Banks", "/console/banks", READ);
        pages.nav(Pages.Section.SETUP, "Rules", "/console/rules", READ);
    }

    @Override
    public void routes(RoutesConfig r) {
        r.get(
                "/console/banks",
                ctx -> render(
                        ctx,
                        "detect/banks.jte",
                        "Hash banks",
                        Map.of("banks", detection.banks().list())),
                READ);
        r.post(
                "/console/banks",
                ctx -> form(
                        ctx,
                        "/console/banks",
                        () -> "/console/banks/"
                                + detection
                                        .banks()
                                        .create(
                                                BankFeature.actor(ctx),
                                                bankSpec(ctx, parse(BankKind.class, "kind", required(ctx, "kind"))))
                                        .id()),
                WRITE);
        r.get("/console/banks/{id}", this::bank, READ);
        r.post(
                "/console/banks/{id}/settings",
                ctx -> form(ctx, bankPage(ctx), () -> {
                    Bank b = detection.banks().find(BankFeature.id(ctx));
                    detection.banks().update(BankFeature.actor(ctx), b.id(), bankSpec(ctx, b.kind()));
                    return bankPage(ctx) + "?message=saved";
                }),
                WRITE);
        r.post(
                "/console/banks/{id}/import",
                ctx -> form(ctx, bankPage(ctx), () -> {
                    List<BankHash> hashes = BankFormat.parse(
                            Optional.ofNullable(ctx.formParam("hashes")).orElse(""),
                            Optional.ofNullable(ctx.formParam("type"))
                                    .filter(t -> !t.isBlank())
                                    .map(t -> HashType.parse("type", t)));
                    Banks.Changed c =
                            detection.banks().add(BankFeature.actor(ctx), BankFeature.id(ctx), hashes, "console");
                    return bankPage(ctx) + "?message="
                            + enc(c.changed() + " added, " + c.unchanged() + " already present");
                }),
                WRITE);
        r.post(
                "/console/banks/{id}/hunt",
                ctx -> form(
                        ctx,
                        bankPage(ctx),
                        () -> "/console/hunts/"
                                + detection
                                        .hunts()
                                        .start(
                                                BankFeature.actor(ctx),
                                                Optional.of(detection.banks().find(BankFeature.id(ctx))),
                                                Optional.empty(),
                                                "on".equals(ctx.formParam("act")))
                                        .id()),
                WRITE);
        r.get(
                "/console/rules",
                ctx -> render(
                        ctx,
                        "detect/rules.jte",
                        "Detection rules",
                        Map.of("rules", detection.rules().list())),
                READ);
        r.post(
                "/console/rules",
                ctx -> form(
                        ctx,
                        "/console/rules",
                        () -> "/console/rules/"
                                + detection
                                        .rules()
                                        .create(BankFeature.actor(ctx), ruleSpec(ctx))
                                        .id()),
                WRITE);
        r.get("/console/rules/{id}", this::rule, READ);
        r.post(
                "/console/rules/{id}",
                ctx -> form(ctx, "/console/rules/" + BankFeature.id(ctx), () -> {
                    detection.rules().update(BankFeature.actor(ctx), BankFeature.id(ctx), ruleSpec(ctx));
                    return "/console/rules/" + BankFeature.id(ctx) + "?message=saved";
                }),
                WRITE);
        r.post(
                "/console/rules/{id}/hunt",
                ctx -> form(
                        ctx,
                        "/console/rules/" + BankFeature.id(ctx),
                        () -> "/console/hunts/"
                                + detection
                                        .hunts()
                                        .start(
                                                BankFeature.actor(ctx),
                                                Optional.empty(),
                                                Optional.of(detection.rules().find(BankFeature.id(ctx))),
                                                "on".equals(ctx.formParam("act")))
                                        .id()),
                WRITE);
        r.get(
                "/console/hunts/{id}",
                ctx -> render(
                        ctx,
                        "detect/hunt.jte",
                        "Retro-hunt",
                        Map.of("report", detection.hunts().find(BankFeature.id(ctx), 500))),
                READ);
    }

    @Override
    public void describe(OpenApi api) {
        // console pages; the same operations are described under /v1/banks and /v1/detection
    }

    private void bank(Context ctx) {
        Bank b = detection.banks().find(BankFeature.id(ctx));
        List<RetroHunts.Match> matches = detection.hunts().matches(Optional.of(b.id()), Optional.empty(), 50);
        Map<String, Object> params = new java.util.HashMap<>();
        params.put("bank", b);
        params.put("hashes", detection.banks().hashes(b.id(), 100, 0));
        params.put("canEdit", Arrays.stream(WRITE).anyMatch(Access.staff(ctx).roles()::contains));
        params.put("matches", matches);
        params.put(
                "frames",
                db.read(h -> VideoMatchFrames.ofMatches(
                        h, matches.stream().map(RetroHunts.Match::id).toList())));
        params.put("videos", db.read(h -> VideoMatchFrames.ofBank(h, b.id(), 10)));
        render(ctx, "detect/bank.jte", "Bank " + b.name(), params);
    }

    private void rule(Context ctx) {
        DetectionRule rule = detection.rules().find(BankFeature.id(ctx));
        render(
                ctx,
                "detect/rule.jte",
                "Rule " + rule.name(),
                Map.of(
                        "rule",
                        rule,
                        "matches",
                        detection.hunts().matches(Optional.of(rule.id()), Optional.empty(), 50)));
    }

    private void render(Context ctx, String template, String title, Map<String, Object> params) {
        Map<String, Object> all = new java.util.HashMap<>(params);
        all.put("message", Optional.ofNullable(ctx.queryParam("message")).orElse(""));
        all.put("error", Optional.ofNullable(ctx.queryParam("error")).orElse(""));
        all.putIfAbsent("policies", MatchPolicy.values());
        all.putIfAbsent("reasons", Reason.values());
        all.put("hunts", detection.hunts());
        pages.render(ctx, template, title, all);
    }

    /** Runs a form's change and redirects to where it says, or back to {@code page} with the error. */
    private static void form(Context ctx, String page, java.util.function.Supplier<String> change) {
        String target;
        try {
            target = change.get();
        } catch (FulcrumException.NotFound e) {
            throw e;
        } catch (InvalidInput e) {
            ctx.redirect(page + "?error=" + enc(e.field() + ": " + e.getMessage()));
            return;
        } catch (FulcrumException e) {
            ctx.redirect(page + "?error=" + enc(e.getMessage()));
            return;
        }
        ctx.redirect(target);
    }

    private static String bankPage(Context ctx) {
        return "/console/banks/" + BankFeature.id(ctx);
    }

    private static BankSpec bankSpec(Context ctx, BankKind kind) {
        return new BankSpec(
                ctx.formParam("name"),
                optional(ctx, "description"),
                kind,
                kind == BankKind.allow
                        ? Optional.empty()
                        : optional(ctx, "policy").map(p -> parse(MatchPolicy.class, "policy", p)),
                kind == BankKind.allow
                        ? Optional.empty()
                        : optional(ctx, "reason").map(p -> parse(Reason.class, "reason", p)),
                optional(ctx, "legalGround"),
                optional(ctx, "threshold").map(t -> number("threshold", t)),
                optional(ctx, "preserveDays").map(t -> number("preserveDays", t)),
                Optional.of("on".equals(ctx.formParam("enabled"))),
                Optional.empty(),
                optional(ctx, "videoQueryPercent").map(t -> number("videoQueryPercent", t)),
                optional(ctx, "videoBankedPercent").map(t -> number("videoBankedPercent", t)));
    }

    private static RuleSpec ruleSpec(Context ctx) {
        List<String> patterns = Arrays.stream(Optional.ofNullable(ctx.formParam("patterns"))
                        .orElse("")
                        .split("\n"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
        return new RuleSpec(
                ctx.formParam("name"),
                optional(ctx, "description"),
                parse(RuleKind.class, "kind", required(ctx, "kind")),
                Optional.of(patterns),
                optional(ctx, "condition"),
                parse(MatchPolicy.class, "policy", required(ctx, "policy")),
                parse(Reason.class, "reason", required(ctx, "reason")),
                optional(ctx, "legalGround"),
                Optional.of("on".equals(ctx.formParam("dryRun")) ? RuleMode.dry_run : RuleMode.enforce),
                Optional.of("on".equals(ctx.formParam("enabled"))));
    }

    private static Optional<String> optional(Context ctx, String name) {
        return Optional.ofNullable(ctx.formParam(name)).map(String::strip).filter(s -> !s.isEmpty());
    }

    private static String required(Context ctx, String name) {
        return optional(ctx, name).orElseThrow(() -> new InvalidInput(name, "is required"));
    }

    private static int number(String field, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new InvalidInput(field, "must be a whole number");
        }
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String v) {
        try {
            return Enum.valueOf(type, v);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput(field, "unknown value '" + HashType.clip(v) + "'");
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
