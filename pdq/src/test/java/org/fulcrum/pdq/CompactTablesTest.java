package org.fulcrum.pdq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fulcrum.testkit.Seeded;
import org.junit.jupiter.api.Test;

/**
 * The compact tables and the growable ones beside them answer exactly what brute force answers,
 * through compactions, removals from either, re-adds into freed positions and ids of any size; and
 * they take about 3.5 bytes per entry and slot.
 */
class CompactTablesTest {

    @Test
    void queriesEqualBruteForceThroughCompactionsRemovalsAndReusedPositions() {
        Seeded.forAll(30, r -> {
            SplittableRandom random = new SplittableRandom(Seeded.anyLong(r));
            MultiIndexHashIndex mih = new MultiIndexHashIndex(MultiIndexHashIndex.DEFAULT_SLOTS, 0, false);
            LinearScanIndex brute = new LinearScanIndex();
            List<PdqHash> stored = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            int size = Seeded.between(r, 1, 6000);
            for (int i = 0; i < size; i++) {
                PdqHash h = random.nextInt(3) == 0 && !stored.isEmpty()
                        ? MultiIndexPropertiesTest.near(
                                stored.get(random.nextInt(stored.size())), random.nextInt(40), random)
                        : MultiIndexPropertiesTest.randomHash(random);
                // Some ids beyond 32 bits, as a caller with its own id scheme may use.
                long id = random.nextInt(50) == 0 ? (1L << 40) + i : i;
                mih.add(id, h);
                brute.add(id, h);
                stored.add(h);
                ids.add(id);
                if (random.nextInt(1500) == 0) {
                    mih.compact();
                }
            }
            for (int round = 0; round < 3; round++) {
                // Remove a share (from compact and growable tables alike), then add new entries,
                // which take the freed positions.
                for (int i = 0; i < stored.size(); i++) {
                    if (stored.get(i) != null && random.nextInt(4) == 0) {
                        assertThat(mih.remove(ids.get(i), stored.get(i))).isTrue();
                        assertThat(brute.remove(ids.get(i), stored.get(i))).isTrue();
                        stored.set(i, null);
                    }
                }
                for (int i = 0; i < size / 5; i++) {
                    PdqHash h = MultiIndexPropertiesTest.randomHash(random);
                    long id = 1_000_000L * (round + 1) + i;
                    mih.add(id, h);
                    brute.add(id, h);
                    stored.add(h);
                    ids.add(id);
                }
                List<PdqHash> needles = new ArrayList<>();
                for (int i = 0; i < 15; i++) {
                    PdqHash s = stored.get(random.nextInt(stored.size()));
                    needles.add(
                            s == null
                                    ? MultiIndexPropertiesTest.randomHash(random)
                                    : MultiIndexPropertiesTest.near(s, random.nextInt(48), random));
                }
                int threshold = Seeded.between(r, 0, 48);
                assertThat(mih.queryAll(needles, threshold)).isEqualTo(brute.queryAll(needles, threshold));
                for (PdqHash needle : needles) {
                    assertThat(mih.scan(needle, threshold)).isEqualTo(brute.query(needle, threshold));
                }
                assertThat(mih.size()).isEqualTo(brute.size());
            }
        });
    }

    @Test
    void compactTablesTakeAboutThreeAndAHalfBytesPerEntryAndSlot() {
        SplittableRandom random = new SplittableRandom(5);
        MultiIndexHashIndex mih = new MultiIndexHashIndex();
        int n = 300_000;
        for (int i = 0; i < n; i++) {
            mih.add(i, MultiIndexPropertiesTest.randomHash(random));
        }
        mih.compact();
        // 19 position bits and up to 6 residual bits per entry, a 2-byte directory count per 4-8 entries,
        // and the small empty growable tables.
        double perEntryAndSlot = (double) mih.tableBytes() / n / MultiIndexHashIndex.DEFAULT_SLOTS;
        assertThat(perEntryAndSlot).isLessThan(4.0);
        // The entries themselves: 32 bytes of hash and 4 of id.
        assertThat(mih.bytesUsed() - mih.tableBytes()).isLessThan(n * 37L);
    }
}
