package org.fulcrum.server.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.time.Duration;

/**
 * The one place cookies are named, read and set. Every cookie is {@code HttpOnly},
 * {@code SameSite=Strict} and scoped to the whole site; when the public URL is https it is also
 * {@code Secure} and carries the {@code __Host-} prefix, so that no other host (a sibling
 * subdomain, a network attacker on plain http) can plant or overwrite it.
 *
 * <p>The policy travels with each request ({@link #install}), so that handlers set cookies with a
 * one-line call and no constructor needs to know the configuration.
 *
 * @param secure whether cookies are {@code Secure} and {@code __Host-} prefixed
 */
public record Cookies(boolean secure) {
    private static final String ATTRIBUTE = "fulcrum.cookies";
    private static final Cookies PLAIN = new Cookies(false);

    /** Before every request: remember the cookie policy for the handlers. */
    public void install(Context ctx) {
        ctx.attribute(ATTRIBUTE, this);
    }

    /** The name a cookie has on the wire: {@code base}, or {@code __Host-base} over https. */
    public String name(String base) {
        return secure ? "__Host-" + base : base;
    }

    /** The policy of this request (plain when none was installed, as in unit tests). */
    public static Cookies of(Context ctx) {
        Cookies c = ctx.attribute(ATTRIBUTE);
        return c == null ? PLAIN : c;
    }

    /** The value of the cookie {@code base}, or null. */
    public static String get(Context ctx, String base) {
        return ctx.cookie(of(ctx).name(base));
    }

    /** Sets the cookie {@code base}; a {@code lifetime} of null makes it last until the browser closes. */
    public static void set(Context ctx, String base, String value, Duration lifetime) {
        Cookies c = of(ctx);
        ctx.cookie(new Cookie(
                c.name(base),
                value,
                "/",
                lifetime == null ? -1 : (int) lifetime.toSeconds(),
                c.secure(),
                true,
                null,
                SameSite.STRICT));
    }

    /** Removes the cookie {@code base} from the browser. */
    public static void clear(Context ctx, String base) {
        Cookies c = of(ctx);
        ctx.cookie(new Cookie(c.name(base), "", "/", 0, c.secure(), true, null, SameSite.STRICT));
    }
}
