package org.fulcrum.tlog;

/** A note signature whose key name and key ID match a known key but which does not verify. */
public final class InvalidSignature extends TlogException {

    private static final long serialVersionUID = 1L;

    public InvalidSignature(String message) {
        super(message);
    }
}
