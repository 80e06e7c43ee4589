package org.fulcrum.server.auth;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.web.Bodies;
import org.fulcrum.server.web.Cookies;
import org.fulcrum.server.web.Feature;
import org.fulcrum.server.web.LocalPath;
import org.fulcrum.server.web.OpenApi;
import org.fulcrum.server.web.Pages;
import org.fulcrum.server.web.Text;

/** Console sign-in (password, then TOTP), password change, and the admin API for staff and tokens. */
public final class AuthFeature implements Feature {
    private final StaffService staff;
    private final Credentials credentials;
    private final ApiTokens tokens;
    private final Bodies bodies;
    private final Pages pages;

    public AuthFeature(StaffService staff, Credentials credentials, ApiTokens tokens, Bodies bodies, Pages pages) {
        this.staff = staff;
        this.credentials = credentials;
        this.tokens = tokens;
        this.bodies = bodies;
        this.pages = pages;
    }

    @Override
    public void routes(RoutesConfig r) {
        r.get("/console", this::start, Role.ADMIN, Role.MODERATOR, Role.LEGAL, Role.AUDITOR);
        r.get("/login", this::loginPage);
        r.post("/login", this::login);
        r.get("/login/totp", this::totpPage);
        r.post("/login/totp", this::totp);
        r.post("/logout", this::logout);
        r.post("/v1/account/password", this::changePasswordApi);
        r.get("/v1/admin/staff", ctx -> ctx.json(staff.list()), Role.ADMIN, Role.AUDITOR);
        r.post("/v1/admin/staff", this::createStaff, Role.ADMIN);
        r.post("/v1/admin/staff/{id}/roles", this::grant, Role.ADMIN);
        r.post("/v1/admin/staff/{id}/roles/{role}/approve", this::approve, Role.ADMIN);
        r.get("/v1/admin/tokens", ctx -> ctx.json(tokens.list()), Role.ADMIN, Role.AUDITOR);
        r.post("/v1/admin/tokens", this::issueToken, Role.ADMIN);
        r.post("/v1/admin/tokens/{id}/revoke", this::revokeToken, Role.ADMIN);
    }

    @Override
    public void describe(OpenApi api) {
        api.op("GET", "/v1/admin/staff", "Staff members and their role grants")
                .tag("admin")
                .security("session")
                .response(200, "Staff", OpenApi.listOf(StaffService.StaffMember.class))
                .add();
        api.op("POST", "/v1/admin/staff", "Create a staff member with a one-time password")
                .tag("admin")
                .security("session")
                .body(NewStaff.class)
                .response(201, "Created", Created.class)
                .add();
        api.op("POST", "/v1/admin/staff/{id}/roles", "Grant a role (pending until a second admin approves)")
                .tag("admin")
                .security("session")
                .body(Grant.class)
                .response(201, "Granted", StaffService.RoleGrant.class)
                .add();
        api.op("POST", "/v1/admin/staff/{id}/roles/{role}/approve", "Approve a pending role grant (second admin)")
                .tag("admin")
                .security("session")
                .response(204, "Approved")
                .add();
        api.op(
                        "POST",
                        "/v1/account/password",
                        "Change your own password (the current one is required; other sessions end)")
                .tag("admin")
                .security("session")
                .body(NewPassword.class)
                .response(204, "Changed")
                .add();
        api.op("GET", "/v1/admin/tokens", "API tokens (never their secrets)")
                .tag("admin")
                .security("session")
                .response(200, "Tokens", OpenApi.listOf(ApiTokens.TokenInfo.class))
                .add();
        api.op("POST", "/v1/admin/tokens", "Issue an API token for the platform, a flagger or an officer")
                .tag("admin")
                .security("session")
                .body(NewToken.class)
                .response(201, "The token; its secret is shown once", ApiTokens.Issued.class)
                .add();
        api.op("POST", "/v1/admin/tokens/{id}/revoke", "Revoke an API token")
                .tag("admin")
                .security("session")
                .body(Reason.class)
                .response(204, "Revoked")
                .add();
    }

    /** A new staff member. */
    public record NewStaff(String username, Optional<String> displayName, String password) {}

    /** A password change: the current password and the new one. */
    public record NewPassword(String current, String password) {}

    /** A role to grant. */
    public record Grant(String role) {}

    /** A token to issue. */
    public record NewToken(String kind, String ownerId, String name) {}

    /** Why something is done. */
    public record Reason(String reason) {}

    /** The id of something created. */
    public record Created(String id) {}

    private void createStaff(Context ctx) {
        NewStaff in = bodies.json(ctx, NewStaff.class);
        String id =
                staff.create(Access.staff(ctx), in.username(), in.displayName().orElse(in.username()), in.password());
        ctx.status(201).json(new Created(id));
    }

    private void grant(Context ctx) {
        Grant in = bodies.json(ctx, Grant.class);
        ctx.status(201).json(staff.grant(Access.staff(ctx), ctx.pathParam("id"), Role.parse(in.role())));
    }

    private void approve(Context ctx) {
        staff.approve(Access.staff(ctx), ctx.pathParam("id"), Role.parse(ctx.pathParam("role")));
        ctx.status(204);
    }

    private void issueToken(Context ctx) {
        NewToken in = bodies.json(ctx, NewToken.class);
        ctx.status(201).json(tokens.issue(Access.staff(ctx).actor(), Role.parse(in.kind()), in.ownerId(), in.name()));
    }

