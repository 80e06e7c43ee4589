package org.fulcrum.server.keys;

/**
 * A node cannot start safely with the keys it has; the message says which key and what to do, in
 * one line, for the operator.
 */
public final class StartRefused extends RuntimeException {
    public StartRefused(String message) {
        super(message);
    }
}
