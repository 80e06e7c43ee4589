package org.fulcrum.server.lawful.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.fulcrum.server.auth.Credentials;
import org.fulcrum.server.auth.Realm;
import org.fulcrum.server.auth.RememberedBrowsers;
import org.fulcrum.server.auth.Tokens;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.web.Cookies;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.OpenApi;

/**
 * An officer forgetting the browsers they are remembered in, one or all, from their account page
 * in the portal ({@code /portal/account/password}, which lists them). Each forget is audited.
 */
public final class PortalBrowsersFeature implements Feature {
    private final Credentials portal;
    private final RememberedBrowsers browsers;

    public PortalBrowsersFeature(Credentials portal, RememberedBrowsers browsers) {
        this.portal = portal;
        this.browsers = browsers;
    }

    @Override
    public void routes(RoutesConfig r) {
        r.post("/portal/account/browsers/{id}/forget", this::forget);
        r.post("/portal/account/browsers/forget-all", this::forgetAll);
    }

    @Override
    public void describe(OpenApi api) {
        // pages for people, not API operations
    }

    private void forget(Context ctx) {
        String officer = officer(ctx);
        String id = ctx.pathParam("id");
        browsers.forget(Realm.OFFICER, officer, id);
        String mine = Cookies.get(ctx, PortalFeature.DEVICE_COOKIE);
        if (mine != null && Tokens.digest(mine).startsWith(id)) {
            Cookies.clear(ctx, PortalFeature.DEVICE_COOKIE);
        }
        ctx.redirect("/portal/account/password?done=forgotten#browsers", HttpStatus.SEE_OTHER);
    }

    private void forgetAll(Context ctx) {
        browsers.forgetAll(Realm.OFFICER, officer(ctx));
        Cookies.clear(ctx, PortalFeature.DEVICE_COOKIE);
        ctx.redirect("/portal/account/password?done=all#browsers", HttpStatus.SEE_OTHER);
    }

    /** The officer of a complete portal session whose one-time password is replaced. */
    private String officer(Context ctx) {
        Credentials.Session s = portal.session(Realm.OFFICER, Cookies.get(ctx, PortalFeature.COOKIE))
                .filter(Credentials.Session::complete)
                .orElseThrow(() -> new FulcrumException.Unauthenticated("sign in to the portal first"));
        if (s.mustChangePassword()) {
            throw new FulcrumException.Forbidden("replace your one-time password first");
        }
        return s.accountId();
    }
}
