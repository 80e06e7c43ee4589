package org.fulcrum.server.transparency;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The byte form of log entries and commitments: the JSON Canonicalization Scheme (RFC 8785) for the
 * values entries hold — strings, integers, booleans, lists and maps with string keys — so the same
 * value has exactly one encoding and anyone can recompute a commitment with an RFC 8785 library.
 * Keys are sorted by UTF-16 code units, there is no insignificant whitespace, strings are UTF-8 with
 * only the quote, the backslash and control characters escaped (the short escapes for backspace,
 * tab, newline, form feed and carriage return, else a {@code u00xx} escape in lower-case hex), and
 * integers are written in decimal.
 *
 * <p>Two differences from RFC 8785, both refusals rather than other bytes: {@code null} and
 * fractional numbers are not accepted (an entry has no use for them, and a fraction's shortest
 * round-trip form is where implementations disagree most); integers are written exactly, which is
 * what RFC 8785 gives up to 2^53 (times in milliseconds, counts and indexes stay far below).
 * {@code CanonicalJsonTest} checks the RFC's own vectors.
 */
public final class CanonicalJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private CanonicalJson() {}

    public static byte[] bytes(Map<String, ?> value) {
        if (!valid(value)) {
            check(value, "");
        }
        StringBuilder out = new StringBuilder(256);
        write(out, value);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(StringBuilder out, Object value) {
        switch (value) {
            case String s -> string(out, s);
            case Map<?, ?> m -> {
                out.append('{');
                boolean first = true;
                // String's natural order compares UTF-16 code units, as RFC 8785 section 3.2.3 sorts
                Map<?, ?> sorted = m instanceof SortedMap<?, ?> s && s.comparator() == null ? m : new TreeMap<>(m);
                for (Map.Entry<?, ?> e : sorted.entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    string(out, (String) e.getKey());
                    out.append(':');
                    write(out, e.getValue());
                }
                out.append('}');
            }
            case List<?> l -> {
                out.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(out, l.get(i));
                }
                out.append(']');
            }
            default -> out.append(value);
        }
    }

    /** {@code s} as a canonical JSON string, quotes included. */
    static String quoted(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        string(out, s);
        return out.toString();
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static void string(StringBuilder out, String s) {
        out.append('"');
        int run = 0; // start of the characters not yet written that need no escape
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(s, run, i);
            run = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        out.append(s, run, s.length());
        out.append('"');
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> parse(byte[] data) {
        try {
            return MAPPER.readValue(data, TreeMap.class);
        } catch (Exception e) {
            throw new IllegalArgumentException("not a log entry: " + e.getMessage(), e);
        }
    }

    /** Whether {@code value} holds only what an entry may; {@link #check} then names the first offence. */
    private static boolean valid(Object value) {
        return switch (value) {
            case null -> false;
            case String s -> true;
            case Boolean b -> true;
            case Integer i -> true;
            case Long l -> true;
            case Map<?, ?> m -> {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!(e.getKey() instanceof String) || !valid(e.getValue())) {
                        yield false;
                    }
                }
                yield true;
            }
            case List<?> l -> {
                for (Object o : l) {
                    if (!valid(o)) {
                        yield false;
                    }
                }
                yield true;
            }
            default -> false;
        };
    }

    private static void check(Object value, String path) {
        switch (value) {
            case null -> throw new IllegalArgumentException("null at " + path);
            case String s -> {}
            case Boolean b -> {}
            case Integer i -> {}
            case Long l -> {}
            case Map<?, ?> m ->
                m.forEach((k, v) -> {
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
            default ->
                throw new IllegalArgumentException("log entries hold strings, integers, booleans, lists and maps; "
                        + path + " is a " + value.getClass().getSimpleName());
        }
    }
}