    private void revokeToken(Context ctx) {
        Reason in = bodies.json(ctx, Reason.class);
        tokens.revoke(Access.staff(ctx).actor(), ctx.pathParam("id"), in.reason());
        ctx.status(204);
    }

    private void loginPage(Context ctx) {
        pages.render(
                ctx,
                "auth/login.jte",
                "Sign in",
                Map.of("error", "", "next", safeNext(ctx.queryParam("next")), "username", ""));
    }

    private void login(Context ctx) {
        String next = safeNext(ctx.formParam("next"));
        switch (credentials.signIn(
                Realm.STAFF,
                ctx.formParam("username"),
                ctx.formParam("password"),
                ctx.ip(),
                Cookies.get(ctx, Access.DEVICE_COOKIE))) {
            case Credentials.PasswordStep.Accepted ok -> {
                setSession(ctx, ok.sessionSecret());
                ctx.redirect("/login/totp?next="
                        + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8));
            }
            case Credentials.PasswordStep.Refused no -> {
                ctx.status(401);
                pages.render(
                        ctx,
                        "auth/login.jte",
                        "Sign in",
                        Map.of(
                                "error",
                                no.reason(),
                                "next",
                                next,
                                "username",
                                Text.clip(
                                        Optional.ofNullable(ctx.formParam("username"))
                                                .orElse(""),
                                        100)));
            }
        }
    }

    private void totpPage(Context ctx) {
        String cookie = Cookies.get(ctx, Access.SESSION_COOKIE);
        var session = staff.session(cookie);
        if (session.isEmpty()) {
            ctx.redirect("/login");
            return;
        }
        String secret = "";
        String uri = "";
        if (!session.get().totpConfirmed()) {
            secret = staff.beginTotpEnrolment(cookie);
            uri = Totp.uri("Fulcrum", session.get().username(), secret);
        }
        pages.render(
                ctx,
                "auth/totp.jte",
                "Second factor",
                Map.of(
                        "error",
                        "",
                        "next",
                        safeNext(ctx.queryParam("next")),
                        "secret",
                        secret,
                        "uri",
                        uri,
                        "qr",
                        uri.isEmpty() ? "" : QrSvg.of(uri, "QR code of the second-factor key")));
    }

    private void totp(Context ctx) {
        String cookie = Cookies.get(ctx, Access.SESSION_COOKIE);
        var session = staff.session(cookie);
        if (session.isEmpty()) {
            ctx.redirect("/login");
            return;
        }
        String next = safeNext(ctx.formParam("next"));
        switch (credentials.secondFactor(
                Realm.STAFF, cookie, ctx.formParam("code"), Cookies.get(ctx, Access.DEVICE_COOKIE), ctx.userAgent())) {
            case Credentials.CodeStep.Accepted ok -> {
                setSession(ctx, ok.sessionSecret());
                Cookies.set(ctx, Access.DEVICE_COOKIE, ok.deviceSecret(), Credentials.deviceLifetime());
                // A one-time password is replaced first; the page asked for comes after.
                ctx.redirect(
                        session.get().mustChangePassword()
                                ? "/account/password"
                                        + (next.equals(START)
                                                ? ""
                                                : "?next="
                                                        + java.net.URLEncoder.encode(
                                                                next, java.nio.charset.StandardCharsets.UTF_8))
                                : next);
            }
            case Credentials.CodeStep.Refused no -> {
                ctx.status(401);
                pages.render(
                        ctx,
                        "auth/totp.jte",
                        "Second factor",
                        Map.of("error", no.reason(), "next", next, "secret", "", "uri", "", "qr", ""));
            }
            case Credentials.CodeStep.Discarded gone -> {
                ctx.status(401);
                pages.render(
                        ctx,
                        "auth/login.jte",
                        "Sign in",
                        Map.of(
                                "error",
                                gone.reason(),
                                "next",
                                next,
                                "username",
                                session.get().username()));
            }
        }
    }

    private void changePasswordApi(Context ctx) {
        requireCompleteSession(ctx);
        NewPassword in = bodies.json(ctx, NewPassword.class);
        setSession(
                ctx,
                credentials.changePassword(
                        Realm.STAFF, Cookies.get(ctx, Access.SESSION_COOKIE), in.current(), in.password()));
        ctx.status(204);
    }

    private Credentials.Session requireCompleteSession(Context ctx) {
        return staff.session(Cookies.get(ctx, Access.SESSION_COOKIE))
                .filter(Credentials.Session::complete)
                .orElseThrow(() -> new FulcrumException.Unauthenticated("sign in first"));
    }

    private void logout(Context ctx) {
        credentials.logout(Realm.STAFF, Cookies.get(ctx, Access.SESSION_COOKIE));
        Cookies.clear(ctx, Access.SESSION_COOKIE);
        ctx.redirect("/login");
    }

    private static void setSession(Context ctx, String secret) {
        Cookies.set(ctx, Access.SESSION_COOKIE, secret, StaffService.SESSION_LIFETIME);
    }

    /** Only local paths, so a crafted link cannot send a signed-in user elsewhere. */
    static String safeNext(String next) {
        return LocalPath.or(next, START);
    }

    /** Where a signed-in person starts: the first page of their own work in the navigation. */
    static final String START = "/console";

    private void start(Context ctx) {
        ctx.redirect(pages.visible(ctx).stream()
                .filter(l -> l.section() != Pages.Section.PUBLIC)
                .findFirst()
                .map(Pages.NavLink::href)
                .orElse("/console/subjects"));
    }
}
