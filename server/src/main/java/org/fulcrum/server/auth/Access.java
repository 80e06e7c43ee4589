package org.fulcrum.server.auth;

import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.security.RouteRole;
import java.util.Optional;
import java.util.Set;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.web.Caller;
import org.fulcrum.server.web.Cookies;

/**
 * Resolves the caller of each request (bearer token or console session) and enforces the roles a
 * route declares. A route with no roles is public. Staff sessions count only once the second
 * factor has been passed.
 */
public final class Access {
    public static final String SESSION_COOKIE = "fulcrum_session";
    /** The staff console's device cookie: a browser where its owner passed both factors. */
    public static final String DEVICE_COOKIE = "fulcrum_device";

    private static final String PRINCIPAL = Caller.ATTRIBUTE;
    private static final String ONE_TIME = "fulcrum.oneTimePassword";

    private final ApiTokens tokens;
    private final StaffService staff;

    public Access(ApiTokens tokens, StaffService staff) {
        this.tokens = tokens;
        this.staff = staff;
    }

    /** Before every matched route: identify the caller, then check the route's roles. */
    public void check(Context ctx) {
        Optional<Principal> principal = resolve(ctx);
        principal.ifPresent(p -> ctx.attribute(PRINCIPAL, p));
        Set<RouteRole> required = ctx.routeRoles();
        if (required.isEmpty()) {
            return;
        }
        if (principal.isEmpty()) {
            if (acceptsHtml(ctx)) {
                ctx.redirect("/login?next="
                        + java.net.URLEncoder.encode(ctx.path(), java.nio.charset.StandardCharsets.UTF_8));
                ctx.skipRemainingHandlers();
                return;
            }
            throw new FulcrumException.Unauthenticated("a bearer token or a console session is required");
        }
        if (Boolean.TRUE.equals(ctx.attribute(ONE_TIME))) {
            // A one-time password proves only that someone was handed it: nothing works until it is replaced.
            if (acceptsHtml(ctx)) {
                ctx.redirect("/account/password");
                ctx.skipRemainingHandlers();
                return;
            }
            throw new FulcrumException.Forbidden("replace your one-time password first (POST /v1/account/password)");
        }
        for (RouteRole role : required) {
            if (principal.get().roles().contains(role)) {
                return;
            }
        }
        throw new FulcrumException.Forbidden("this needs one of the roles " + required);
    }

    private Optional<Principal> resolve(Context ctx) {
        String auth = ctx.header(Header.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            Optional<Principal.Machine> m =
                    tokens.authenticate(auth.substring(7).trim());
            if (m.isEmpty()) {
                throw new FulcrumException.Unauthenticated("unknown or revoked token");
            }
            return Optional.of(m.get());
        }
        String cookie = Cookies.get(ctx, SESSION_COOKIE);
        if (cookie != null) {
            Optional<Credentials.Session> session = staff.session(cookie).filter(Credentials.Session::complete);
            session.filter(Credentials.Session::mustChangePassword).ifPresent(s -> ctx.attribute(ONE_TIME, true));
            return session.map(s -> new Principal.Staff(s.accountId(), s.username(), staff.activeRoles(s.accountId())));
        }
        return Optional.empty();
    }

    private static boolean acceptsHtml(Context ctx) {
        String accept = ctx.header(Header.ACCEPT);
        return accept != null && accept.contains("text/html");
    }

    public static Optional<Principal> principal(Context ctx) {
        return Optional.ofNullable(ctx.attribute(PRINCIPAL));
    }

    public static Principal require(Context ctx) {
        return principal(ctx).orElseThrow(() -> new FulcrumException.Unauthenticated("not signed in"));
    }

    public static Principal.Staff staff(Context ctx) {
        if (require(ctx) instanceof Principal.Staff s) {
            return s;
        }
        throw new FulcrumException.Forbidden("this needs a staff member, not a machine token");
    }

    public static Principal.Machine machine(Context ctx) {
        if (require(ctx) instanceof Principal.Machine m) {
            return m;
        }
        throw new FulcrumException.Forbidden("this needs a machine token");
    }
}
