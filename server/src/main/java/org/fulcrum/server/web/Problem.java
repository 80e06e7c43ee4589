package org.fulcrum.server.web;

import java.util.List;
import org.fulcrum.server.core.FieldError;

/**
 * An RFC 9457 problem details answer. {@code errors} names each wrong field and why.
 *
 * @param type a URI naming the kind of problem
 * @param title a short summary of the kind
 * @param status the HTTP status
 * @param detail what went wrong in this instance
 * @param errors the fields at fault, if any
 */
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem("https://fulcrum.dev/problems/" + slug, title, status, detail, List.of());
    }

    /** The problem a failure names for itself. */
    public static Problem of(org.fulcrum.server.core.FulcrumException e) {
        return new Problem(
                "https://fulcrum.dev/problems/" + e.problemType(), e.title(), e.status(), e.detail(), e.errors());
    }

    public static Problem invalid(String detail, List<FieldError> errors) {
        return new Problem("https://fulcrum.dev/problems/invalid-input", "Invalid input", 400, detail, errors);
    }
}
