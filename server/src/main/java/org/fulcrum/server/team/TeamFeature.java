package org.fulcrum.server.team;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.auth.Access;
import org.fulcrum.server.auth.ApiTokens;
import org.fulcrum.server.auth.Passwords;
import org.fulcrum.server.auth.Principal;
import org.fulcrum.server.auth.Realm;
import org.fulcrum.server.auth.Recovery;
import org.fulcrum.server.auth.RememberedBrowsers;
import org.fulcrum.server.auth.StaffService;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.e2e.RelayKeyStore;
import org.fulcrum.server.notice.Flagger;
import org.fulcrum.server.notice.TrustedFlaggers;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.OpenApi;
import org.fulcrum.server.web.Pages;

/**
 * The admin's team page: staff and their roles (with the two-admin approval in the page),
 * invitations with a one-time password, recovery, remembered browsers, sessions, API tokens,
 * trusted flaggers and relay keys. Every form goes through the same services as the API; a refused form comes back with the
 * error beside its field and the input kept.
 */
public final class TeamFeature implements Feature {
    private final StaffService staff;
    /** The recovery form's step that forgets every browser the person is remembered in. */
    static final String FORGET_BROWSERS = "forget-browsers";

    private final Recovery recovery;
    private final RememberedBrowsers browsers;
    private final ApiTokens tokens;
    private final TrustedFlaggers flaggers;
    private final RelayKeyStore relayKeys;
    private final Pages pages;
    private final Clock clock;

    public TeamFeature(
            StaffService staff,
            Recovery recovery,
            RememberedBrowsers browsers,
            ApiTokens tokens,
            TrustedFlaggers flaggers,
            RelayKeyStore relayKeys,
            Pages pages,
            Clock clock) {
        this.clock = clock;
        this.staff = staff;
        this.recovery = recovery;
        this.browsers = browsers;
        this.tokens = tokens;
        this.flaggers = flaggers;
        this.relayKeys = relayKeys;
        this.pages = pages;
        pages.nav(Pages.Section.SETUP, "Team", "/console/team", Role.ADMIN);
    }

