package org.fulcrum.franking;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The one rule for identifiers that are signed and committed to: 1 to n visible ASCII characters.
 * Visible ASCII keeps their byte encoding unique (no normalisation or lone-surrogate ambiguity) and
 * their JSON plain.
 */
final class Ids {

    private Ids() {}

    /** Returns {@code value} if it is valid, else throws naming {@code field}. */
    static String check(String field, String value, int maxLength) {
        Optional<String> problem = problem(value, maxLength);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(field + " " + problem.get());
        }
        return value;
    }

    /** What is wrong with {@code value} as an id, if anything. */
    static Optional<String> problem(String value, int maxLength) {
        if (value == null) {
            return Optional.of("is missing");
        }
        if (value.isEmpty() || value.length() > maxLength) {
            return Optional.of("must be 1 to " + maxLength + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return Optional.of("must be visible ASCII (0x21 to 0x7e)");
            }
        }
        return Optional.empty();
    }

    static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.US_ASCII);
    }
}
