package org.fulcrum.server.core;

/**
 * The one unchecked root of Fulcrum's failures. Expected outcomes are values; this family is for
 * failures, and {@code web.ProblemMapper} turns each subclass into an RFC 9457 answer in one place.
 */
public class FulcrumException extends RuntimeException {
    public FulcrumException(String message) {
        super(message);
    }

    public FulcrumException(String message, Throwable cause) {
        super(message, cause);
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
    }

    /** The thing named does not exist (or the caller may not know that it does). Answered with 404. */
    public static final class NotFound extends FulcrumException {
        public NotFound(String what) {
            super(what + " not found");
        }
    }

    /** The request conflicts with the current state (a case already assigned, a role already held). 409. */
    public static final class Conflict extends FulcrumException {
        public Conflict(String message) {
            super(message);
        }
    }

    /** The caller is not authenticated. 401. */
    public static final class Unauthenticated extends FulcrumException {
        public Unauthenticated(String message) {
            super(message);
        }
    }

    /** The caller is authenticated but may not do this. 403. */
    public static final class Forbidden extends FulcrumException {
        public Forbidden(String message) {
            super(message);
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
    }

    /** The server cannot take the work now (queue full, shutting down). 503. */
    public static final class Unavailable extends FulcrumException {
        public Unavailable(String message) {
            super(message);
        }
    }
}
