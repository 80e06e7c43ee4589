package org.fulcrum.tlog.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.fulcrum.testkit.Seeded;
import org.fulcrum.tlog.InvalidProof;
import org.junit.jupiter.api.Test;

/**
 * Proofs over random trees of up to 3000 leaves: generated from stored hashes they equal the
 * RFC's recursive definitions, they verify, and no single-bit change gets past the verifier
 * unless the change leaves the statement proven.
 */
class ProofPropertiesTest {

    private static final int MAX = 3000;
    private static final RandomTree TREE = new RandomTree(MAX, 42);

    /** (index, size) with index < size. */
    private static long[] leafInTree(Random r) {
        int n = Seeded.between(r, 1, MAX);
        return new long[] {Seeded.between(r, 0, n - 1), n};
    }

    /** (size1, size2) with 1 <= size1 < size2. */
    private static long[] sizePair(Random r) {
        int n = Seeded.between(r, 2, MAX);
        return new long[] {Seeded.between(r, 1, n - 1), n};
    }

    @Test
    void inclusionProofsEqualTheRecursiveDefinitionAndVerify() {
        Seeded.forAll(150, r -> inclusionProofsEqualTheRecursiveDefinitionAndVerify(leafInTree(r)));
    }

    private static void inclusionProofsEqualTheRecursiveDefinitionAndVerify(long[] p) {
        List<byte[]> proof = StoredTree.inclusionProof(p[0], p[1], TREE.store);
        assertThat(proof).containsExactlyElementsOf(TREE.naive.path((int) p[0], 0, (int) p[1]));
        byte[] root = StoredTree.treeHash(p[1], TREE.store);
        assertThat(root).isEqualTo(TREE.naive.mth(0, (int) p[1]));
        assertThatCode(() -> Proofs.verifyInclusion(p[0], p[1], leaf(p[0]), proof, root))
                .doesNotThrowAnyException();
    }

    @Test
    void consistencyProofsEqualTheRecursiveDefinitionAndVerify() {
        Seeded.forAll(150, r -> consistencyProofsEqualTheRecursiveDefinitionAndVerify(sizePair(r)));
    }

    private static void consistencyProofsEqualTheRecursiveDefinitionAndVerify(long[] p) {
        List<byte[]> proof = StoredTree.consistencyProof(p[0], p[1], TREE.store);
        assertThat(proof).containsExactlyElementsOf(TREE.naive.proof((int) p[0], (int) p[1]));
        assertThatCode(() -> Proofs.verifyConsistency(p[0], p[1], proof, root(p[0]), root(p[1])))
                .doesNotThrowAnyException();
    }

    @Test
    void flippingABitOfAnInclusionProofHashTheRootOrTheLeafFails() {
        Seeded.forAll(
                300,
                r -> flippingABitOfAnInclusionProofHashTheRootOrTheLeafFails(
                        leafInTree(r), Seeded.between(r, 0, 1000), Seeded.between(r, 0, 255)));
    }

    private static void flippingABitOfAnInclusionProofHashTheRootOrTheLeafFails(long[] p, int which, int bit) {
        List<byte[]> proof = new ArrayList<>(StoredTree.inclusionProof(p[0], p[1], TREE.store));
        byte[] root = root(p[1]);
        byte[] leaf = leaf(p[0]);
        int target = which % (proof.size() + 2);
        if (target < proof.size()) {
            proof.set(target, flip(proof.get(target), bit));
        } else if (target == proof.size()) {
            root = flip(root, bit);
        } else {
            leaf = flip(leaf, bit);
        }
        byte[] r = root;
        byte[] l = leaf;
        assertThatThrownBy(() -> Proofs.verifyInclusion(p[0], p[1], l, proof, r))
                .isInstanceOf(InvalidProof.class);
    }

    @Test
    void flippingABitOfTheIndexFails() {
        Seeded.forAll(200, r -> flippingABitOfTheIndexFails(leafInTree(r), Seeded.between(r, 0, 62)));
    }

    private static void flippingABitOfTheIndexFails(long[] p, int bit) {
        List<byte[]> proof = StoredTree.inclusionProof(p[0], p[1], TREE.store);
        long index = p[0] ^ (1L << bit);
        assertThatThrownBy(() -> Proofs.verifyInclusion(index, p[1], leaf(p[0]), proof, root(p[1])))
                .isInstanceOf(InvalidProof.class);
    }

