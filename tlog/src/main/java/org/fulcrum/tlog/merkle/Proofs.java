package org.fulcrum.tlog.merkle;

import java.security.MessageDigest;
import java.util.List;
import org.fulcrum.tlog.InvalidProof;

/**
 * Verification of inclusion and consistency proofs, following RFC 9162 §2.1.3.2 and §2.1.4.2.
 *
 * <p>Both methods return normally when the proof holds and throw {@link InvalidProof} otherwise.
 * Every hash (leaf hash, roots, proof entries) must be exactly 32 bytes, including in the trivial
 * cases where the algorithm would not need to look at it: a tree head with a 12-byte root is
 * malformed, whatever it is compared with.
 */
public final class Proofs {

    private Proofs() {}

    /**
     * Verifies that {@code leafHash} is leaf {@code index} of the tree of {@code size} leaves.
     *
     * <p>The proof binds the leaf to the root; it binds the size only through the leaf's path, so a
     * proof also verifies for another size in which the leaf has the same path (leaf 0 of 6 leaves
     * and of 7, under the same root). Take size and root together from a verified checkpoint.
     */
    public static void verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
        requireHash(leafHash, "leaf hash");
        requireHash(root, "root hash");
        byte[] computed = rootFromInclusionProof(index, size, leafHash, proof);
        if (!MessageDigest.isEqual(computed, root)) {
            throw new InvalidProof("inclusion proof leads to a different root");
        }
    }

    /**
     * Root that an inclusion proof leads to (RFC 9162 §2.1.3.2 steps 1 to 4, and the size check of
     * step 5). Throws {@link InvalidProof} when the proof has the wrong length for the index and size.
     */
    public static byte[] rootFromInclusionProof(long index, long size, byte[] leafHash, List<byte[]> proof) {
        if (index < 0 || index >= size) {
            throw new InvalidProof("leaf index " + index + " is not in a tree of size " + size);
        }
        requireHash(leafHash, "leaf hash");
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            requireHash(p, "proof hash");
            if (sn == 0) {
                throw new InvalidProof("inclusion proof has too many hashes");
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = Rfc6962.nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                r = Rfc6962.nodeHash(r, p);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        if (sn != 0) {
            throw new InvalidProof("inclusion proof has too few hashes");
        }
        return r;
    }

    /**
     * Verifies that the tree of {@code size2} leaves with root {@code root2} extends the tree of
     * {@code size1} leaves with root {@code root1}.
     *
     * <p>Policy for the cases RFC 9162 leaves to the caller (it specifies {@code 0 < size1 <
     * size2}):
     *
     * <ul>
     *   <li>{@code size1 == size2}: the proof must be empty and the two roots equal (and 32 bytes).
     *   <li>{@code size1 == 0}: every tree extends the empty tree, so this succeeds when the proof is
     *       empty and {@code root1} is the empty-tree root {@code SHA-256("")}; when {@code size2} is
     *       0 too, {@code root2} must also be that root. This matches C2SP tlog-witness, which accepts
     *       an old size of 0 with an empty proof, and lets a verifier start from nothing.
     * </ul>
     */
    public static void verifyConsistency(long size1, long size2, List<byte[]> proof, byte[] root1, byte[] root2) {
        requireHash(root1, "first root hash");
        requireHash(root2, "second root hash");
        if (size1 < 0 || size2 < size1) {
            throw new InvalidProof("no consistency from size " + size1 + " to size " + size2);
        }
        if (size1 == 0) {
            if (!proof.isEmpty()) {
                throw new InvalidProof("consistency proof from the empty tree must be empty");
            }
            byte[] empty = Rfc6962.emptyRoot();
            if (!MessageDigest.isEqual(root1, empty) || size2 == 0 && !MessageDigest.isEqual(root2, empty)) {
                throw new InvalidProof("the empty tree has root SHA-256(\"\")");
            }
            return;
        }
        if (size1 == size2) {
            if (!proof.isEmpty()) {
                throw new InvalidProof("consistency proof between equal sizes must be empty");
            }
            if (!MessageDigest.isEqual(root1, root2)) {
                throw new InvalidProof("trees of equal size have different roots");
            }
            return;
        }
        if (proof.isEmpty()) {
            throw new InvalidProof("consistency proof is empty");
        }
        proof.forEach(p -> requireHash(p, "proof hash"));
        verifyConsistencyPath(size1, size2, proof, root1, root2);
    }

    /** RFC 9162 §2.1.4.2 steps 2 to 7, for {@code 0 < first < second} and a non-empty path. */
    private static void verifyConsistencyPath(
            long first, long second, List<byte[]> path, byte[] firstHash, byte[] secondHash) {
        int start = 0;
        byte[] seed;
        if (Long.bitCount(first) == 1) {
            seed = firstHash;
        } else {
            seed = path.getFirst();
            start = 1;
        }
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        byte[] fr = seed;
        byte[] sr = seed;
        for (int i = start; i < path.size(); i++) {
            byte[] c = path.get(i);
            if (sn == 0) {
                throw new InvalidProof("consistency proof has too many hashes");
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = Rfc6962.nodeHash(c, fr);
                sr = Rfc6962.nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                sr = Rfc6962.nodeHash(sr, c);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        if (sn != 0) {
            throw new InvalidProof("consistency proof has too few hashes");
        }
        if (!MessageDigest.isEqual(fr, firstHash)) {
            throw new InvalidProof("consistency proof does not lead to the first root");
        }
        if (!MessageDigest.isEqual(sr, secondHash)) {
            throw new InvalidProof("consistency proof does not lead to the second root");
        }
    }

    private static void requireHash(byte[] hash, String what) {
        if (hash == null || hash.length != Rfc6962.HASH_SIZE) {
            throw new InvalidProof(what + " must be " + Rfc6962.HASH_SIZE + " bytes");
        }
    }
}
