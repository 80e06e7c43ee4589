package org.fulcrum.server.web;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.fulcrum.server.core.FulcrumException;

/**
 * Cross-site request forgery defence for everything a browser does with a cookie. Two checks, each
 * enough on its own, for every unsafe request ({@code POST}, {@code PUT}, {@code PATCH},
 * {@code DELETE}) that carries one of Fulcrum's cookies or has a body an HTML form can send:
 *
 * <ol>
 *   <li>the {@code Origin} (or, without it, the {@code Referer}) must be this site; a missing,
 *       {@code null} or foreign origin is refused;</li>
 *   <li>the request must carry this session's token, in the {@value #HEADER} header (htmx, scripts)
 *       or the {@value #FIELD} form field (forms).</li>
 * </ol>
 *
 * <p>The token is derived from the secrets in the caller's cookies (a one-way hash, so the server
 * stores nothing and every node of a cluster agrees). Before sign-in a random pre-session cookie
 * plays that part, so the sign-in forms are covered too. Pages get the token from the layout's
 * {@code <meta name="csrf-token">}; {@code /static/csrf.js} adds it to every form and htmx request.
 * Requests with an API token ({@code Authorization: Bearer}) do not use cookies and are unaffected.
 */
public final class Csrf {
    public static final String HEADER = "X-CSRF-Token";
    public static final String FIELD = "_csrf";
    /** The pre-session cookie: the token's secret before anyone has signed in. */
    public static final String PRE_SESSION = "fulcrum_csrf";

    private static final String COOKIE_PREFIX = "fulcrum_";
    private static final String ISSUED = "fulcrum.csrf.issued";
    private static final Set<HandlerType> UNSAFE =
            Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String publicOrigin;

    public Csrf(String publicUrl) {
        this.publicOrigin = originOf(publicUrl);
    }

    /** Before every request: refuses a cookie-borne unsafe request from another site or without the token. */
    public void check(Context ctx) {
        if (!UNSAFE.contains(ctx.method()) || bearer(ctx)) {
            return;
        }
        Map<String, String> secrets = sessionSecrets(ctx);
        boolean hasCookie = !secrets.isEmpty() || Cookies.get(ctx, PRE_SESSION) != null;
        if (!hasCookie && !formBody(ctx)) {
            return;
        }
        String origin = requestOrigin(ctx);
        if (origin == null || origin.equals("null")) {
            refuse(
                    ctx,
                    "a form or script request must say which site it comes from (Origin); requests from a"
                            + " page elsewhere are refused");
            return;
        }
        if (!origin.equalsIgnoreCase(publicOrigin) && !origin.equalsIgnoreCase(ownOrigin(ctx))) {
            refuse(ctx, "requests from another site (" + origin + ") are refused");
            return;
        }
        String sent = ctx.header(HEADER);
        if (sent == null && readableForm(ctx)) {
            sent = ctx.formParam(FIELD);
        }
        String expected = expected(ctx, secrets);
        if (sent == null
                || expected == null
                || !MessageDigest.isEqual(
                        sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
            refuse(ctx, "the form's security token is missing or stale; reload the page and try again");
        }
    }

    /**
     * A 403 that writes nothing: a problem document for programs, a short page in words for a
     * person whose browser was sent here by another site's page.
     */
    private static void refuse(Context ctx, String why) {
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains("text/html")) {
            ctx.status(403).contentType("text/html; charset=utf-8").result("""
                    <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Refused · Fulcrum</title>
                    <link rel="stylesheet" href="/static/fulcrum.css"></head><body><main><h1>Refused</h1>
                    <p id="refused">This request was refused and nothing was changed: %s.</p>
                    <p>If you did not mean to do this, another site may have tried to act in your name.
                    <a href="/">Back to Fulcrum</a></p></main></body></html>""".formatted(escape(why)));
            ctx.skipRemainingHandlers();
            return;
        }
        throw new FulcrumException.Forbidden(why);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /**
     * The token for the page being rendered. Without any cookie yet, a pre-session cookie is set on
     * this answer and the token is derived from it.
     */
    public static String token(Context ctx) {
        String issued = ctx.attribute(ISSUED);
        if (issued != null) {
            return issued;
        }
        String token = expected(ctx, sessionSecrets(ctx));
        if (token == null) {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            String pre = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Cookies.set(ctx, PRE_SESSION, pre, null);
            token = derive(pre);
        }
        ctx.attribute(ISSUED, token);
        return token;
    }

    /** The token a browser holding the session cookie {@code secret} (and no other) sends. */
    public static String tokenFor(String secret) {
        return derive(secret);
    }

    private static String expected(Context ctx, Map<String, String> secrets) {
        if (!secrets.isEmpty()) {
            return derive(String.join("\n", secrets.values()));
        }
        String pre = Cookies.get(ctx, PRE_SESSION);
        return pre == null || pre.isBlank() ? null : derive(pre);
    }

    /** Fulcrum's session cookies (every {@code fulcrum_*} cookie but the pre-session one), by name. */
    private static Map<String, String> sessionSecrets(Context ctx) {
        Cookies policy = Cookies.of(ctx);
        String prefix = policy.name(COOKIE_PREFIX);
        String pre = policy.name(PRE_SESSION);
        Map<String, String> out = new TreeMap<>();
        ctx.cookieMap().forEach((name, value) -> {
            if (name.startsWith(prefix) && !name.equals(pre) && value != null && !value.isBlank()) {
                out.put(name, value);
            }
        });
        return out;
    }

    private static String derive(String secret) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(("fulcrum-csrf\n" + secret).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean bearer(Context ctx) {
        String auth = ctx.header("Authorization");
        return auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    /** Bodies a page on another site can send without asking first (CORS "simple" requests). */
    private static boolean formBody(Context ctx) {
        String type = contentType(ctx);
        return type.startsWith("application/x-www-form-urlencoded")
                || type.startsWith("multipart/form-data")
                || type.startsWith("text/plain");
    }

    private static boolean readableForm(Context ctx) {
        String type = contentType(ctx);
        return type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data");
    }

    private static String contentType(Context ctx) {
        String type = ctx.contentType();
        return type == null ? "" : type.toLowerCase(Locale.ROOT).trim();
    }

    private static String requestOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin != null) {
            return origin.trim();
        }
        String referer = ctx.header("Referer");
        return referer == null ? null : originOf(referer);
    }

    private static String ownOrigin(Context ctx) {
        String host = ctx.header("Host");
        return host == null ? "" : ctx.scheme() + "://" + host;
    }

    /** {@code scheme://host[:port]} of a URL, or "null" when it has none. */
    static String originOf(String url) {
        try {
            URI u = URI.create(url.trim());
            if (u.getScheme() == null || u.getRawAuthority() == null) {
                return "null";
            }
            return u.getScheme().toLowerCase(Locale.ROOT) + "://"
                    + u.getRawAuthority().toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "null";
        }
    }
}
