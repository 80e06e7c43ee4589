package org.fulcrum.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.web.Csrf;

/**
 * A small HTTP client for tests against the in-process app. Every exchange with a documented API
 * operation is checked against the app's published {@code /openapi.json} (see {@link
 * OpenApiContract}): a request or answer the document does not describe fails the test that sent it,
 * so the whole suite's traffic keeps the document true. {@link #unchecked()} opts out, for tests
 * that send what no client should (raw fuzzing).
 */
public final class Http {
    private static final Json JSON = Json.strict();

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private String bearer;
    private String session;
    private OpenApiContract contract;
    private boolean strict = true;

    public Http(String base) {
        this.base = base;
    }

    private Http copy() {
        Http h = new Http(base);
        h.bearer = bearer;
        h.session = session;
        h.contract = contract;
        h.strict = strict;
        return h;
    }

    public Http bearer(String token) {
        Http h = copy();
        h.bearer = token;
        h.session = null;
        return h;
    }

    /** The same client, sending a staff session cookie (see {@link StaffSessions}). */
    public Http session(String sessionSecret) {
        Http h = copy();
        h.session = sessionSecret;
        h.bearer = null;
        return h;
    }

    /**
     * The same client, recording its exchanges in {@code checker} (for a test that asserts what was
     * covered) instead of the app's shared contract; mismatches still fail at once.
     */
    public Http checkedBy(OpenApiContract checker) {
        Http h = copy();
        h.contract = checker;
        return h;
    }

    /** The same client without the document check, for requests no client should send. */
    public Http unchecked() {
        Http h = copy();
        h.strict = false;
        return h;
    }

    /** A response with its status, headers and body. */
    public record Response(int status, String contentType, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            try {
                return JSON.mapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    public Response get(String path) {
        return send("GET", path, null, builder(path).GET());
    }

    public Response postJson(String path, String json) {
        return send(
                "POST",
                path,
                json,
                builder(path)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Sends {@code method path} with extra {@code headers} (e.g. a signature) and a JSON body, or none. */
    public Response send(String method, String path, java.util.Map<String, String> headers, String json) {
        HttpRequest.Builder b = builder(path);
        headers.forEach(b::header);
        if (json == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return send(method, path, json, b);
    }

    /** A POST without a body, as an operation that takes none is called. */
    public Response post(String path) {
        return send("POST", path, null, builder(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    public Response postJson(String path, Object value) {
        return postJson(path, JSON.write(value));
    }

    public Response putJson(String path, Object value) {
        String json = JSON.write(value);
        return send(
                "PUT",
                path,
                json,
                builder(path)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response delete(String path) {
        return send("DELETE", path, null, builder(path).DELETE());
    }

    public Response post(String path, String contentType, byte[] body) {
        return send(
                "POST",
                path,
                null,
                builder(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
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

    private static String abbreviate(String body) {
        return body == null || body.length() <= 600 ? body : body.substring(0, 600) + "…";
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (session != null) {
            // as the console's pages do: same origin, and the session's anti-forgery token
            b.header("Cookie", "fulcrum_session=" + session)
                    .header("Origin", base)
                    .header(Csrf.HEADER, Csrf.tokenFor(session));
        }
        return b;
    }

    private Response send(String method, String path, String requestJson, HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            Response response = new Response(
                    r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r);
            if (strict) {
                OpenApiContract checker = contract != null ? contract : OpenApiContract.of(base, CLIENT);
                List<String> found = checker.check(
                        method,
                        URI.create(base + path).getPath(),
                        requestJson,
                        response.status(),
                        response.contentType(),
                        method.equals("HEAD") ? null : response.body());
                if (!found.isEmpty()) {
                    throw new AssertionError("the published API document does not describe this exchange:\n  "
                            + String.join("\n  ", found) + "\nbody: " + abbreviate(response.body()));
                }
            }
            return response;
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
