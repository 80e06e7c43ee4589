package org.fulcrum.server.lawful.request;

import java.util.List;
import java.util.Optional;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException.InvalidInput;

/** Checks shared by the parts of a {@link Submission}: absent values, trimmed bounded text, category names. */
final class Parts {
    private Parts() {}

    static <T> Optional<T> opt(Optional<T> o) {
        return o == null ? Optional.empty() : o;
    }

    static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : List.copyOf(l);
    }

    static Optional<String> text(String field, Optional<String> value, int max) {
        Optional<String> v = opt(value).map(String::strip).filter(s -> !s.isEmpty());
        v.ifPresent(s -> Check.text(field, s, max));
        return v;
    }

    static void text(String field, String value, int max) {
        Check.text(field, value, max);
        if (value.isBlank()) {
            throw new InvalidInput(field, "must not be blank");
        }
    }

    static Optional<String> token(String field, Optional<String> value) {
        Optional<String> v = opt(value);
        v.ifPresent(c -> {
            if (!c.matches("[a-z][a-z0-9_]{0,63}")) {
                throw new InvalidInput(field, "must be a category name of a-z 0-9 _ (like terrorism)");
            }
        });
        return v;
    }
}
