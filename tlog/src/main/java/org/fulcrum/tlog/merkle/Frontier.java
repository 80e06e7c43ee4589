package org.fulcrum.tlog.merkle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The right edge of a log: the hashes of the complete subtrees that make up a tree of a given size
 * (one per set bit of the size). Immutable.
 *
 * <p>It is all an appender needs in memory: appending a leaf combines it with the frontier and
 * yields exactly the hashes to store, without reading storage. A writer loads the frontier once
 * ({@link #load}), then for each batch calls {@link #append}, stores {@link Appended#hashes()} from
 * {@link Appended#firstIndex()} on, and keeps {@link Appended#frontier()} only once the store has
 * committed; on failure it simply keeps the old frontier.
 */
public final class Frontier {

    private static final Frontier EMPTY = new Frontier(0, new byte[0][]);

    private final long size;
    // hashes[level] is the complete subtree at that level when bit `level` of size is set, else null.
    private final byte[][] hashes;

    private Frontier(long size, byte[][] hashes) {
        this.size = size;
        this.hashes = hashes;
    }

    /** The frontier of the empty tree. */
    public static Frontier empty() {
        return EMPTY;
    }

    /** Loads the frontier of a stored tree of {@code size} leaves, reading bitCount(size) hashes. */
    public static Frontier load(long size, HashReader reader) {
        if (size < 0) {
            throw new IllegalArgumentException("negative tree size " + size);
        }
        int levels = 64 - Long.numberOfLeadingZeros(size);
        long[] indexes = new long[Long.bitCount(size)];
        int[] levelOf = new int[indexes.length];
        int i = 0;
        for (int level = levels - 1; level >= 0; level--) {
            if ((size >>> level & 1) != 0) {
                levelOf[i] = level;
                indexes[i++] = StoredHashIndex.of(level, (size >>> level) - 1);
            }
        }
        List<byte[]> read = HashReader.readChecked(reader, indexes);
        byte[][] hashes = new byte[levels][];
        for (int j = 0; j < indexes.length; j++) {
            hashes[levelOf[j]] = read.get(j).clone();
        }
        return new Frontier(size, hashes);
    }

    /** Number of leaves in the tree. */
    public long size() {
        return size;
    }

    /** Root hash of the tree ({@link Rfc6962#emptyRoot()} when empty). */
    public byte[] root() {
        byte[] root = null;
        for (byte[] subtree : hashes) {
            if (subtree != null) {
                root = root == null ? subtree : Rfc6962.nodeHash(subtree, root);
            }
        }
        return root == null ? Rfc6962.emptyRoot() : root.clone();
    }

    /** Appends one leaf hash; see {@link #append(List)}. */
    public Appended append(byte[] leafHash) {
        return append(List.of(leafHash));
    }

    /**
     * Appends leaf hashes in order and returns the new frontier with the hashes to store, which
     * occupy consecutive stored indexes starting at {@code StoredHashIndex.count(size())}.
     */
    public Appended append(List<byte[]> leafHashes) {
        long n = size;
        byte[][] edge =
                Arrays.copyOf(hashes, Math.max(hashes.length, 64 - Long.numberOfLeadingZeros(n + leafHashes.size())));
        List<byte[]> out = new ArrayList<>(leafHashes.size() * 2 + 64);
        for (byte[] leafHash : leafHashes) {
            if (leafHash.length != Rfc6962.HASH_SIZE) {
                throw new IllegalArgumentException("leaf hash must be 32 bytes, got " + leafHash.length);
            }
            byte[] carry = leafHash.clone();
            out.add(carry);
            int level = 0;
            while ((n >>> level & 1) != 0) {
                carry = Rfc6962.nodeHash(edge[level], carry);
                edge[level] = null;
                out.add(carry);
                level++;
            }
            edge[level] = carry;
            n++;
        }
        return new Appended(new Frontier(n, edge), StoredHashIndex.count(size), List.copyOf(out));
    }

    /**
     * Result of {@link Frontier#append}: the frontier after the append, and the new hashes to store
     * at consecutive stored indexes from {@code firstIndex}. The hash arrays are shared with the new
     * frontier: store them, do not modify them.
     */
    public record Appended(Frontier frontier, long firstIndex, List<byte[]> hashes) {}
}
