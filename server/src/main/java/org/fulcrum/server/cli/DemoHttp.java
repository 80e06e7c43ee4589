package org.fulcrum.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.fulcrum.server.core.Json;

/** The demo's HTTP client: JSON over the public API, as a bearer-token machine or a signed-in staff member. */
final class DemoHttp {
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String bearer;
    private final String session;
    private final Json json;

    DemoHttp(String base, String bearer, String session, Json json) {
        this.json = json;
        this.base = base;
        this.bearer = bearer;
        this.session = session;
    }

    static DemoHttp machine(String base, String token, Json json) {
        return new DemoHttp(base, token, null, json);
    }

    static DemoHttp staff(String base, String sessionSecret, Json json) {
        return new DemoHttp(base, null, sessionSecret, json);
    }

    static DemoHttp anonymous(String base, Json json) {
        return new DemoHttp(base, null, null, json);
    }

    /** A response: status and body, and the Json that reads it. */
    record Answer(int status, String body, Json reader) {
        JsonNode json() {
            try {
                return reader.tree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }
    }

    Answer get(String path) {
        return send(builder(path).GET());
    }

    Answer post(String path, Object body) {
        return send(builder(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : json.write(body))));
    }

    /** POSTs and insists on success; throws with the problem answer otherwise. */
    JsonNode postOk(String path, Object body) {
        Answer a = post(path, body);
        if (a.status() >= 300) {
            throw new IllegalStateException("POST " + path + " answered " + a.status() + ": " + a.body());
        }
        return a.body().isEmpty() ? json.mapper().createObjectNode() : a.json();
    }

    JsonNode getOk(String path) {
        Answer a = get(path);
        if (a.status() >= 300) {
            throw new IllegalStateException("GET " + path + " answered " + a.status() + ": " + a.body());
        }
        return a.json();
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (session != null) {
            // as the console's own pages do: same origin and the session's anti-forgery token
            b.header("Cookie", "fulcrum_session=" + session)
                    .header("Origin", base)
                    .header(org.fulcrum.server.web.Csrf.HEADER, org.fulcrum.server.web.Csrf.tokenFor(session));
        }
        return b;
    }

    private Answer send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body(), json);
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
