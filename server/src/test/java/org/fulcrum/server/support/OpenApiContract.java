package org.fulcrum.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.fulcrum.server.core.Json;

/**
 * The published OpenAPI document as a contract for real traffic: each exchange must hit a documented
 * operation, its request body must match the request schema, and its status, content type and body
 * must be among the documented responses. Schemas are checked by networknt's JSON Schema 2020-12
 * validator (the dialect of OpenAPI 3.1), with the document's components in scope for {@code $ref}s.
 */
public final class OpenApiContract {
    private static final Json JSON = Json.strict();

    private static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";

    private final JsonNode document;
    private final List<Route> routes = new ArrayList<>();
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();
    private final List<String> mismatches = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<String> checked = java.util.Collections.synchronizedList(new ArrayList<>());

    /** One documented path, as a pattern that matches concrete request paths. */
    private record Route(String template, Pattern pattern, int literalSegments) {}

    /** One contract per distinct document (apps of one build publish the same one, but for their servers). */
    private static final Map<String, OpenApiContract> SHARED = new ConcurrentHashMap<>();

    /**
     * The contract of the app at {@code base}: its {@code /openapi.json}, read once per distinct
     * document. Exchanges on paths the document does not list are pages, not API, and pass, except
     * under {@code /v1/} where only a 404 or 405 may answer an undocumented path.
     */
    static OpenApiContract of(String base, java.net.http.HttpClient client) {
        String text;
        try {
            java.net.http.HttpResponse<String> r = client.send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/openapi.json"))
                            .timeout(java.time.Duration.ofSeconds(30))
                            .build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("no API document at " + base + ": " + r.statusCode());
            }
            text = r.body();
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot read the API document at " + base + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        ObjectNode document;
        try {
            document = (ObjectNode) JSON.mapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError("the API document is not JSON", e);
        }
        document.remove("servers");
        return SHARED.computeIfAbsent(document.toString(), key -> new OpenApiContract(document, true));
    }

    private final boolean pagesPass;

    public OpenApiContract(JsonNode document) {
        this(document, false);
    }

    private OpenApiContract(JsonNode document, boolean pagesPass) {
        this.pagesPass = pagesPass;
        this.document = document;
        document.get("paths").fieldNames().forEachRemaining(template -> {
            List<String> parts = new ArrayList<>();
            int literals = 0;
            for (String segment : template.split("/", -1)) {
                if (segment.startsWith("{") && segment.endsWith("}")) {
                    // {path} of the tile route may hold slashes; every other parameter is one segment
                    parts.add(segment.equals("{path}") ? ".+" : "[^/]+");
                } else {
                    parts.add(Pattern.quote(segment));
                    literals += segment.isEmpty() ? 0 : 1;
                }
            }
            String regex = String.join("/", parts);
            routes.add(new Route(template, Pattern.compile(regex), literals));
        });
        routes.sort(Comparator.comparingInt(Route::literalSegments).reversed());
    }

    /**
     * Checks one exchange; returns what does not match (also kept for {@link #mismatches()}).
     *
     * @param path the request path without query
     * @param requestBody the JSON request body, or null
     */
    public List<String> check(
            String method, String path, String requestBody, int status, String contentType, String responseBody) {
        String exchange = method + " " + path + " -> " + status;
        List<String> found = new ArrayList<>();
        Optional<Route> route = routes.stream()
                .filter(r -> r.pattern().matcher(path).matches())
                .filter(r -> document.get("paths").get(r.template()).has(method.toLowerCase(Locale.ROOT)))
                .findFirst();
        if (route.isEmpty()) {
            boolean api = path.startsWith("/v1/");
            if (pagesPass && (!api || status == 404 || status == 405)) {
                return found;
            }
            found.add(exchange + ": no documented operation");
            mismatches.addAll(found);
            return found;
        }
        String pointer = "/paths/" + escape(route.get().template()) + "/" + method.toLowerCase(Locale.ROOT);
        JsonNode op = document.at(pointer);
        if (!pagesPass) {
            checked.add(op.get("operationId").asText() + " " + status);
        }
        if (requestBody != null && !requestBody.isEmpty()) {
            JsonNode schema = op.at("/requestBody/content/application~1json/schema");
            if (schema.isMissingNode()) {
                found.add(exchange + ": the request has a body the operation does not document");
            } else if (status < 400) {
                // A refused request may be refused for its body; an accepted one must have matched.
                validate(exchange + " request", schema, requestBody, found);
            }
        }
        JsonNode responses = op.get("responses");
        JsonNode response = responses.has(String.valueOf(status))
                ? responses.get(String.valueOf(status))
                : responses.get(status / 100 + "XX");
        if (response == null) {
            response = responses.get("default");
        }
        if (response == null) {
            found.add(exchange + ": status not documented (documented: " + names(responses) + ")");
        } else {
            JsonNode content = response.get("content");
            String media =
                    contentType == null ? "" : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
            boolean hasBody = responseBody != null && !responseBody.isEmpty();
            if (content == null || content.isEmpty()) {
                if (hasBody) {
                    found.add(exchange + ": a " + media + " body where the document says there is none");
                }
            } else if (!content.has(media)) {
                found.add(
                        exchange + ": content type " + media + " not documented (documented: " + names(content) + ")");
            } else if (media.equals("application/json") || media.endsWith("+json")) {
                validate(exchange + " response", content.get(media).get("schema"), responseBody, found);
            }
        }
        if (!pagesPass) {
            mismatches.addAll(found);
        }
        return found;
    }

    private void validate(String what, JsonNode schema, String body, List<String> found) {
        List<Error> errors;
        try {
            errors = schemaFor(schema).validate(body, InputFormat.JSON);
        } catch (RuntimeException e) {
            found.add(what + ": body is not JSON or cannot be checked: " + e.getMessage());
            return;
        }
        for (Error e : errors) {
            found.add(what + ": " + e.getInstanceLocation() + " " + e.getMessage() + " (schema " + e.getEvaluationPath()
                    + ")");
        }
    }

    private Schema schemaFor(JsonNode schema) {
        return compiled.computeIfAbsent(schema.toString(), key -> {
            // The operation's schema, with the document's components beside it so its $refs resolve.
            ObjectNode root = JSON.mapper().createObjectNode();
            root.put("$schema", DIALECT);
            root.set("components", document.get("components"));
            root.putArray("allOf").add(schema);
            return registry.getSchema(root.toString(), InputFormat.JSON);
        });
    }

    private static String escape(String template) {
        return template.replace("~", "~0").replace("/", "~1");
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Every mismatch found so far. */
    public synchronized List<String> mismatches() {
        return List.copyOf(mismatches);
    }

    /** Every operation and status checked so far, as {@code operationId status}. */
    public synchronized List<String> checked() {
        return List.copyOf(checked);
    }
}