    @Override
    public void routes(RoutesConfig r) {
        r.get("/console/team", ctx -> render(ctx, TeamPage.Form.NONE, Optional.empty()), Role.ADMIN);
        r.post("/console/team/invite", ctx -> act(ctx, "invite", () -> invite(ctx)), Role.ADMIN);
        r.post(
                "/console/team/staff/{id}/roles",
                ctx -> act(ctx, "grant:" + id(ctx), () -> {
                    var g = staff.grant(Access.staff(ctx), id(ctx), Role.parse(ctx.formParam("role")));
                    return done(
                            g.active()
                                    ? "Role " + g.role() + " granted (first second admin: no approval needed)."
                                    : "Role " + g.role() + " granted; it takes effect when another admin approves it.");
                }),
                Role.ADMIN);
        r.post(
                "/console/team/staff/{id}/roles/{role}/approve",
                ctx -> act(ctx, "approve:" + id(ctx), () -> {
                    staff.approve(Access.staff(ctx), id(ctx), Role.parse(ctx.pathParam("role")));
                    return done("Role " + ctx.pathParam("role") + " approved.");
                }),
                Role.ADMIN);
        r.post(
                "/console/team/staff/{id}/recover",
                ctx -> act(ctx, "recover:" + id(ctx), () -> {
                    if (FORGET_BROWSERS.equals(ctx.formParam("step"))) {
                        int gone = browsers.forgetAll(Access.staff(ctx), Realm.STAFF, id(ctx), ctx.formParam("reason"));
                        return done("Forgot " + gone + (gone == 1 ? " remembered browser" : " remembered browsers")
                                + " of " + username(id(ctx)) + ": their next sign-ins count like anyone's until they"
                                + " pass both factors again.");
                    }
                    Recovery.Step step = Recovery.Step.parse(ctx.formParam("step"));
                    Recovery.Outcome out =
                            recovery.apply(Access.staff(ctx), Realm.STAFF, id(ctx), step, ctx.formParam("reason"));
                    return out.oneTimePassword() == null
                            ? done(
                                    switch (step) {
                                        case UNLOCK -> "Failed attempts forgotten: they can sign in now.";
                                        case SECOND_FACTOR ->
                                            "Second factor removed: they enrol a new one at their next sign-in.";
                                        case PASSWORD -> "Password reset.";
                                    })
                            : new TeamPage.Shown(
                                    "One-time password for " + username(id(ctx))
                                            + " (shown once; they must replace it at sign-in)",
                                    out.oneTimePassword(),
                                    "");
                }),
                Role.ADMIN);
        r.post(
                "/console/team/sessions/{id}/end",
                ctx -> act(ctx, "session:" + ctx.pathParam("id"), () -> {
                    recovery.endSession(Access.staff(ctx), Realm.STAFF, ctx.pathParam("id"), ctx.formParam("reason"));
                    return done("Session ended.");
                }),
                Role.ADMIN);
        r.post(
                "/console/team/tokens",
                ctx -> act(ctx, "token", () -> {
                    var issued = tokens.issue(
                            Access.staff(ctx).actor(),
                            machineRole(ctx.formParam("kind")),
                            Check.id("ownerId", ctx.formParam("ownerId")),
                            ctx.formParam("name"));
                    return new TeamPage.Shown(
                            "API token " + issued.id() + " (shown once; keep it in the caller's secret store)",
                            issued.secret(),
                            "");
                }),
                Role.ADMIN);
        r.post(
                "/console/team/tokens/{id}/revoke",
                ctx -> act(ctx, "revoke:" + ctx.pathParam("id"), () -> {
                    tokens.revoke(
                            Access.staff(ctx).actor(),
                            Check.id("id", ctx.pathParam("id")),
                            Recovery.reason(ctx.formParam("reason")));
                    return done("Token revoked.");
                }),
                Role.ADMIN);
        r.post(
                "/console/team/flaggers/{id}/status",
                ctx -> act(ctx, "flagger:" + id(ctx), () -> {
                    Flagger.Status status = switch (Optional.ofNullable(ctx.formParam("status"))
                            .orElse("")) {
                        case "suspended" -> Flagger.Status.suspended;
                        case "revoked" -> Flagger.Status.revoked;
                        case "active" -> Flagger.Status.active;
                        default ->
                            throw new FulcrumException.InvalidInput("status", "must be active, suspended or revoked");
                    };
                    flaggers.setStatus(
                            Access.staff(ctx).actor(), id(ctx), status, Recovery.reason(ctx.formParam("reason")));
                    return done("Flagger is now " + status.name() + ".");
                }),
                Role.ADMIN);
        r.post(
                "/console/team/relay-keys",
                ctx -> act(ctx, "relay", () -> {
                    String notBefore = ctx.formParam("notBefore");
                    relayKeys.register(
                            Access.staff(ctx).actor(),
                            Check.id("id", ctx.formParam("id")),
                            ctx.formParam("publicKey"),
                            notBefore == null || notBefore.isBlank() ? clock.instant() : instant(notBefore));
                    return done("Relay key registered.");
                }),
                Role.ADMIN);
        r.post(
                "/console/team/relay-keys/{id}/{change}",
                ctx -> act(ctx, "relaykey:" + id(ctx), () -> {
                    switch (ctx.pathParam("change")) {
                        case "retire" -> relayKeys.retire(Access.staff(ctx).actor(), id(ctx));
                        case "revoke" -> relayKeys.revoke(Access.staff(ctx).actor(), id(ctx));
                        default -> throw new FulcrumException.NotFound("relay key action " + ctx.pathParam("change"));
                    }
                    return done("Relay key " + ctx.pathParam("change") + "d.");
                }),
                Role.ADMIN);
    }

    @Override
    public void describe(OpenApi api) {
        // pages for people; the same operations are in the admin API
    }

    private TeamPage.Shown invite(Context ctx) {
        Principal.Staff by = Access.staff(ctx);
        String username =
                Optional.ofNullable(ctx.formParam("username")).orElse("").strip();
        String display = Optional.ofNullable(ctx.formParam("displayName"))
                .filter(s -> !s.isBlank())
                .orElse(username);
        String password = Passwords.random(20);
        String id = staff.create(by, username, display, password);
        String note = "";
        String role = Optional.ofNullable(ctx.formParam("role")).orElse("");
        if (!role.isEmpty()) {
            var g = staff.grant(by, id, Role.parse(role));
            note = g.active()
                    ? "They hold " + g.role() + " at once (the first second admin needs no approval)."
                    : "Their " + g.role() + " role waits for another admin's approval.";
        }
        return new TeamPage.Shown(
                "One-time password for " + username + " (shown once; hand it over in person or on"
                        + " a call, they replace it at first sign-in)",
                password,
                note);
    }

