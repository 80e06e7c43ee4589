package org.fulcrum.server.detect;

import java.util.List;
import java.util.Optional;
import org.fulcrum.server.core.FulcrumException.InvalidInput;

/** Validation shared by the inputs of banks and rules; every failure names its field. */
final class Fields {
    private Fields() {}

    /** A bank or rule name: 1-100 characters, letters, digits, space and {@code _ . : -}. */
    static String name(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInput(field, "is required");
        }
        String v = value.strip();
        if (v.length() > 100
                || !v.codePoints()
                        .allMatch(cp -> Character.isLetterOrDigit(cp)
                                || cp == ' '
                                || cp == '_'
                                || cp == '.'
                                || cp == ':'
                                || cp == '-')) {
            throw new InvalidInput(field, "must be 1-100 letters, digits, spaces or _ . : -");
        }
        return v;
    }

    /** Optional free text: stripped, empty means absent, at most {@code max} characters, no control characters. */
    static Optional<String> text(String field, Optional<String> value, int max) {
        Optional<String> v = opt(value).map(String::strip).filter(s -> !s.isEmpty());
        v.ifPresent(s -> {
            if (s.length() > max) {
                throw new InvalidInput(field, "must have at most " + max + " characters");
            }
            if (s.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t')) {
                throw new InvalidInput(field, "must not contain control characters");
            }
        });
        return v;
    }

    static <T> Optional<T> opt(Optional<T> o) {
        return o == null ? Optional.empty() : o;
    }

    static <T> T required(String field, T value) {
        if (value == null) {
            throw new InvalidInput(field, "is required");
        }
        return value;
    }

    /** A copy of {@code list} with at most {@code max} non-null items. */
    static <T> List<T> list(String field, List<T> list, int max) {
        if (list == null) {
            return List.of();
        }
        if (list.size() > max) {
            throw new InvalidInput(field, "must have at most " + max + " items");
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null) {
                throw new InvalidInput(field + "[" + i + "]", "must not be null");
            }
        }
        return List.copyOf(list);
    }
}
