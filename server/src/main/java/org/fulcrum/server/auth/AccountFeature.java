package org.fulcrum.server.auth;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.web.Cookies;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.OpenApi;
import org.fulcrum.server.web.Pages;

/**
 * A staff member's own account page: changing their password, and the browsers they are
 * remembered in (since when, last used, which browser in words), each of which they may forget,
 * or all at once. While the password is a one-time password the page offers nothing but its
 * replacement.
 */
public final class AccountFeature implements Feature {
    private final StaffService staff;
    private final Credentials credentials;
    private final RememberedBrowsers browsers;
    private final Pages pages;

    public AccountFeature(StaffService staff, Credentials credentials, RememberedBrowsers browsers, Pages pages) {
        this.staff = staff;
        this.credentials = credentials;
        this.browsers = browsers;
        this.pages = pages;
    }

    @Override
    public void routes(RoutesConfig r) {
        r.get("/account", ctx -> page(ctx, "", "", AuthFeature.safeNext(ctx.queryParam("next"))));
        r.get("/account/password", ctx -> page(ctx, "", "", AuthFeature.safeNext(ctx.queryParam("next"))));
        r.post("/account/password", this::changePassword);
        r.post("/account/browsers/{id}/forget", this::forget);
        r.post("/account/browsers/forget-all", this::forgetAll);
    }

    @Override
    public void describe(OpenApi api) {
        // pages for people; the password change is also POST /v1/account/password
    }

    private void page(Context ctx, String error, String field, String next) {
        var session = complete(ctx);
        boolean oneTime = session.mustChangePassword();
        pages.render(
                ctx,
                "auth/password.jte",
                oneTime ? "Choose a password" : "Your account",
                Map.of(
                        "error",
                        error,
                        "field",
                        field,
                        "oneTime",
                        oneTime,
                        "next",
                        next,
                        "browsers",
                        oneTime ? java.util.List.of() : browsers.of(Realm.STAFF, session.accountId(), device(ctx)),
                        "done",
                        RememberedBrowsers.done(ctx.queryParam("done"))));
    }

    private void changePassword(Context ctx) {
        complete(ctx);
        try {
            String fresh = credentials.changePassword(
                    Realm.STAFF,
                    Cookies.get(ctx, Access.SESSION_COOKIE),
                    ctx.formParam("current"),
                    ctx.formParam("password"));
            Cookies.set(ctx, Access.SESSION_COOKIE, fresh, StaffService.SESSION_LIFETIME);
        } catch (FulcrumException.InvalidInput e) {
            ctx.status(400);
            page(ctx, e.getMessage(), e.field(), AuthFeature.safeNext(ctx.formParam("next")));
            return;
        }
        ctx.redirect(AuthFeature.safeNext(ctx.formParam("next")));
    }

    private void forget(Context ctx) {
        var session = settled(ctx);
        String id = ctx.pathParam("id");
        browsers.forget(Realm.STAFF, session.accountId(), id);
        String mine = device(ctx);
        if (mine != null && Tokens.digest(mine).startsWith(id)) {
            Cookies.clear(ctx, Access.DEVICE_COOKIE);
        }
        ctx.redirect("/account?done=forgotten#browsers", HttpStatus.SEE_OTHER);
    }

    private void forgetAll(Context ctx) {
        var session = settled(ctx);
        browsers.forgetAll(Realm.STAFF, session.accountId());
        Cookies.clear(ctx, Access.DEVICE_COOKIE);
        ctx.redirect("/account?done=all#browsers", HttpStatus.SEE_OTHER);
    }

    private static String device(Context ctx) {
        return Cookies.get(ctx, Access.DEVICE_COOKIE);
    }

    private Credentials.Session complete(Context ctx) {
        return staff.session(Cookies.get(ctx, Access.SESSION_COOKIE))
                .filter(Credentials.Session::complete)
                .orElseThrow(() -> new FulcrumException.Unauthenticated("sign in first"));
    }

    /** A complete session whose one-time password is replaced: it opens nothing else before. */
    private Credentials.Session settled(Context ctx) {
        var session = complete(ctx);
        if (session.mustChangePassword()) {
            throw new FulcrumException.Forbidden("replace your one-time password first");
        }
        return session;
    }
}
