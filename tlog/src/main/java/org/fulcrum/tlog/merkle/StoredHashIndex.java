package org.fulcrum.tlog.merkle;

/**
 * Where each complete subtree hash of the log is stored.
 *
 * <p>Appending leaf {@code m} stores its leaf hash followed by the hashes of every subtree that
 * leaf completes, lowest first. Before leaf {@code m} the log has stored {@code m + m/2 + m/4 +
 * ... = 2m - bitCount(m)} hashes, so the node at level {@code L} (level 0 holds leaves) with index
 * {@code n} in that level, completed by leaf {@code m = (n + 1) * 2^L - 1}, sits at {@code 2m -
 * bitCount(m) + L}. Storage is append-only: a hash's position never changes as the log grows.
 */
public final class StoredHashIndex {

    /** Deepest level a 63-bit leaf count can reach. */
    public static final int MAX_LEVEL = 62;

    private StoredHashIndex() {}

    /** Stored position of the hash of node {@code n} at {@code level}. */
    public static long of(int level, long n) {
        if (level < 0 || level > MAX_LEVEL || n < 0 || n > (Long.MAX_VALUE >> (level + 2))) {
            throw new IllegalArgumentException("no stored hash at level " + level + " index " + n);
        }
        long lastLeaf = ((n + 1) << level) - 1;
        return hashesBefore(lastLeaf) + level;
    }

    /** Number of hashes stored for a tree of {@code treeSize} leaves. */
    public static long count(long treeSize) {
        if (treeSize < 0 || treeSize > (Long.MAX_VALUE >> 2)) {
            throw new IllegalArgumentException("tree size out of range: " + treeSize);
        }
        return hashesBefore(treeSize);
    }

    /** The level of the node whose hash is stored at {@code index}. */
    public static int level(long index) {
        long leaf = leafOf(index);
        return (int) (index - hashesBefore(leaf));
    }

    /** The index within its level of the node whose hash is stored at {@code index}. */
    public static long indexInLevel(long index) {
        long leaf = leafOf(index);
        int level = (int) (index - hashesBefore(leaf));
        return ((leaf + 1) >> level) - 1;
    }

    /** Leaf whose append wrote the hash at {@code index}. */
    private static long leafOf(long index) {
        if (index < 0 || index > (Long.MAX_VALUE >> 1)) {
            throw new IllegalArgumentException("stored hash index out of range: " + index);
        }
        // hashesBefore grows strictly and lies in [2m - 63, 2m], so the largest m with
        // hashesBefore(m) <= index is at most index / 2 + 32: walk down from there.
        long m = index / 2 + 32;
        while (hashesBefore(m) > index) {
            m--;
        }
        return m;
    }

    private static long hashesBefore(long leaf) {
        return 2 * leaf - Long.bitCount(leaf);
    }
}
