package org.fulcrum.tlog;

/**
 * A well-formed signed note that carries no verified signature from the keys the caller requires
 * (for a checkpoint: the log's key). Its text must not be trusted.
 */
public final class UnverifiedNote extends TlogException {

    private static final long serialVersionUID = 1L;

    public UnverifiedNote(String message) {
        super(message);
    }
}
