package org.fulcrum.tlog.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.fulcrum.testkit.Seeded;
import org.junit.jupiter.api.Test;

class FrontierTest {

    private static final RandomTree TREE = new RandomTree(1500, 7);

    @Test
    void batchAppendStoresWhatOneByOneAppendsWithStoredHashesStore() {
        MemoryHashStore oneByOne = new MemoryHashStore();
        List<byte[]> written = new ArrayList<>();
        HashReader reader = indexes -> {
            List<byte[]> out = new ArrayList<>();
            for (long i : indexes) {
                out.add(written.get((int) i));
            }
            return out;
        };
        for (int n = 0; n < TREE.leafHashes.size(); n++) {
            assertThat((long) written.size()).isEqualTo(StoredHashIndex.count(n));
            written.addAll(StoredTree.storedHashes(n, TREE.leafHashes.get(n), reader));
            oneByOne.appendLeaf(TREE.leafHashes.get(n));
        }
        assertThat(written).hasSize((int) TREE.store.hashCount());
        for (int i = 0; i < written.size(); i++) {
            assertThat(TREE.store.read(i)).isEqualTo(written.get(i)).isEqualTo(oneByOne.read(i));
        }
    }

    @Test
    void loadedFrontierContinuesTheLogAsIfNeverStopped() {
        Seeded.forAll(
                60,
                r -> loadedFrontierContinuesTheLogAsIfNeverStopped(
                        Seeded.between(r, 0, 1400), Seeded.between(r, 1, 100)));
    }

    private static void loadedFrontierContinuesTheLogAsIfNeverStopped(int stopAt, int more) {
        MemoryHashStore prefix = new MemoryHashStore();
        prefix.appendLeaves(TREE.leafHashes.subList(0, stopAt));
        Frontier resumed = Frontier.load(stopAt, TREE.store);
        assertThat(resumed.size()).isEqualTo(stopAt);
        assertThat(resumed.root()).isEqualTo(prefix.root()).isEqualTo(TREE.naive.mth(0, stopAt));

        Frontier.Appended appended = resumed.append(TREE.leafHashes.subList(stopAt, stopAt + more));
        assertThat(appended.firstIndex()).isEqualTo(StoredHashIndex.count(stopAt));
        assertThat(appended.frontier().root()).isEqualTo(TREE.naive.mth(0, stopAt + more));
        for (int i = 0; i < appended.hashes().size(); i++) {
            assertThat(appended.hashes().get(i)).isEqualTo(TREE.store.read(appended.firstIndex() + i));
        }
        assertThat(resumed.size()).as("frontiers are immutable").isEqualTo(stopAt);
    }

    @Test
    void emptyFrontierHasTheEmptyRoot() {
        assertThat(Frontier.empty().root()).isEqualTo(Rfc6962.emptyRoot());
        assertThat(Frontier.load(0, indexes -> List.of()).root()).isEqualTo(Rfc6962.emptyRoot());
    }
}
