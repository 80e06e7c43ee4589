package org.fulcrum.pdq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fulcrum.testkit.Seeded;
import org.junit.jupiter.api.Test;

/**
 * A bulk load (entries appended, each slot's table built once) answers exactly what brute force
 * and the same entries added one by one answer: into an empty index or one already holding
 * entries, followed by removals and incremental adds; and a query that leaves out the slot being
 * rebuilt still covers the threshold.
 */
class BulkLoadTest {

    @Test
    void bulkLoadAnswersAsBruteForceAndAsAddingOneByOne() {
        Seeded.forAll(40, r -> {
            SplittableRandom random = new SplittableRandom(Seeded.anyLong(r));
            int held = r.nextBoolean() ? 0 : Seeded.between(r, 1, 3000);
            int loaded = Seeded.between(r, 1024, 9000);
            MultiIndexHashIndex bulk = new MultiIndexHashIndex(MultiIndexHashIndex.DEFAULT_SLOTS, 0, false);
            MultiIndexHashIndex oneByOne = new MultiIndexHashIndex(MultiIndexHashIndex.DEFAULT_SLOTS, 0, false);
            LinearScanIndex brute = new LinearScanIndex();
            List<PdqHash> stored = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < held + loaded; i++) {
                PdqHash h = random.nextInt(3) == 0 && !stored.isEmpty()
                        ? MultiIndexPropertiesTest.near(
                                stored.get(random.nextInt(stored.size())), random.nextInt(40), random)
                        : MultiIndexPropertiesTest.randomHash(random);
                long id = random.nextInt(40) == 0 ? (1L << 40) + i : i;
                stored.add(h);
                ids.add(id);
                brute.add(id, h);
                oneByOne.add(id, h);
                if (i < held) {
                    bulk.add(id, h);
                }
            }
            int[] reads = new int[1];
            bulk.addAll(loaded, i -> ids.get(held + i), i -> {
                reads[0]++;
                return stored.get(held + i);
            });
            assertThat(reads[0]).as("each hash read once").isEqualTo(loaded);
            assertThat(bulk.size()).isEqualTo(brute.size());
            int threshold = Seeded.between(r, 0, 48);
            List<PdqHash> needles = needles(stored, random);
            assertThat(bulk.queryAll(needles, threshold)).isEqualTo(brute.queryAll(needles, threshold));
            assertThat(bulk.queryAll(needles, threshold)).isEqualTo(oneByOne.queryAll(needles, threshold));

            // The bulk-loaded index goes on incrementally: removals, then adds into the freed positions.
            for (int i = 0; i < stored.size(); i++) {
                if (random.nextInt(5) == 0) {
                    assertThat(bulk.remove(ids.get(i), stored.get(i))).isTrue();
                    assertThat(oneByOne.remove(ids.get(i), stored.get(i))).isTrue();
                    assertThat(brute.remove(ids.get(i), stored.get(i))).isTrue();
                }
            }
            for (int i = 0; i < loaded / 3; i++) {
                PdqHash h = MultiIndexPropertiesTest.randomHash(random);
                bulk.add(5_000_000L + i, h);
                oneByOne.add(5_000_000L + i, h);
                brute.add(5_000_000L + i, h);
                stored.add(h);
            }
            needles = needles(stored, random);
            assertThat(bulk.size()).isEqualTo(brute.size());
            assertThat(bulk.queryAll(needles, threshold)).isEqualTo(brute.queryAll(needles, threshold));
            assertThat(bulk.queryAll(needles, threshold)).isEqualTo(oneByOne.queryAll(needles, threshold));
        });
    }

    @Test
    void bulkLoadBuildsTheTablesOfOneCompactionAndNothingBeside() {
        SplittableRandom random = new SplittableRandom(11);
        int n = 200_000;
        PdqHash[] hashes = new PdqHash[n];
        for (int i = 0; i < n; i++) {
            hashes[i] = MultiIndexPropertiesTest.randomHash(random);
        }
        MultiIndexHashIndex bulk = new MultiIndexHashIndex();
        bulk.addAll(n, i -> i, i -> hashes[i]);
        MultiIndexHashIndex compacted = new MultiIndexHashIndex();
        for (int i = 0; i < n; i++) {
            compacted.add(i, hashes[i]);
        }
        compacted.compact();
        // Same tables as one compaction of the same entries, and growable tables at their smallest.
        assertThat(bulk.tableBytes()).isEqualTo(compacted.tableBytes());
        assertThat(bulk.tableBytes()).isLessThan(n * 4L * MultiIndexHashIndex.DEFAULT_SLOTS);
        // Large enough that each slot's bits span several chunks.
        for (int q = 0; q < 40; q++) {
            PdqHash needle = MultiIndexPropertiesTest.near(hashes[random.nextInt(n)], random.nextInt(40), random);
            assertThat(bulk.query(needle, 31)).isEqualTo(bulk.scan(needle, 31));
            assertThat(bulk.query(needle, 31)).isEqualTo(compacted.query(needle, 31));
        }
    }

    @Test
    void leavingOutTheSlotBeingRebuiltStillCoversTheThreshold() {
        for (int slots = 8; slots <= 16; slots++) {
            MultiIndexHashIndex index = new MultiIndexHashIndex(slots, 0);
            for (int t = 0; t <= 64; t++) {
                for (int left = 0; left < slots; left++) {
                    int[] radii = index.radii(t, left);
                    int covered = 0;
                    for (int r : radii) {
                        covered += r + 1;
                    }
                    assertThat(radii[left]).isEqualTo(-1);
                    assertThat(covered)
                            .as("slots %d, threshold %d, left out %d", slots, t, left)
                            .isGreaterThanOrEqualTo(t + 1);
                }
            }
        }
    }

    @Test
    void negativeCountIsRefused() {
        assertThatThrownBy(() -> new MultiIndexHashIndex().addAll(-1, i -> i, i -> null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<PdqHash> needles(List<PdqHash> stored, SplittableRandom random) {
        List<PdqHash> needles = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            needles.add(
                    i % 5 == 0
                            ? MultiIndexPropertiesTest.randomHash(random)
                            : MultiIndexPropertiesTest.near(
                                    stored.get(random.nextInt(stored.size())), random.nextInt(48), random));
        }
        return needles;
    }
}
