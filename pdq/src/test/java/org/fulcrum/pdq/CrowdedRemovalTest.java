package org.fulcrum.pdq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.fulcrum.testkit.Seeded;
import org.junit.jupiter.api.Test;

/**
 * Many entries sharing one hash (a blank image banked under many ids) are removed at a cost about
 * linear in their number, one by one in the order they were added or all at once in any order,
 * whether they sit in the compact tables or the growable ones; and removal stays exact: what is
 * left is what queries find, and an entry not there is not removed.
 */
class CrowdedRemovalTest {
    private static final int COPIES = 50_000;

    /** Reads allowed per copy removed: today's removals read about 8; rereading the dead would be thousands. */
    private static final int READS_PER_COPY = 40;

    private static final PdqHash BLANK =
            new PdqHash(0x0123456789ABCDEFL, 0x0F1E2D3C4B5A6978L, 0x7766554433221100L, 0x1357924680ACEBDFL);

    @Test
    void copiesInTheCompactTablesAreRemovedOneByOneReadingEachAboutOnce() {
        MultiIndexHashIndex index = withOthers(2000);
        index.addAll(COPIES, i -> i, i -> BLANK);
        removeInOrderAndCheck(index);
    }

    @Test
    void copiesAddedOneByOneAreRemovedOneByOneReadingEachAboutOnce() {
        // Added one by one, the copies are spread over compact and growable tables.
        MultiIndexHashIndex index = withOthers(2000);
        for (int i = 0; i < COPIES; i++) {
            index.add(i, BLANK);
        }
        removeInOrderAndCheck(index);
    }

    @Test
    void copiesInTheGrowableTablesOfALargeIndexAreRemovedOneByOne() {
        // 20,000 copies fit the growable tables of an index of 200,000, so no compaction moves them.
        MultiIndexHashIndex index = withOthers(200_000);
        int copies = 20_000;
        for (int i = 0; i < copies; i++) {
            index.add(i, BLANK);
        }
        long before = index.removalReads();
        for (int i = 0; i < copies; i++) {
            assertThat(index.remove(i, BLANK)).isTrue();
        }
        assertThat(index.removalReads() - before).isLessThan((long) READS_PER_COPY * copies);
        assertThat(index.query(BLANK, 0)).isEmpty();
        assertThat(index.size()).isEqualTo(200_000);
    }

    @Test
    void allCopiesAreRemovedAtOnceInAnyOrderReadingEachAboutOnce() {
        MultiIndexHashIndex index = withOthers(2000);
        index.addAll(COPIES / 2, i -> i, i -> BLANK);
        for (int i = COPIES / 2; i < COPIES; i++) {
            index.add(i, BLANK);
        }
        List<Long> order = new ArrayList<>();
        for (long i = 0; i < COPIES; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new java.util.Random(9));
        // Half of them at once, with an id that is not there and one given twice.
        long[] half = new long[COPIES / 2 + 2];
        for (int i = 0; i < COPIES / 2; i++) {
            half[i] = order.get(i);
        }
        half[COPIES / 2] = COPIES + 7;
        half[COPIES / 2 + 1] = order.get(0);
        long before = index.removalReads();
        assertThat(index.removeAll(half, Collections.nCopies(half.length, BLANK)))
                .isEqualTo(COPIES / 2);
        // At distance 0 the matches come by id.
        assertThat(ids(index.query(BLANK, 0)))
                .isEqualTo(order.subList(COPIES / 2, COPIES).stream().sorted().toList());
        long[] rest = order.subList(COPIES / 2, COPIES).stream()
                .mapToLong(Long::longValue)
                .toArray();
        assertThat(index.removeAll(rest, Collections.nCopies(rest.length, BLANK)))
                .isEqualTo(rest.length);
        assertThat(index.removalReads() - before).isLessThan((long) READS_PER_COPY * COPIES);
        assertThat(index.query(BLANK, 0)).isEmpty();
        assertThat(index.removeAll(new long[] {1}, List.of(BLANK))).isZero();
        assertThat(index.size()).isEqualTo(2000);
    }

