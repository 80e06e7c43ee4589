package org.fulcrum.pdq;

/**
 * Root of the failures this module reports: bad image input, images or inputs over a limit,
 * malformed hash text. Unchecked, so callers map it once at their edge (HTTP problem, CLI exit code).
 */
public class PdqException extends RuntimeException {
    public PdqException(String message) {
        super(message);
    }

    public PdqException(String message, Throwable cause) {
        super(message, cause);
    }
}
