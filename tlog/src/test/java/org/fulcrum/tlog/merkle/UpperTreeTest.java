package org.fulcrum.tlog.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.fulcrum.testkit.Seeded;
import org.junit.jupiter.api.Test;

/**
 * Proofs read through the in-memory upper levels are byte for byte the proofs read from the store
 * alone, for random sizes and leaves, before and after appends (told to the cache or not), and
 * the store is then asked only for hashes below the floor.
 */
class UpperTreeTest {

    /** A store that counts what it is asked for. */
    private static final class CountingReader implements HashReader {
        final MemoryHashStore store;
        final List<Long> asked = new ArrayList<>();

        CountingReader(MemoryHashStore store) {
            this.store = store;
        }

        @Override
        public List<byte[]> readHashes(long[] indexes) {
            for (long i : indexes) {
                asked.add(i);
            }
            return store.readHashes(indexes);
        }
    }

    private static void append(MemoryHashStore store, Random r, int leaves) {
        List<byte[]> hashes = new ArrayList<>(leaves);
        for (int i = 0; i < leaves; i++) {
            hashes.add(Rfc6962.leafHash(Seeded.bytes(r, 0, 40)));
        }
        store.appendLeaves(hashes);
    }

    /** The hashes stored for leaves {@code from..to-1}, as the writer hands them over after commit. */
    private static List<byte[]> storedBetween(MemoryHashStore store, long from, long to) {
        List<byte[]> out = new ArrayList<>();
        for (long i = StoredHashIndex.count(from); i < StoredHashIndex.count(to); i++) {
            out.add(store.read(i));
        }
        return out;
    }

    private static void assertSameProofs(Random r, MemoryHashStore store, HashReader cached, long size) {
        for (int k = 0; k < 20; k++) {
            long index = Seeded.between(r, 0L, size - 1);
            assertThat(StoredTree.inclusionProof(index, size, cached))
                    .containsExactlyElementsOf(StoredTree.inclusionProof(index, size, store));
            long old = Seeded.between(r, 1L, size);
            assertThat(StoredTree.consistencyProof(old, size, cached))
                    .containsExactlyElementsOf(StoredTree.consistencyProof(old, size, store));
        }
        assertThat(StoredTree.treeHash(size, cached)).isEqualTo(StoredTree.treeHash(size, store));
    }

    @Test
    void cachedProofsEqualStoredProofsForRandomSizesAndAppends() {
        Seeded.forAll(40, r -> {
            MemoryHashStore store = new MemoryHashStore();
            append(store, r, Seeded.between(r, 1, 3000));
            int floor = Seeded.between(r, 0, 6);
            UpperTree upper = UpperTree.load(floor, store.treeSize(), store);
            HashReader cached = upper.over(store);
            assertSameProofs(r, store, cached, store.treeSize());
            for (int round = 0; round < 3; round++) {
                long before = store.treeSize();
                append(store, r, Seeded.between(r, 1, 700));
                // Told of the new hashes only some of the time: reads must catch up either way.
                if (r.nextBoolean()) {
                    upper.stored(StoredHashIndex.count(before), storedBetween(store, before, store.treeSize()));
                }
                assertSameProofs(r, store, cached, store.treeSize());
                assertSameProofs(r, store, cached, Seeded.between(r, 1L, store.treeSize()));
            }
        });
    }

    @Test
    void aLoadedCacheLeavesOnlyTheLevelsBelowTheFloorToTheStore() {
        Random r = new Random(7);
        MemoryHashStore store = new MemoryHashStore();
        append(store, r, 100_000);
        CountingReader counting = new CountingReader(store);
        UpperTree upper = UpperTree.load(8, store.treeSize(), store);
        HashReader cached = upper.over(counting);
        for (int k = 0; k < 200; k++) {
            long index = Seeded.between(r, 0L, store.treeSize() - 1);
            assertThat(StoredTree.inclusionProof(index, store.treeSize(), cached))
                    .containsExactlyElementsOf(StoredTree.inclusionProof(index, store.treeSize(), store));
        }
        assertThat(counting.asked)
                .isNotEmpty()
                .allSatisfy(i -> assertThat(StoredHashIndex.level(i)).isLessThan(8));
        // 100,000 leaves: 390 nodes at level 8, 195 at 9, ... one at 16.
        assertThat(upper.count(8)).isEqualTo(100_000 >>> 8);
        assertThat(upper.count(16)).isEqualTo(1);
        assertThat(upper.count(7)).isZero();
    }

    @Test
    void hashesStoredAfterCommitAreServedFromMemory() {
        Random r = new Random(11);
        MemoryHashStore store = new MemoryHashStore();
        append(store, r, 1000);
        UpperTree upper = UpperTree.load(4, store.treeSize(), store);
        long before = store.treeSize();
        append(store, r, 333);
        upper.stored(StoredHashIndex.count(before), storedBetween(store, before, store.treeSize()));
        assertThat(upper.count(4)).isEqualTo(1333 >>> 4);
        assertThat(upper.count(10)).isEqualTo(1);
        CountingReader counting = new CountingReader(store);
        assertThat(StoredTree.treeHash(store.treeSize(), upper.over(counting))).isEqualTo(store.root());
        assertThat(counting.asked)
                .allSatisfy(i -> assertThat(StoredHashIndex.level(i)).isLessThan(4));
    }

    @Test
    void aHashThatWouldLeaveAGapIsNotKept() {
        Random r = new Random(3);
        MemoryHashStore store = new MemoryHashStore();
        append(store, r, 64);
        UpperTree upper = new UpperTree(2);
        // Node 5 of level 2 (leaves 20..23) without nodes 0..4: kept only once they are.
        upper.stored(StoredHashIndex.of(2, 5), List.of(store.read(StoredHashIndex.of(2, 5))));
        assertThat(upper.count(2)).isZero();
    }
}
