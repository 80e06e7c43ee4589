package org.fulcrum.tlog.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.fulcrum.testkit.Seeded;
import org.junit.jupiter.api.Test;

class StoredHashIndexTest {

    /** Simulates appends: records where each (level, n) lands when hashes are written in order. */
    @Test
    void indexesFollowTheOrderInWhichAppendsWriteHashes() {
        Map<String, Long> written = new HashMap<>();
        long next = 0;
        for (long leaf = 0; leaf < 5000; leaf++) {
            written.put("0/" + leaf, next++);
            for (int level = 1; ((leaf + 1) & ((1L << level) - 1)) == 0; level++) {
                written.put(level + "/" + (((leaf + 1) >> level) - 1), next++);
            }
            assertThat(StoredHashIndex.count(leaf + 1)).isEqualTo(next);
        }
        written.forEach((key, index) -> {
            String[] parts = key.split("/");
            int level = Integer.parseInt(parts[0]);
            long n = Long.parseLong(parts[1]);
            assertThat(StoredHashIndex.of(level, n)).as(key).isEqualTo(index);
            assertThat(StoredHashIndex.level(index)).as(key).isEqualTo(level);
            assertThat(StoredHashIndex.indexInLevel(index)).as(key).isEqualTo(n);
        });
        assertThat(written).hasSize((int) next);
    }

    @Test
    void levelAndIndexInvertTheStoredIndex() {
        Seeded.forAll(
                1000, r -> levelAndIndexInvertTheStoredIndex(Seeded.between(r, 0, 40), Seeded.between(r, 0, 1L << 20)));
    }

    private static void levelAndIndexInvertTheStoredIndex(int level, long n) {
        long index = StoredHashIndex.of(level, n);
        assertThat(StoredHashIndex.level(index)).isEqualTo(level);
        assertThat(StoredHashIndex.indexInLevel(index)).isEqualTo(n);
    }

    @Test
    void aLogOfNLeavesStoresTwoNMinusItsBitCount() {
        Seeded.forAll(1000, r -> aLogOfNLeavesStoresTwoNMinusItsBitCount(Seeded.between(r, 0, 1L << 60)));
    }

    private static void aLogOfNLeavesStoresTwoNMinusItsBitCount(long n) {
        assertThat(StoredHashIndex.count(n)).isEqualTo(2 * n - Long.bitCount(n));
    }

    @Test
    void rejectsPositionsOutsideTheLog() {
        assertThatThrownBy(() -> StoredHashIndex.of(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StoredHashIndex.of(0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StoredHashIndex.level(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
