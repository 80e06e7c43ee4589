package org.fulcrum.pdq;

import java.util.ArrayList;
import java.util.List;

/**
 * A set of (id, hash) entries searchable by Hamming distance. A query returns every stored entry
 * within the threshold (distance {@code <=} threshold) and nothing else, nearest first.
 *
 * <p>Implementations are safe for any number of concurrent readers alongside writers; writes are
 * serialised, and an entry is matchable as soon as {@link #add} returns.
 */
public interface HashIndex {
    /** The usual PDQ match threshold: 31 differing bits of 256. */
    int DEFAULT_THRESHOLD = 31;

    /** Adds an entry. The same id may be added with several hashes, and the same hash under several ids. */
    void add(long id, PdqHash hash);

    /** Removes one entry with this id and hash; returns false if there was none. */
    boolean remove(long id, PdqHash hash);

    /** Every entry within {@code threshold} (0..256) of {@code needle}, nearest first, then by id. */
    List<Match> query(PdqHash needle, int threshold);

    /** Number of entries. */
    int size();

    /** {@link #query} at {@link #DEFAULT_THRESHOLD}. */
    default List<Match> query(PdqHash needle) {
        return query(needle, DEFAULT_THRESHOLD);
    }

    /** One result list per needle, in needle order. Implementations may share work across needles. */
    default List<List<Match>> queryAll(List<PdqHash> needles, int threshold) {
        List<List<Match>> out = new ArrayList<>(needles.size());
        for (PdqHash needle : needles) {
            out.add(query(needle, threshold));
        }
        return out;
    }

    static void checkThreshold(int threshold) {
        if (threshold < 0 || threshold > PdqHash.BITS) {
            throw new IllegalArgumentException("threshold must be 0..256, got " + threshold);
        }
    }
}
