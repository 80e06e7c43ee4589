package org.fulcrum.server.transparency;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The byte form of log entries and commitments: JSON with object keys sorted, no insignificant
 * whitespace, UTF-8. Values are restricted to strings, integers, booleans, lists and maps, so the
 * same value has exactly one encoding and anyone can recompute a commitment.
 */
public final class CanonicalJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private CanonicalJson() {
    }

    public static byte[] bytes(Map<String, ?> value) {
        check(value, "");
        try {
            return MAPPER.writeValueAsString(new TreeMap<>(value)).getBytes(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot encode log entry", e);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> parse(byte[] data) {
        try {
            return MAPPER.readValue(data, TreeMap.class);
        } catch (Exception e) {
            throw new IllegalArgumentException("not a log entry: " + e.getMessage(), e);
        }
    }

    private static void check(Object value, String path) {
        switch (value) {
            case null -> throw new IllegalArgumentException("null at " + path);
            case String s -> { }
            case Boolean b -> { }
            case Integer i -> { }
            case Long l -> { }
            case Map<?, ?> m -> m.forEach((k, v) -> {
                if (!(k instanceof String)) {
                    throw new IllegalArgumentException("non-string key at " + path);
                }
                check(v, path + "." + k);
            });
            case List<?> l -> {
                for (int i = 0; i < l.size(); i++) {
                    check(l.get(i), path + "[" + i + "]");
                }
            }
            default -> throw new IllegalArgumentException(
                    "log entries hold strings, integers, booleans, lists and maps; " + path + " is a "
                            + value.getClass().getSimpleName());
        }
    }
}
