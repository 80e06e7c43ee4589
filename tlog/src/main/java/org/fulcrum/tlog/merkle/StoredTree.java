package org.fulcrum.tlog.merkle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Tree heads and proofs computed from stored hashes, each reading O(log n) hashes in one call to
 * the {@link HashReader}.
 *
 * <p>A proof is a list of subtree hashes (RFC 9162 §2.1.3.1 and §2.1.4.1). Each is either a
 * complete subtree, stored as one hash, or the one incomplete subtree on the right edge of the
 * tree, rebuilt from the complete subtrees it is made of. The methods first plan every stored
 * index they need, read them at once, then fold.
 */
public final class StoredTree {

    private StoredTree() {}

    /**
     * Hashes to store when appending leaf {@code n} (0-based) with {@code leafHash} to a tree of
     * {@code n} leaves: the leaf hash, then the hashes of the subtrees it completes. They belong at
     * consecutive stored indexes from {@code StoredHashIndex.count(n)}. For appending many leaves,
     * use {@link Frontier}, which reads nothing per leaf.
     */
    public static List<byte[]> storedHashes(long n, byte[] leafHash, HashReader reader) {
        if (n < 0) {
            throw new IllegalArgumentException("negative leaf index " + n);
        }
        if (leafHash.length != Rfc6962.HASH_SIZE) {
            throw new IllegalArgumentException("leaf hash must be 32 bytes, got " + leafHash.length);
        }
        int completed = Long.numberOfTrailingZeros(~n);
        long[] siblings = new long[completed];
        for (int level = 0; level < completed; level++) {
            siblings[level] = StoredHashIndex.of(level, (n >>> level) - 1);
        }
        List<byte[]> left = HashReader.readChecked(reader, siblings);
        List<byte[]> out = new ArrayList<>(completed + 1);
        byte[] carry = leafHash.clone();
        out.add(carry);
        for (int level = 0; level < completed; level++) {
            carry = Rfc6962.nodeHash(left.get(level), carry);
            out.add(carry);
        }
        return List.copyOf(out);
    }

    /** Root hash of the tree of {@code size} leaves. */
    public static byte[] treeHash(long size, HashReader reader) {
        if (size < 0) {
            throw new IllegalArgumentException("negative tree size " + size);
        }
        if (size == 0) {
            return Rfc6962.emptyRoot();
        }
        Plan plan = new Plan();
        plan.subtree(0, size);
        return plan.read(reader).getFirst();
    }

    /**
     * Inclusion proof of leaf {@code index} in the tree of {@code size} leaves (RFC 9162 §2.1.3.1),
     * ordered from the leaf's sibling up to the root's child.
     */
    public static List<byte[]> inclusionProof(long index, long size, HashReader reader) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of size " + size);
        }
        Plan plan = new Plan();
        long lo = 0;
        long hi = size;
        while (hi - lo > 1) {
            long k = Long.highestOneBit(hi - lo - 1);
            if (index < lo + k) {
                plan.subtree(lo + k, hi);
                hi = lo + k;
            } else {
                plan.subtree(lo, lo + k);
                lo += k;
            }
        }
        return plan.readReversed(reader);
    }

    /**
     * Consistency proof from the tree of {@code n} leaves to the tree of {@code m} leaves (RFC 9162
     * §2.1.4.1). Empty when {@code n == m} or {@code n == 0}; see {@link Proofs#verifyConsistency}.
     */
    public static List<byte[]> consistencyProof(long n, long m, HashReader reader) {
        if (n < 0 || n > m) {
            throw new IllegalArgumentException("no consistency proof from size " + n + " to " + m);
        }
        if (n == 0 || n == m) {
            return List.of();
        }
        Plan plan = new Plan();
        long lo = 0;
        long hi = m;
        boolean startsAtOldRoot = true;
        while (n != hi) {
            long k = Long.highestOneBit(hi - lo - 1);
            if (n <= lo + k) {
                plan.subtree(lo + k, hi);
                hi = lo + k;
            } else {
                plan.subtree(lo, lo + k);
                lo += k;
                startsAtOldRoot = false;
            }
        }
        // The old tree is itself a subtree of the new one only when the walk never went right; then
        // the verifier already knows its hash and the proof omits it.
        if (!startsAtOldRoot) {
            plan.subtree(lo, hi);
        }
        return plan.readReversed(reader);
    }

    /** Stored indexes for a list of subtree hashes, each the fold of one or more stored hashes. */
    private static final class Plan {
        private final List<Long> indexes = new ArrayList<>();
        private final List<Integer> ends = new ArrayList<>();

        /** Adds MTH(D[lo:hi]); lo must be aligned to the largest power of two below hi - lo. */
        void subtree(long lo, long hi) {
            while (lo < hi) {
                int level = 63 - Long.numberOfLeadingZeros(hi - lo);
                if (lo != 0) {
                    level = Math.min(level, Long.numberOfTrailingZeros(lo));
                }
                indexes.add(StoredHashIndex.of(level, lo >>> level));
                lo += 1L << level;
            }
            ends.add(indexes.size());
        }

        List<byte[]> read(HashReader reader) {
            long[] flat = indexes.stream().mapToLong(Long::longValue).toArray();
            List<byte[]> stored = HashReader.readChecked(reader, flat);
            List<byte[]> hashes = new ArrayList<>(ends.size());
            int start = 0;
            for (int end : ends) {
                byte[] hash = stored.get(end - 1);
                for (int i = end - 2; i >= start; i--) {
                    hash = Rfc6962.nodeHash(stored.get(i), hash);
                }
                hashes.add(hash.clone());
                start = end;
            }
            return hashes;
        }

        List<byte[]> readReversed(HashReader reader) {
            List<byte[]> hashes = read(reader);
            Collections.reverse(hashes);
            return List.copyOf(hashes);
        }
    }
}
