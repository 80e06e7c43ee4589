package org.fulcrum.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.fulcrum.server.web.Csrf;
import org.fulcrum.server.web.Json;

/** A small HTTP client for tests against the in-process app. */
public final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private String bearer;
    private String session;

    public Http(String base) {
        this.base = base;
    }

    public Http bearer(String token) {
        Http h = new Http(base);
        h.bearer = token;
        return h;
    }

    /** The same client, sending a staff session cookie (see {@link StaffSessions}). */
    public Http session(String sessionSecret) {
        Http h = new Http(base);
        h.session = sessionSecret;
        return h;
    }

    /** A response with its status, headers and body. */
    public record Response(int status, String contentType, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    public Response get(String path) {
        return send(builder(path).GET());
    }

    public Response postJson(String path, String json) {
        return send(builder(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response postJson(String path, Object value) {
        return postJson(path, Json.write(value));
    }

    public Response putJson(String path, Object value) {
        return send(builder(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Json.write(value))));
    }

    public Response delete(String path) {
        return send(builder(path).DELETE());
    }

    public Response post(String path, String contentType, byte[] body) {
        return send(builder(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /**
     * Makes a hand-built request look like one from the console's own pages: Fulcrum's origin and
     * the anti-forgery token of {@code cookie} ({@code name=value}); without a cookie, a pre-session
     * cookie and its token, as the sign-in page gives a browser.
     */
    public static HttpRequest.Builder fromConsole(HttpRequest.Builder b, String base, String cookie) {
        String secret;
        if (cookie == null || cookie.isBlank()) {
            secret = "pre-session-" + Long.toHexString(System.nanoTime());
            b.header("Cookie", Csrf.PRE_SESSION + "=" + secret);
        } else {
            b.header("Cookie", cookie);
            secret = cookie.substring(cookie.indexOf('=') + 1);
        }
        return b.header("Origin", base).header(Csrf.HEADER, Csrf.tokenFor(secret));
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (session != null) {
            // as the console's pages do: same origin, and the session's anti-forgery token
            b.header("Cookie", "fulcrum_session=" + session).header("Origin", base)
                    .header(Csrf.HEADER, Csrf.tokenFor(session));
        }
        return b;
    }

    private static Response send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r);
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
