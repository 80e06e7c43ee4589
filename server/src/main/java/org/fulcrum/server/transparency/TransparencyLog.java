package org.fulcrum.server.transparency;

import java.util.Map;
import org.fulcrum.server.store.Tx;

/**
 * The one append path of the transparency log. Every capability calls it inside its own write
 * transaction, so the log and the state never disagree: if the transaction rolls back, the entry
 * was never appended.
 */
public interface TransparencyLog {
    /** Appends {@code entry} in {@code tx}; returns its index in the log. */
    long append(Tx tx, LogEntry entry);

    /**
     * Appends {@code entry} in {@code tx} with the commitment to its details made beforehand, outside
     * the write unit; returns its index in the log.
     *
     * @throws IllegalArgumentException if {@code commitment} is to other details than the entry's
     */
    long append(Tx tx, LogEntry entry, Commitment commitment);

    /**
     * Appends the entry drafted as {@code draft} before the write unit, with {@code values} for its
     * open public fields, in {@code tx}; returns its index in the log.
     */
    long append(Tx tx, EntryDraft draft, Map<String, ?> values);
}
