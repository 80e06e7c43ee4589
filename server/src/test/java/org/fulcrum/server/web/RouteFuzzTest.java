package org.fulcrum.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.OpsModule;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Test;

/**
 * Calls every registered route, as every kind of caller (anonymous, each staff role with a console
 * session, each kind of API token), with hostile path values, hostile query parameters and hostile
 * bodies (malformed, wrong types, and well-formed documents from the OpenAPI schema whose every
 * field holds a hostile value). No answer may be a 5xx; every 4xx of an API route must be an
 * RFC 9457 problem document (pages for browsers may answer with a page).
 */
class RouteFuzzTest {
    private static final Json JSON = Json.strict();

    static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    static final List<String> PATH_VALUES = List.of(
            "x",
            "-1",
            "%C3%A9t%C3%A9",
            "%00",
            "99999999999999999999",
            "a".repeat(600),
            "%FF%FE",
            "..%2F..%2Fetc",
            "%E2%80%AE",
            "'%20OR%201=1");
    static final String HOSTILE_QUERY = "?limit=-1&offset=99999999999999999999&kind=-1&status=%00&state=%FF"
            + "&after=%2B999999999-12-31T23%3A59%3A59Z&before=yesterday&from=-1&to=%C3%A9&since=x&until=x"
            + "&format=..%2Fx&type=%FF&period=x&index=-1&size=99999999999999999999&q=%00&jurisdiction=zz"
            + "&queueId=%00&quarter=9999-Q9&reason=-1&category=-1&visibility=-1&role=-1&next=%09%2F%2Fevil&id=%00"
            + "&bankId=x&ruleId=x&accountId=%00&lane=-1&outcome=-1&class=-1&country=France&language=-1&page=-1";
    static final List<String> STRINGS = List.of(
            "",
            "\u0000",
            "+999999999-12-31T23:59:59Z",
            "-1",
            "../../etc/passwd",
            "\u00e9\u202e",
            "x".repeat(20_000),
            "javascript:alert(1)");

    record Caller(String name, String session, String bearer) {}

