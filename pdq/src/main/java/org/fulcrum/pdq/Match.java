package org.fulcrum.pdq;

/** A stored hash found within the query threshold: its id, the hash itself, and its distance from the needle. */
public record Match(long id, PdqHash hash, int distance) implements Comparable<Match> {
    /** Nearest first, then by id: the order every {@link HashIndex} returns. */
    @Override
    public int compareTo(Match o) {
        int c = Integer.compare(distance, o.distance);
        return c != 0 ? c : Long.compare(id, o.id);
    }
}
