package org.fulcrum.tlog;

/** Input that does not follow the format it claims: a note, key, checkpoint, tile path or bundle. */
public final class MalformedInput extends TlogException {

    private static final long serialVersionUID = 1L;

    public MalformedInput(String message) {
        super(message);
    }

    public MalformedInput(String message, Throwable cause) {
        super(message, cause);
    }
}
