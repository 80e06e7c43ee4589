package org.fulcrum.server.team;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.auth.Access;
import org.fulcrum.server.auth.Realm;
import org.fulcrum.server.auth.Recovery;
import org.fulcrum.server.auth.RememberedBrowsers;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.OpenApi;
import org.fulcrum.server.web.Pages;

/**
 * Officers' portal accounts for legal staff: who has signed in, who still holds the legal desk's
 * one-time password, whose sign-in is slowed down, how many browsers each is remembered in, and the
 * recovery steps (unlock, new one-time password, new second factor, forgetting their browsers),
 * each with a reason for the audit trail.
 */
public final class OfficerAccountsFeature implements Feature {
    private final Recovery recovery;
    private final RememberedBrowsers browsers;
    private final Pages pages;

    public OfficerAccountsFeature(Recovery recovery, RememberedBrowsers browsers, Pages pages) {
        this.recovery = recovery;
        this.browsers = browsers;
        this.pages = pages;
        pages.nav(Pages.Section.SETUP, "Officer accounts", "/console/officer-accounts", Role.LEGAL);
    }

    @Override
    public void routes(RoutesConfig r) {
        r.get("/console/officer-accounts", ctx -> render(ctx, Optional.empty(), TeamPage.Form.NONE), Role.LEGAL);
        r.post("/console/officer-accounts/{id}/recover", this::recover, Role.LEGAL);
    }

    @Override
    public void describe(OpenApi api) {
        // a page for people; the API is /v1/lawful/officers/{id}/unlock, password-reset, second-factor-reset
    }

    private void recover(Context ctx) {
        act(ctx, "recover:", id -> {
            if (TeamFeature.FORGET_BROWSERS.equals(ctx.formParam("step"))) {
                int gone = browsers.forgetAll(Access.staff(ctx), Realm.OFFICER, id, ctx.formParam("reason"));
                return new TeamPage.Shown(
                        "Forgot " + gone + (gone == 1 ? " remembered browser" : " remembered browsers")
                                + ": the officer's next sign-ins count like anyone's until they pass both factors again.",
                        "",
                        "");
            }
            Recovery.Step step = Recovery.Step.parse(ctx.formParam("step"));
            Recovery.Outcome out = recovery.apply(Access.staff(ctx), Realm.OFFICER, id, step, ctx.formParam("reason"));
            return new TeamPage.Shown(
                    out.oneTimePassword() == null
                            ? "Done: " + step.key() + "."
                            : "One-time password (shown once; give it to the officer over the verified call-back number;"
                                    + " they replace it at sign-in)",
                    out.oneTimePassword() == null ? "" : out.oneTimePassword(),
                    "");
        });
    }

    /** Runs a form's action on the officer in the path; a refusal comes back beside that form with the reason kept. */
    private void act(Context ctx, String formPrefix, java.util.function.Function<String, TeamPage.Shown> action) {
        String id = Check.id("id", ctx.pathParam("id"));
        String form = formPrefix + id;
        try {
            render(ctx, Optional.of(action.apply(id)), TeamPage.Form.NONE);
        } catch (FulcrumException e) {
            ctx.status(
                    e instanceof FulcrumException.InvalidInput
                            ? 400
                            : e instanceof FulcrumException.NotFound
                                    ? 404
                                    : e instanceof FulcrumException.Forbidden ? 403 : 409);
            Map<String, String> input = new HashMap<>();
            input.put("reason", Optional.ofNullable(ctx.formParam("reason")).orElse(""));
            String message =
                    e instanceof FulcrumException.InvalidInput i ? i.field() + " " + i.getMessage() : e.getMessage();
            String field = e instanceof FulcrumException.InvalidInput i ? i.field() : "";
            render(ctx, Optional.empty(), new TeamPage.Form(form, field, message, input));
        }
    }

    private void render(Context ctx, Optional<TeamPage.Shown> shown, TeamPage.Form form) {
        pages.render(
                ctx,
                "team/officers.jte",
                "Officer accounts",
                Map.of(
                        "accounts",
                        recovery.accounts(Realm.OFFICER),
                        "browsers",
                        browsers.counts(Realm.OFFICER),
                        "shown",
                        shown,
                        "form",
                        form));
    }
}
