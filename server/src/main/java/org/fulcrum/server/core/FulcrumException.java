package org.fulcrum.server.core;

import java.util.List;
import java.util.Map;

/**
 * The one unchecked root of Fulcrum's failures. Expected outcomes are values; this family is for
 * failures. Each failure names its own RFC 9457 problem (type, title, status, the fields at fault
 * and any header the answer needs), so {@code web.ProblemMapper} turns every one into an answer
 * knowing only this root. The root itself is an internal error: 500, its message kept out of the
 * answer.
 */
public class FulcrumException extends RuntimeException {
    public FulcrumException(String message) {
        super(message);
    }

    public FulcrumException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The HTTP status of the answer. */
    public int status() {
        return 500;
    }

    /** The problem type's slug: the answer's type is {@code https://fulcrum.dev/problems/<slug>}. */
    public String problemType() {
        return "internal";
    }

    /** A short summary of the kind of problem, the same for every instance. */
    public String title() {
        return "Internal error";
    }

    /** What went wrong in this instance, as the answer states it. */
    public String detail() {
        return getMessage();
    }

    /** The fields at fault, if any. */
    public List<FieldError> errors() {
        return List.of();
    }

    /** Headers the answer carries besides the problem ({@code Retry-After}, {@code Accept-Signature}). */
    public Map<String, String> headers() {
        return Map.of();
    }

    /** Input that breaks a rule of the API: the field and why. Answered with 400. */
    public static final class InvalidInput extends FulcrumException {
        private final String field;

        public InvalidInput(String field, String reason) {
            super(reason);
            this.field = field;
        }

        public String field() {
            return field;
        }

        @Override
        public int status() {
            return 400;
        }

        @Override
        public String problemType() {
            return "invalid-input";
        }

        @Override
        public String title() {
            return "Invalid input";
        }

        @Override
        public String detail() {
            return field + " " + getMessage();
        }

        @Override
        public List<FieldError> errors() {
            return List.of(new FieldError(field, getMessage()));
        }
    }

    /** The thing named does not exist (or the caller may not know that it does). Answered with 404. */
    public static final class NotFound extends FulcrumException {
        public NotFound(String what) {
            super(what + " not found");
        }

        @Override
        public int status() {
            return 404;
        }

        @Override
        public String problemType() {
            return "not-found";
        }

        @Override
        public String title() {
            return "Not found";
        }
    }

    /** The request conflicts with the current state (a case already assigned, a role already held). 409. */
    public static final class Conflict extends FulcrumException {
        public Conflict(String message) {
            super(message);
        }

        @Override
        public int status() {
            return 409;
        }

        @Override
        public String problemType() {
            return "conflict";
        }

        @Override
        public String title() {
            return "Conflict";
        }
    }

    /** The caller is not authenticated. 401. */
    public static final class Unauthenticated extends FulcrumException {
        public Unauthenticated(String message) {
            super(message);
        }

        @Override
        public int status() {
            return 401;
        }

        @Override
        public String problemType() {
            return "unauthenticated";
        }

        @Override
        public String title() {
            return "Authentication required";
        }
    }

    /** The caller is authenticated but may not do this. 403. */
    public static final class Forbidden extends FulcrumException {
        public Forbidden(String message) {
            super(message);
        }

        @Override
        public int status() {
            return 403;
        }

        @Override
        public String problemType() {
            return "forbidden";
        }

        @Override
        public String title() {
            return "Forbidden";
        }
    }

    /** Too many requests from one caller; carries the seconds after which to retry. 429. */
    public static final class RateLimited extends FulcrumException {
        private final long retryAfterSeconds;

        public RateLimited(long retryAfterSeconds) {
            super("rate limit exceeded; retry after " + retryAfterSeconds + " s");
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }

        @Override
        public int status() {
            return 429;
        }

        @Override
        public String problemType() {
            return "rate-limited";
        }

        @Override
        public String title() {
            return "Too many requests";
        }

        @Override
        public Map<String, String> headers() {
            return Map.of("Retry-After", String.valueOf(retryAfterSeconds));
        }
    }

    /** The server cannot take the work now (queue full, shutting down). 503. */
    public static final class Unavailable extends FulcrumException {
        public Unavailable(String message) {
            super(message);
        }

        @Override
        public int status() {
            return 503;
        }

        @Override
        public String problemType() {
            return "unavailable";
        }

        @Override
        public String title() {
            return "Service unavailable";
        }

        @Override
        public Map<String, String> headers() {
            return Map.of("Retry-After", "1");
        }
    }
}
