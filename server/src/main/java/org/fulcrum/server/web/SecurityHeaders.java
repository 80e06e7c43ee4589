package org.fulcrum.server.web;

import io.javalin.http.Context;

/**
 * Headers every answer carries: no framing (clickjacking), no content sniffing, no referrer beyond
 * this site, a content security policy that runs only the site's own script files (no inline
 * script, no {@code eval}), and {@code Cache-Control: no-store} on every answer to a caller with
 * credentials, so that pages and JSON holding personal data (exports, tokens) never land in a shared
 * or browser cache. Inline {@code style} attributes stay allowed: they cannot run code. Behind TLS
 * (an https public URL) browsers are also told to come back over https only for a year, so that a
 * network attacker cannot downgrade a later visit to plain http and capture what is typed into the
 * sign-in form; the header leaves subdomains alone, which may be other services.
 */
public final class SecurityHeaders {
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static final String STRICT_TRANSPORT_SECURITY = "max-age=31536000";

    private SecurityHeaders() {}

    /**
     * Before every request (after the cookie policy is installed), so that answers made by error
     * handlers carry them too.
     */
    public static void apply(Context ctx) {
        // The cookie policy is installed first and knows whether the public URL is https.
        always(Cookies.of(ctx).secure()).forEach(ctx::header);
        if (credentialed(ctx)) {
            ctx.header("Cache-Control", "no-store");
        }
    }

    /**
     * The headers on every answer, whoever makes it: the application, or Jetty refusing a request
     * before it reaches the application ({@link JettyProblems}).
     *
     * @param https whether the public URL is https
     */
    static java.util.Map<String, String> always(boolean https) {
        var headers = new java.util.LinkedHashMap<String, String>();
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("X-Frame-Options", "DENY");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "same-origin");
        if (https) {
            headers.put("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
        }
        return headers;
    }

    /** After every request: a handler's own caching header must not undo {@code no-store} for a signed-in caller. */
    public static void enforce(Context ctx) {
        if (credentialed(ctx)) {
            ctx.header("Cache-Control", "no-store");
        }
    }

    private static boolean credentialed(Context ctx) {
        if (ctx.header("Authorization") != null) {
            return true;
        }
        String prefix = Cookies.of(ctx).name("fulcrum_");
        return ctx.cookieMap().keySet().stream().anyMatch(n -> n.startsWith(prefix));
    }
}