    @Test
    void removingManyAtOnceEqualsRemovingThemOneByOne() {
        Seeded.forAll(20, r -> {
            SplittableRandom random = new SplittableRandom(Seeded.anyLong(r));
            MultiIndexHashIndex batch = new MultiIndexHashIndex(MultiIndexHashIndex.DEFAULT_SLOTS, 0, false);
            LinearScanIndex brute = new LinearScanIndex();
            List<PdqHash> crowded =
                    List.of(MultiIndexPropertiesTest.randomHash(random), MultiIndexPropertiesTest.randomHash(random));
            List<PdqHash> stored = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            int size = Seeded.between(r, 1, 8000);
            for (int i = 0; i < size; i++) {
                int kind = random.nextInt(4);
                PdqHash h = kind == 0
                        ? crowded.get(random.nextInt(2))
                        : kind == 1 && !stored.isEmpty()
                                ? MultiIndexPropertiesTest.near(
                                        stored.get(random.nextInt(stored.size())), random.nextInt(40), random)
                                : MultiIndexPropertiesTest.randomHash(random);
                // Some ids repeated, so that one (id, hash) pair may be stored twice.
                long id = random.nextInt(20) == 0 ? 5 : i;
                stored.add(h);
                ids.add(id);
                brute.add(id, h);
                if (i < size / 2) {
                    continue;
                }
                batch.add(id, h);
            }
            batch.addAll(size / 2, i -> ids.get(i), stored::get);
            for (int round = 0; round < 3; round++) {
                List<Long> goneIds = new ArrayList<>();
                List<PdqHash> goneHashes = new ArrayList<>();
                int expected = 0;
                for (int i = 0; i < stored.size(); i++) {
                    if (random.nextInt(3) == 0) {
                        goneIds.add(ids.get(i));
                        goneHashes.add(stored.get(i));
                        // An entry that is not there (a hash removed before, or never added) is not removed.
                        if (brute.remove(ids.get(i), stored.get(i))) {
                            expected++;
                        }
                    }
                }
                int removed = batch.removeAll(
                        goneIds.stream().mapToLong(Long::longValue).toArray(), goneHashes);
                assertThat(removed).isEqualTo(expected);
                assertThat(batch.size()).isEqualTo(brute.size());
                List<PdqHash> needles = new ArrayList<>(crowded);
                for (int i = 0; i < 12; i++) {
                    needles.add(MultiIndexPropertiesTest.near(
                            stored.get(random.nextInt(stored.size())), random.nextInt(40), random));
                }
                int threshold = Seeded.between(r, 0, 40);
                // Ties (one id, one distance, two hashes) may come in either order.
                assertThat(canonical(batch.queryAll(needles, threshold)))
                        .isEqualTo(canonical(brute.queryAll(needles, threshold)));
            }
        });
    }

    private static MultiIndexHashIndex withOthers(int others) {
        SplittableRandom random = new SplittableRandom(11);
        MultiIndexHashIndex index = new MultiIndexHashIndex();
        index.addAll(others, i -> 1_000_000_000L + i, i -> MultiIndexPropertiesTest.randomHash(random));
        return index;
    }

    private static void removeInOrderAndCheck(MultiIndexHashIndex index) {
        int others = index.size() - COPIES;
        long before = index.removalReads();
        for (int i = 0; i < COPIES / 2; i++) {
            assertThat(index.remove(i, BLANK)).isTrue();
        }
        // Removed ids are gone, present ones found, and the rest is exactly what remains.
        assertThat(index.remove(0, BLANK)).isFalse();
        assertThat(index.remove(COPIES + 1, BLANK)).isFalse();
        assertThat(index.remove(COPIES / 2, BLANK.flip(3))).isFalse();
        List<Long> left = new ArrayList<>();
        for (long i = COPIES / 2; i < COPIES; i++) {
            left.add(i);
        }
        assertThat(ids(index.query(BLANK, 0))).isEqualTo(left);
        for (int i = COPIES / 2; i < COPIES; i++) {
            assertThat(index.remove(i, BLANK)).isTrue();
        }
        assertThat(index.removalReads() - before).isLessThan((long) READS_PER_COPY * COPIES);
        assertThat(index.query(BLANK, 0)).isEmpty();
        assertThat(index.size()).isEqualTo(others);
    }

    private static List<List<String>> canonical(List<List<Match>> results) {
        return results.stream()
                .map(l -> l.stream()
                        .map(m -> m.distance() + " " + m.id() + " " + m.hash())
                        .sorted()
                        .toList())
                .toList();
    }

    private static List<Long> ids(List<Match> matches) {
        return matches.stream().map(Match::id).toList();
    }
}
