package org.fulcrum.tlog.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * The recursive definitions of RFC 9162 §2.1.1, §2.1.3.1 and §2.1.4.1, written as literally as
 * possible over a list of leaf hashes: the oracle the stored-hash implementation is checked
 * against. Also reports the "shape" of a proof (which proof hashes go on which side), which
 * decides whether a proof made for one size is also accepted for another.
 */
final class NaiveMerkle {

    private final List<byte[]> leaves;

    NaiveMerkle(List<byte[]> leafHashes) {
        this.leaves = leafHashes;
    }

    /** MTH(D[lo:hi]). */
    byte[] mth(int lo, int hi) {
        if (hi == lo) {
            return Rfc6962.emptyRoot();
        }
        if (hi - lo == 1) {
            return leaves.get(lo);
        }
        int k = largestPowerOfTwoBelow(hi - lo);
        return Rfc6962.nodeHash(mth(lo, lo + k), mth(lo + k, hi));
    }

    /** PATH(m, D[lo:hi]). */
    List<byte[]> path(int m, int lo, int hi) {
        List<byte[]> out = new ArrayList<>();
        if (hi - lo <= 1) {
            return out;
        }
        int k = largestPowerOfTwoBelow(hi - lo);
        if (m < k) {
            out.addAll(path(m, lo, lo + k));
            out.add(mth(lo + k, hi));
        } else {
            out.addAll(path(m - k, lo + k, hi));
            out.add(mth(lo, lo + k));
        }
        return out;
    }

    /** PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true). */
    List<byte[]> proof(int m, int n) {
        return subproof(m, 0, n, true);
    }

    private List<byte[]> subproof(int m, int lo, int hi, boolean b) {
        List<byte[]> out = new ArrayList<>();
        if (m == hi - lo) {
            if (!b) {
                out.add(mth(lo, hi));
            }
            return out;
        }
        int k = largestPowerOfTwoBelow(hi - lo);
        if (m <= k) {
            out.addAll(subproof(m, lo, lo + k, b));
            out.add(mth(lo + k, hi));
        } else {
            out.addAll(subproof(m - k, lo + k, hi, false));
            out.add(mth(lo, lo + k));
        }
        return out;
    }

    /**
     * Sides of the hashes of PATH(m, D[0:n]), leaf first: true where the proof hash is the left
     * child. Null when m is not a leaf of the tree.
     */
    static List<Boolean> inclusionShape(long m, long n) {
        return m < 0 || m >= n ? null : pathShape(m, n);
    }

    private static List<Boolean> pathShape(long m, long size) {
        List<Boolean> out = new ArrayList<>();
        if (size <= 1) {
            return out;
        }
        long k = Long.highestOneBit(size - 1);
        if (m < k) {
            out.addAll(pathShape(m, k));
            out.add(false);
        } else {
            out.addAll(pathShape(m - k, size - k));
            out.add(true);
        }
        return out;
    }

    /**
     * Roles of the hashes of PROOF(m, D[0:n]), deepest first: "old" for a subtree inside the old
     * tree (a left sibling), "new" for one beyond it (a right sibling); the chain starts with
     * "seed" when the old root itself, omitted from the proof, starts it. Null when the pair admits
     * no non-trivial proof.
     */
    static List<String> consistencyShape(long m, long n) {
        return m <= 0 || m >= n ? null : subproofShape(m, n, true);
    }

    private static List<String> subproofShape(long m, long size, boolean b) {
        List<String> out = new ArrayList<>();
        if (m == size) {
            out.add(b ? "seed" : "old");
            return out;
        }
        long k = Long.highestOneBit(size - 1);
        if (m <= k) {
            out.addAll(subproofShape(m, k, b));
            out.add("new");
        } else {
            out.addAll(subproofShape(m - k, size - k, false));
            out.add("old");
        }
        return out;
    }

    private static int largestPowerOfTwoBelow(int n) {
        return Integer.highestOneBit(n - 1);
    }
}