    /**
     * An inclusion proof binds the leaf to the root, and the size only through the leaf's path: a
     * proof also verifies for any size in which the leaf has the same path (index 0 of 6 leaves and
     * of 7). That is harmless, since size and root come together from a signed checkpoint; the
     * property pins it down exactly: a flipped size passes if and only if the path is unchanged.
     */
    @Test
    void flippingABitOfTheSizeFailsUnlessTheLeafKeepsItsPath() {
        Seeded.forAll(
                300, r -> flippingABitOfTheSizeFailsUnlessTheLeafKeepsItsPath(leafInTree(r), Seeded.between(r, 0, 62)));
    }

    private static void flippingABitOfTheSizeFailsUnlessTheLeafKeepsItsPath(long[] p, int bit) {
        List<byte[]> proof = StoredTree.inclusionProof(p[0], p[1], TREE.store);
        long size = p[1] ^ (1L << bit);
        boolean samePath =
                Objects.equals(NaiveMerkle.inclusionShape(p[0], p[1]), NaiveMerkle.inclusionShape(p[0], size));
        assertThat(accepts(() -> Proofs.verifyInclusion(p[0], size, leaf(p[0]), proof, root(p[1]))))
                .isEqualTo(samePath);
    }

    @Test
    void flippingABitOfAConsistencyProofHashOrEitherRootFails() {
        Seeded.forAll(
                300,
                r -> flippingABitOfAConsistencyProofHashOrEitherRootFails(
                        sizePair(r), Seeded.between(r, 0, 1000), Seeded.between(r, 0, 255)));
    }

    private static void flippingABitOfAConsistencyProofHashOrEitherRootFails(long[] p, int which, int bit) {
        List<byte[]> proof = new ArrayList<>(StoredTree.consistencyProof(p[0], p[1], TREE.store));
        byte[] root1 = root(p[0]);
        byte[] root2 = root(p[1]);
        int target = which % (proof.size() + 2);
        if (target < proof.size()) {
            proof.set(target, flip(proof.get(target), bit));
        } else if (target == proof.size()) {
            root1 = flip(root1, bit);
        } else {
            root2 = flip(root2, bit);
        }
        byte[] r1 = root1;
        byte[] r2 = root2;
        assertThatThrownBy(() -> Proofs.verifyConsistency(p[0], p[1], proof, r1, r2))
                .isInstanceOf(InvalidProof.class);
    }

    /** As for inclusion: a flipped size passes if and only if the proof keeps its shape. */
    @Test
    void flippingABitOfEitherSizeFailsUnlessTheProofKeepsItsShape() {
        Seeded.forAll(
                300,
                r -> flippingABitOfEitherSizeFailsUnlessTheProofKeepsItsShape(
                        sizePair(r), r.nextBoolean(), Seeded.between(r, 0, 62)));
    }

    private static void flippingABitOfEitherSizeFailsUnlessTheProofKeepsItsShape(long[] p, boolean first, int bit) {
        List<byte[]> proof = StoredTree.consistencyProof(p[0], p[1], TREE.store);
        long size1 = first ? p[0] ^ (1L << bit) : p[0];
        long size2 = first ? p[1] : p[1] ^ (1L << bit);
        boolean sameShape =
                Objects.equals(NaiveMerkle.consistencyShape(p[0], p[1]), NaiveMerkle.consistencyShape(size1, size2));
        assertThat(accepts(() -> Proofs.verifyConsistency(size1, size2, proof, root(p[0]), root(p[1]))))
                .isEqualTo(sameShape);
    }

    @Test
    void aProofForSixLeavesAlsoProvesLeafZeroUnderTheSameRootClaimedAsSeven() {
        List<byte[]> proof = StoredTree.inclusionProof(0, 6, TREE.store);
        assertThatCode(() -> Proofs.verifyInclusion(0, 7, leaf(0), proof, root(6)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> Proofs.verifyInclusion(0, 7, leaf(0), proof, root(7)))
                .isInstanceOf(InvalidProof.class);
    }

    private static boolean accepts(Runnable verification) {
        try {
            verification.run();
            return true;
        } catch (InvalidProof e) {
            return false;
        }
    }

    private static byte[] leaf(long index) {
        return TREE.leafHashes.get((int) index);
    }

    private static byte[] root(long size) {
        return StoredTree.treeHash(size, TREE.store);
    }

    private static byte[] flip(byte[] hash, int bit) {
        byte[] out = hash.clone();
        out[bit / 8] ^= (byte) (1 << (bit % 8));
        return out;
    }
}
