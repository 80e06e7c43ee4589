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
 * linear in their number, one by one or all at once, in any order, whether they sit in the compact
 * tables or the growable ones, and removing those in the compact tables sets off no compaction;
 * and removal stays exact: what is left is what queries find, and an entry not there is not removed.
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
    void copiesAreRemovedOneByOneInAnyOrderReadingEachAboutOnce() {
        // Half bulk-loaded into the compact tables, half added one by one (growable tables, and
        // compact ones after the compactions their number sets off), removed in a shuffled order.
        MultiIndexHashIndex index = withOthers(2000);
        index.addAll(COPIES / 2, i -> i, i -> BLANK);
        for (int i = COPIES / 2; i < COPIES; i++) {
            index.add(i, BLANK);
        }
        List<Long> order = shuffled(COPIES, 5);
        long before = index.removalReads();
        for (int i = 0; i < COPIES / 2; i++) {
            assertThat(index.remove(order.get(i), BLANK)).isTrue();
        }
        assertThat(index.remove(order.get(0), BLANK)).isFalse();
        assertThat(index.remove(COPIES + 1, BLANK)).isFalse();
        assertThat(index.remove(order.get(COPIES / 2), BLANK.flip(3))).isFalse();
        assertThat(ids(index.query(BLANK, 0)))
                .isEqualTo(order.subList(COPIES / 2, COPIES).stream().sorted().toList());
        // Added while half are gone: a new copy under a removed id, and another under a new one.
        index.add(order.get(0), BLANK);
        index.add(COPIES + 2, BLANK);
        for (int i = COPIES / 2; i < COPIES; i++) {
            assertThat(index.remove(order.get(i), BLANK)).isTrue();
        }
        assertThat(index.removalReads() - before).isLessThan((long) READS_PER_COPY * COPIES);
        assertThat(ids(index.query(BLANK, 0))).containsExactly(order.get(0), (long) COPIES + 2);
        assertThat(index.remove(order.get(0), BLANK)).isTrue();
        assertThat(index.remove(COPIES + 2, BLANK)).isTrue();
        assertThat(index.query(BLANK, 0)).isEmpty();
        assertThat(index.size()).isEqualTo(2000);
        assertThat(index.crowds()).isZero();
    }

    @Test
    void removingCompactCopiesWhileOthersSitInTheGrowableTablesSetsOffNoCompaction() {
        MultiIndexHashIndex index = withOthers(200_000);
        int copies = 10_000;
        for (int i = 0; i < copies; i++) {
            index.add(i, BLANK);
        }
        index.compact();
        // As many again in the growable tables (an eighth of 210,000 fit before a compaction).
        for (int i = copies; i < 2 * copies; i++) {
            index.add(i, BLANK);
        }
        long compactions = index.compactions();
        long before = index.removalReads();
        for (long id : shuffled(copies, 7)) {
            assertThat(index.remove(id, BLANK)).isTrue();
        }
        assertThat(index.compactions())
                .as("compactions set off by the removals")
                .isEqualTo(compactions);
        assertThat(index.removalReads() - before).isLessThan((long) READS_PER_COPY * copies);
        List<Long> left = new ArrayList<>();
        for (long i = copies; i < 2 * copies; i++) {
            left.add(i);
        }
        assertThat(ids(index.query(BLANK, 0))).isEqualTo(left);
        assertThat(index.size()).isEqualTo(200_000 + copies);
    }

    @Test
    void removalsOfCopiesThatAreNotThereReadFew() {
        MultiIndexHashIndex index = withOthers(2000);
        index.addAll(COPIES / 2, i -> i, i -> BLANK);
        for (int i = COPIES / 2; i < COPIES; i++) {
            index.add(i, BLANK);
        }
        int misses = 5000;
        long before = index.removalReads();
        for (int i = 0; i < misses; i++) {
            assertThat(index.remove(COPIES + i, BLANK)).isFalse();
        }
        // One search of the bucket, then a few reads a question; each search would read every copy.
        assertThat(index.removalReads() - before).isLessThan(2L * COPIES + 10L * misses);
        assertThat(index.size()).isEqualTo(2000 + COPIES);
        assertThat(index.remove(COPIES - 1, BLANK)).isTrue();
        assertThat(index.query(BLANK, 0)).hasSize(COPIES - 1);
    }

    @Test
    void removalsOneByOneAmongCrowdsInAnyOrderLeaveWhatBruteForceLeaves() {
        Seeded.forAll(20, r -> {
            SplittableRandom random = new SplittableRandom(Seeded.anyLong(r));
            MultiIndexHashIndex index = new MultiIndexHashIndex(MultiIndexHashIndex.DEFAULT_SLOTS, 0, false);
            LinearScanIndex brute = new LinearScanIndex();
            List<PdqHash> crowded =
                    List.of(MultiIndexPropertiesTest.randomHash(random), MultiIndexPropertiesTest.randomHash(random));
            List<PdqHash> hashes = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            int rounds = Seeded.between(r, 1, 6);
            for (int round = 0; round < rounds; round++) {
                // Adds (some under an id given before), in bulk in some rounds.
                int adds = Seeded.between(r, 0, 3000);
                List<Long> newIds = new ArrayList<>();
                List<PdqHash> newHashes = new ArrayList<>();
                for (int i = 0; i < adds; i++) {
                    PdqHash h = mixed(crowded, hashes, random);
                    long id = random.nextInt(30) == 0 && !ids.isEmpty()
                            ? ids.get(random.nextInt(ids.size()))
                            : ids.size();
                    newIds.add(id);
                    newHashes.add(h);
                    brute.add(id, h);
                }
                if (r.nextBoolean()) {
                    index.addAll(newIds.size(), newIds::get, newHashes::get);
                } else {
                    for (int i = 0; i < newIds.size(); i++) {
                        index.add(newIds.get(i), newHashes.get(i));
                    }
                }
                ids.addAll(newIds);
                hashes.addAll(newHashes);
                // Removals one by one in a random order: present pairs, pairs removed before, and pairs never added.
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < ids.size(); i++) {
                    order.add(i);
                }
                Collections.shuffle(order, new java.util.Random(random.nextLong()));
                for (int i : order.subList(0, order.size() * Seeded.between(r, 0, 9) / 10)) {
                    assertThat(index.remove(ids.get(i), hashes.get(i)))
                            .isEqualTo(brute.remove(ids.get(i), hashes.get(i)));
                }
                assertThat(index.remove(-1, crowded.get(0))).isFalse();
                if (r.nextInt(4) == 0) {
                    index.compact();
                }
                assertThat(index.size()).isEqualTo(brute.size());
                List<PdqHash> needles = new ArrayList<>(crowded);
                for (int i = 0; i < 10 && !hashes.isEmpty(); i++) {
                    needles.add(MultiIndexPropertiesTest.near(
                            hashes.get(random.nextInt(hashes.size())), random.nextInt(40), random));
                }
                int threshold = Seeded.between(r, 0, 40);
                assertThat(canonical(index.queryAll(needles, threshold)))
                        .isEqualTo(canonical(brute.queryAll(needles, threshold)));
            }
        });
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
                PdqHash h = mixed(crowded, stored, random);
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

    /** A copy of one of the crowded hashes, a near-duplicate of one stored, or a random hash: a quarter, a quarter, half. */
    private static PdqHash mixed(List<PdqHash> crowded, List<PdqHash> stored, SplittableRandom random) {
        int kind = random.nextInt(4);
        if (kind == 0) {
            return crowded.get(random.nextInt(crowded.size()));
        }
        if (kind == 1 && !stored.isEmpty()) {
            return MultiIndexPropertiesTest.near(stored.get(random.nextInt(stored.size())), random.nextInt(40), random);
        }
        return MultiIndexPropertiesTest.randomHash(random);
    }

    private static List<Long> shuffled(int n, long seed) {
        List<Long> order = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new java.util.Random(seed));
        return order;
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
