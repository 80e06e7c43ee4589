package org.fulcrum.pdq;

/** An input file could not be read (missing, not a regular file, I/O error). */
public final class UnreadableInput extends PdqException {
    public UnreadableInput(String message, Throwable cause) {
        super(message, cause);
    }
}
