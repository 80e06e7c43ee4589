package org.fulcrum.tlog;

/** Log entries that, hashed into a Merkle tree, do not give the size or root a tree head states. */
public final class RootMismatch extends TlogException {

    private static final long serialVersionUID = 1L;

    public RootMismatch(String message) {
        super(message);
    }
}