    private interface Action {
        TeamPage.Shown run();
    }

    /** Runs a form's action; a refusal re-renders the page with the message beside that form and its input. */
    private void act(Context ctx, String form, Action action) {
        try {
            render(ctx, TeamPage.Form.NONE, Optional.of(action.run()));
        } catch (FulcrumException e) {
            ctx.status(
                    switch (e) {
                        case FulcrumException.InvalidInput i -> 400;
                        case FulcrumException.Forbidden f -> 403;
                        case FulcrumException.NotFound n -> 404;
                        case FulcrumException.Conflict c -> 409;
                        default -> 400;
                    });
            String field = e instanceof FulcrumException.InvalidInput i ? i.field() : "";
            Map<String, String> input = new LinkedHashMap<>();
            ctx.formParamMap().forEach((k, v) -> input.put(k, v.isEmpty() ? "" : v.getFirst()));
            input.remove("password");
            render(ctx, new TeamPage.Form(form, field, explain(e), input), Optional.empty());
        }
    }

    /** Words for a refusal; the two-admin rule is explained where it blocks. */
    private static String explain(FulcrumException e) {
        String message =
                e instanceof FulcrumException.InvalidInput i ? i.field() + " " + i.getMessage() : e.getMessage();
        if (message != null && message.contains("second admin")) {
            return message + ". Every role takes effect only when an admin other than the one who granted it"
                    + " approves it; invite a second admin (they hold admin at once while you are the only one).";
        }
        return message;
    }

    private static TeamPage.Shown done(String message) {
        return new TeamPage.Shown(message, "", "");
    }

    private void render(Context ctx, TeamPage.Form form, Optional<TeamPage.Shown> shown) {
        Principal.Staff viewer = Access.staff(ctx);
        List<StaffService.StaffMember> members = staff.list();
        Map<String, String> names = new LinkedHashMap<>();
        members.forEach(m -> names.put(m.id(), m.username()));
        Map<String, Integer> remembered = browsers.counts(Realm.STAFF);
        List<TeamPage.Member> rows = members.stream()
                .map(m -> new TeamPage.Member(
                        m, recovery.throttled(Realm.STAFF, m.username()), remembered.getOrDefault(m.id(), 0)))
                .toList();
        long admins = members.stream()
                .filter(m -> !m.disabled()
                        && m.roles().stream().anyMatch(g -> g.role().equals("admin") && g.active()))
                .count();
        pages.render(
                ctx,
                "team/team.jte",
                "Team",
                Map.of(
                        "page",
                        new TeamPage(
                                viewer.id(),
                                rows,
                                names,
                                admins,
                                recovery.sessions(Realm.STAFF),
                                tokens.list(),
                                flaggers.list().stream()
                                        .map(f -> new TeamPage.FlaggerRow(f, flaggers.accuracy(f.id())))
                                        .toList(),
                                relayKeys.list(),
                                form,
                                shown)));
    }

    private String username(String id) {
        return staff.list().stream()
                .filter(m -> m.id().equals(id))
                .map(StaffService.StaffMember::username)
                .findFirst()
                .orElse(id);
    }

    private static String id(Context ctx) {
        return Check.id("id", ctx.pathParam("id"));
    }

    private static Role machineRole(String kind) {
        Role role = Role.parse(kind == null ? "" : kind);
        if (role.staff()) {
            throw new FulcrumException.InvalidInput(
                    "kind", "tokens are for machines: platform, flagger, officer or" + " hash_sharing");
        }
        return role;
    }

    private static Instant instant(String value) {
        try {
            return Instant.parse(value.length() == 16 ? value + ":00Z" : value);
        } catch (java.time.format.DateTimeParseException e) {
            throw new FulcrumException.InvalidInput("notBefore", "must be a date and time like 2026-12-04T10:00");
        }
    }
}
