package org.fulcrum.server.transparency;

import org.fulcrum.server.store.Tx;

/**
 * The one append path of the transparency log. Every capability calls it inside its own write
 * transaction, so the log and the state never disagree: if the transaction rolls back, the entry
 * was never appended.
 */
public interface TransparencyLog {
    /** Appends {@code entry} in {@code tx}; returns its index in the log. */
    long append(Tx tx, LogEntry entry);
}
