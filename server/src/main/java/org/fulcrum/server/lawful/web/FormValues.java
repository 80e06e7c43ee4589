package org.fulcrum.server.lawful.web;

import java.util.List;
import java.util.Map;

/**
 * What a person typed into a request form, handed back to the form when it is refused so nothing
 * has to be typed again.
 */
public record FormValues(Map<String, List<String>> values) {
    public static final FormValues EMPTY = new FormValues(Map.of());

    public FormValues {
        values = values == null ? Map.of() : Map.copyOf(values);
    }

    /** The first value of {@code name}, or empty. */
    public String get(String name) {
        List<String> v = values.get(name);
        return v == null || v.isEmpty() ? "" : v.get(0);
    }

    /** Whether {@code name} was sent with {@code value} (a chosen option or a ticked box). */
    public boolean has(String name, String value) {
        List<String> v = values.get(name);
        return v != null && v.contains(value);
    }
}