    @Test
    void noRouteAnswersA5xxOrANonProblem4xxToAnyCallerWithHostileInput() throws Exception {
        try (TestApp app = TestApp.sqlite(c -> c.withRateLimits(0, 0))) {
            List<Caller> callers = callers(app);
            JsonNode openApi = app.http().get("/openapi.json").json();
            List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
            long started = System.nanoTime();
            List<String> routes = app.app().module(OpsModule.class).routes().stream()
                    .filter(r -> !r.startsWith("BEFORE") && !r.startsWith("AFTER") && !r.contains("logout"))
                    .distinct()
                    .toList();
            // Each caller goes through every route in the same order as alone; the callers go at
            // once, as a server's callers do, which also lets the app's writer group their writes.
            List<java.util.concurrent.Future<?>> callings = new ArrayList<>();
            try (var each = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < callers.size(); c++) {
                    Caller caller = callers.get(c);
                    int offset = c;
                    callings.add(each.submit(() ->
                            callEveryRoute(app, openApi, routes, caller, offset, callers.size(), failures, calls)));
                }
            }
            for (var calling : callings) {
                calling.get();
            }
            long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
            assertThat(failures)
                    .as(calls.get() + " calls over " + routes.size() + " routes in " + seconds + " s")
                    .isEmpty();
            assertThat(routes.size()).isGreaterThan(100);
        }
    }

    /** Calls every route as {@code caller}: a path value and the hostile query, then every body. */
    static void callEveryRoute(
            TestApp app,
            JsonNode openApi,
            List<String> routes,
            Caller caller,
            int offset,
            int callers,
            List<String> failures,
            java.util.concurrent.atomic.AtomicInteger calls) {
        for (int r = 0; r < routes.size(); r++) {
            String route = routes.get(r);
            String method = route.substring(0, route.indexOf(' '));
            String template = route.substring(route.indexOf(' ') + 1);
            boolean api = api(template);
            int i = r * callers + offset + 1;
            String plain = fill(template, PATH_VALUES.get(i % PATH_VALUES.size()));
            String hostile = fill(template, PATH_VALUES.get((i + 3) % PATH_VALUES.size())) + HOSTILE_QUERY;
            String empty = method.equals("GET") ? null : "";
            calls.incrementAndGet();
            int first = check(failures, app, caller, method, plain, "application/json", empty, api);
            if (first == 401 || first == 403) {
                // refused before the handler: the other values would meet the same refusal
                continue;
            }
            calls.incrementAndGet();
            check(failures, app, caller, method, hostile, "application/json", empty, api);
            List<String> bodies = method.equals("GET") ? List.of() : bodies(openApi, method, template);
            for (int b = 0; b < bodies.size(); b++) {
                String type = b % 5 == 3
                        ? "text/plain"
                        : b % 5 == 4 ? "application/x-www-form-urlencoded" : "application/json";
                calls.incrementAndGet();
                check(failures, app, caller, method, plain, type, bodies.get(b), api);
            }
        }
    }

    static boolean api(String template) {
        return template.startsWith("/v1/")
                || template.startsWith("/log/")
                || template.startsWith("/.well-known/")
                || template.equals("/healthz")
                || template.equals("/readyz")
                || template.equals("/metrics")
                || template.equals("/openapi.json");
    }

    static String fill(String template, String value) {
        return template.replaceAll("\\{[^}/]+}", value).replaceAll("<[^>/]+>", value);
    }

    /** Sends one request and records what is wrong with its answer; returns the status (0 when not sent). */
    static int check(
            List<String> failures,
            TestApp app,
            Caller caller,
            String method,
            String path,
            String type,
            String body,
            boolean api) {
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(URI.create(app.url() + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/json");
        } catch (IllegalArgumentException notAUri) {
            return 0;
        }
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", type);
        }
        if (caller.session() != null) {
            b.header("Cookie", "fulcrum_session=" + caller.session())
                    .header("Origin", app.url())
                    .header(Csrf.HEADER, Csrf.tokenFor(caller.session()));
        }
        if (caller.bearer() != null) {
            b.header("Authorization", "Bearer " + caller.bearer());
        }
        try {
            HttpResponse<String> r = null;
            for (int attempt = 1; r == null; attempt++) {
                try {
                    r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
                } catch (java.io.IOException reusedConnectionClosed) {
                    // pooled connections the server had closed after earlier refusals ("Connection: close"):
                    // the client may hold several, so ask again, each time on another, a few times at most
                    if (attempt == 3) {
                        throw reusedConnectionClosed;
                    }
                }
            }
            String contentType = r.headers().firstValue("Content-Type").orElse("");
            int s = r.statusCode();
            boolean problem = contentType.startsWith("application/problem+json");
            if (s >= 500 || s >= 400 && !problem && (api || !contentType.startsWith("text/html"))) {
                failures.add(caller.name() + " " + method + " " + abbreviate(path) + " [" + type + " "
                        + abbreviate(String.valueOf(body)) + "] -> " + s + " " + contentType + " "
                        + abbreviate(r.body()));
            }
            return s;
        } catch (Exception e) {
            failures.add(caller.name() + " " + method + " " + abbreviate(path) + " [" + type + " "
                    + abbreviate(String.valueOf(body)) + "] -> " + e);
            return 0;
        }
    }

    static String abbreviate(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "…" : s;
    }

    static List<Caller> callers(TestApp app) {
        StaffSessions sessions = new StaffSessions(app.app());
        List<Caller> out = new ArrayList<>();
        out.add(new Caller("anonymous", null, null));
        for (Role role : new Role[] {Role.ADMIN, Role.MODERATOR, Role.LEGAL, Role.AUDITOR}) {
            out.add(new Caller(role.key(), sessions.signIn("fuzz." + role.key(), role), null));
        }
        for (Role role : new Role[] {Role.PLATFORM, Role.FLAGGER, Role.OFFICER, Role.HASH_SHARING}) {
            out.add(new Caller(
                    role.key() + " token",
                    null,
                    app.app()
                            .module(AuthModule.class)
                            .tokens()
                            .issue("test", role, "owner-" + role.key(), "fuzz " + role.key())
                            .secret()));
        }
        out.add(new Caller("forged token", null, "ful_forged"));
        return out;
    }

    /** Malformed bodies, and the operation's own schema with every field hostile. */
    static List<String> bodies(JsonNode openApi, String method, String template) {
        List<String> out = new ArrayList<>(List.of("{", "[]", "null"));
        JsonNode schema = openApi.at("/paths/" + template.replace("~", "~0").replace("/", "~1") + "/"
                + method.toLowerCase() + "/requestBody/content/application~1json/schema");
        if (!schema.isMissingNode()) {
            for (int v = 0; v < 4; v++) {
                out.add(JSON.write(hostile(openApi, schema, v, 0)));
            }
        } else {
            out.add("{\"id\":\"\\u0000\",\"kind\":-1}");
            out.add("kind=-1&name=%00&threshold=-99999999999999999999&until=%2B999999999-12-31");
        }
        return out;
    }

    static Object hostile(JsonNode doc, JsonNode schema, int variant, int depth) {
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asText().substring("#/components/schemas/".length());
            return depth > 4 ? Map.of() : hostile(doc, doc.at("/components/schemas/" + name), variant, depth + 1);
        }
        String type = schema.path("type").asText("object");
        if (schema.has("enum")) {
            return variant % 2 == 0 ? "-1" : "\u0000";
        }
        return switch (type) {
            case "string" -> STRINGS.get((variant * 3 + depth) % STRINGS.size());
            case "integer" -> variant % 2 == 0 ? -1 : Long.MAX_VALUE;
            case "number" -> variant % 2 == 0 ? -1e308 : 1e308;
            case "boolean" -> variant % 2 == 0;
            case "array" -> depth > 4 ? List.of() : List.of(hostile(doc, schema.path("items"), variant, depth + 1));
            default -> {
                Map<String, Object> object = new LinkedHashMap<>();
                schema.path("properties")
                        .fields()
                        .forEachRemaining(f -> object.put(f.getKey(), hostile(doc, f.getValue(), variant, depth + 1)));
                yield object;
            }
        };
    }
}
