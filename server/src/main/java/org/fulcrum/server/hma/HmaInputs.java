package org.fulcrum.server.hma;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.Set;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.FulcrumException.InvalidInput;

/**
 * HMA's loosely typed inputs (query parameters, JSON bodies, path ids) read strictly: a value of the
 * wrong type is a 400 naming the field.
 */
final class HmaInputs {
    private HmaInputs() {}

    static long contentId(Context ctx) {
        String raw = ctx.pathParam("id");
        if (!raw.matches("[0-9]{1,18}")) {
            throw new FulcrumException.NotFound("content '" + clip(raw) + "'");
        }
        return Long.parseLong(raw);
    }

    static JsonNode object(JsonNode body) {
        if (!body.isObject()) {
            throw new InvalidInput("body", "this endpoint expects a JSON object");
        }
        return body;
    }

    static Optional<String> text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw new InvalidInput(field, "must be a string");
        }
        return Optional.of(v.asText());
    }

    static Optional<Double> number(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isNumber()) {
            throw new InvalidInput(field, "must be a number between 0 and 1");
        }
        return Optional.of(v.asDouble());
    }

    static Optional<Boolean> bool(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isBoolean()) {
            throw new InvalidInput(field, "must be true or false");
        }
        return Optional.of(v.asBoolean());
    }

    static Optional<String> note(JsonNode body) {
        Optional<String> note = text(body, "note");
        if (note.isPresent() && note.get().length() > 255) {
            throw new InvalidInput("note", "note must be at most 255 characters");
        }
        return note.filter(n -> !n.isBlank());
    }

    static Optional<Set<String>> bankFilter(String banks) {
        if (banks == null || banks.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(Set.of(java.util.Arrays.stream(banks.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .distinct()
                .toArray(String[]::new)));
    }

    static String required(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            throw new InvalidInput(name, "is required");
        }
        return v;
    }

    static boolean truthy(String v) {
        return v != null && (v.equalsIgnoreCase("true") || v.equals("1"));
    }

    static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
