package org.fulcrum.pdq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MultiIndexHashIndexTest {
    private final SplittableRandom random = new SplittableRandom(20260717);

    @Test
    void aBankOfTensOfMillionsGetsTenWiderSlotsAndSmallerBanksEleven() {
        assertThat(MultiIndexHashIndex.slotsFor(0)).isEqualTo(MultiIndexHashIndex.DEFAULT_SLOTS);
        assertThat(MultiIndexHashIndex.slotsFor(10_000_000)).isEqualTo(11);
        assertThat(MultiIndexHashIndex.slotsFor(MultiIndexHashIndex.TEN_SLOTS_FROM - 1))
                .isEqualTo(11);
        assertThat(MultiIndexHashIndex.slotsFor(MultiIndexHashIndex.TEN_SLOTS_FROM))
                .isEqualTo(10);
        assertThat(MultiIndexHashIndex.slotsFor(100_000_000)).isEqualTo(10);
    }

    @Test
    void radiiAddUpToThePigeonholeBound() {
        MultiIndexHashIndex index = new MultiIndexHashIndex();
        int[] at31 = index.radii(31);

        assertThat(at31).containsExactly(2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1);
        for (int t = 0; t <= 256; t++) {
            int sum = 0;
            for (int r : index.radii(t)) {
                sum += r + 1;
            }
            assertThat(sum).as("threshold %d", t).isGreaterThanOrEqualTo(t + 1);
        }
    }

    @Test
    void idsAndDuplicatesAreKeptApart() {
        MultiIndexHashIndex index = new MultiIndexHashIndex();
        PdqHash h = MultiIndexPropertiesTest.randomHash(random);
        index.add(1, h);
        index.add(2, h);
        index.add(1, h.flip(7));

        assertThat(index.query(h, 0)).containsExactly(new Match(1, h, 0), new Match(2, h, 0));
        assertThat(index.query(h)).extracting(Match::id).containsExactly(1L, 2L, 1L);
        assertThat(index.remove(2, h.flip(7))).isFalse();
        assertThat(index.remove(2, h)).isTrue();
        assertThat(index.query(h)).containsExactly(new Match(1, h, 0), new Match(1, h.flip(7), 1));
        assertThat(index.size()).isEqualTo(2);
    }

    @Test
    void growingWithoutASizeHintRebuildsDirectoriesAndStaysExact() {
        MultiIndexHashIndex index = new MultiIndexHashIndex();
        LinearScanIndex brute = new LinearScanIndex();
        List<PdqHash> stored = new ArrayList<>();
        for (int i = 0; i < 40_000; i++) {
            PdqHash h = i % 10 == 0 && i > 0
                    ? MultiIndexPropertiesTest.near(stored.get(random.nextInt(i)), random.nextInt(40), random)
                    : MultiIndexPropertiesTest.randomHash(random);
            stored.add(h);
            index.add(i, h);
            brute.add(i, h);
        }
        List<PdqHash> needles = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            needles.add(MultiIndexPropertiesTest.near(
                    stored.get(random.nextInt(stored.size())), random.nextInt(33), random));
        }

        assertThat(index.queryAll(needles, 31)).isEqualTo(brute.queryAll(needles, 31));
        assertThat(index.bytesUsed()).isLessThan(40_000L * 200);
    }

    @Test
    void familiesOfNearDuplicatesCompactTheirTablesAndStayExact() {
        // Sized up front, so no directory growth rebuilds (and compacts) the tables on the way.
        MultiIndexHashIndex index = new MultiIndexHashIndex(MultiIndexHashIndex.DEFAULT_SLOTS, 100_000);
        List<PdqHash> centres = new ArrayList<>();
        for (int c = 0; c < 1000; c++) {
            centres.add(MultiIndexPropertiesTest.randomHash(random));
        }
        // Families grow in lockstep, so blocks they outgrow are never reused by another key.
        List<PdqHash> stored = new ArrayList<>();
        for (int round = 0; round < 100; round++) {
            for (PdqHash centre : centres) {
                PdqHash h = MultiIndexPropertiesTest.near(centre, random.nextInt(2), random);
                index.add(stored.size(), h);
                stored.add(h);
            }
        }
        LinearScanIndex brute = new LinearScanIndex();
        List<PdqHash> live = new ArrayList<>();
        for (int i = 0; i < stored.size(); i++) {
            if (i % 3 == 0) {
                assertThat(index.remove(i, stored.get(i))).isTrue();
            } else {
                brute.add(i, stored.get(i));
                live.add(stored.get(i));
            }
        }
        List<PdqHash> needles = centres.subList(0, 40);
        MultiIndexHashIndex compact = new MultiIndexHashIndex(MultiIndexHashIndex.DEFAULT_SLOTS, stored.size());
        compact.addAll(new long[live.size()], live);

        assertThat(index.queryAll(needles, 31)).isEqualTo(brute.queryAll(needles, 31));
        // Blocks abandoned as families grow are reclaimed: at most a quarter free, plus growth slack
        // (without reclaiming, about 2.8 times the compact size).
        assertThat(index.tableBytes()).isLessThan(compact.tableBytes() * 3 / 2);
    }

    @Test
    void aLargeBatchIsLoadedCompactlyAndMatchableWhenAddAllReturns() {
        MultiIndexHashIndex index = new MultiIndexHashIndex();
        index.add(-1, MultiIndexPropertiesTest.randomHash(random));
        List<PdqHash> batch = new ArrayList<>();
        long[] ids = new long[20_000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
            batch.add(MultiIndexPropertiesTest.randomHash(random));
        }

        index.addAll(ids, batch);

        assertThat(index.size()).isEqualTo(20_001);
        for (int i = 0; i < ids.length; i += 997) {
            assertThat(index.query(batch.get(i).flip(i % 256), 31))
                    .extracting(Match::id)
                    .contains((long) i);
        }
        assertThatThrownBy(() -> index.addAll(new long[1], List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thresholdsOutsideTheHashAreRefused() {
        PdqHash h = MultiIndexPropertiesTest.randomHash(random);

        assertThatThrownBy(() -> new MultiIndexHashIndex().query(h, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LinearScanIndex().query(h, 257)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MultiIndexHashIndex(7, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyThresholdUpTo256IsAnsweredExactly() {
        MultiIndexHashIndex index = new MultiIndexHashIndex();
        LinearScanIndex brute = new LinearScanIndex();
        for (int i = 0; i < 3000; i++) {
            PdqHash h = MultiIndexPropertiesTest.randomHash(random);
            index.add(i, h);
            brute.add(i, h);
        }
        PdqHash needle = MultiIndexPropertiesTest.randomHash(random);

        for (int t : new int[] {0, 31, 90, 128, 200, 256}) {
            assertThat(index.query(needle, t)).as("threshold %d", t).isEqualTo(brute.query(needle, t));
        }
        assertThat(index.query(needle, 256)).hasSize(3000);
    }

    @Test
    void anAddedHashIsMatchableByOtherThreadsAsSoonAsAddReturns() throws Exception {
        MultiIndexHashIndex index = new MultiIndexHashIndex();
        int total = 30_000;
        PdqHash[] hashes = new PdqHash[total];
        for (int i = 0; i < total; i++) {
            hashes[i] = MultiIndexPropertiesTest.randomHash(random);
        }
        AtomicInteger published = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                long seed = r;
                readers.add(pool.submit(() -> {
                    SplittableRandom rnd = new SplittableRandom(seed);
                    int checked = 0;
                    while (!done.get()) {
                        int n = published.get();
                        if (n == 0) {
                            continue;
                        }
                        int i = rnd.nextInt(n);
                        if (i % 3 == 0) {
                            // Entries the writer removes and re-adds are absent for a moment.
                            continue;
                        }
                        List<Match> found = index.query(hashes[i].flip(rnd.nextInt(256)), 31);
                        if (found.stream().noneMatch(m -> m.id() == i)) {
                            throw new AssertionError("entry " + i + " added before the query was not found");
                        }
                        checked++;
                    }
                    return checked;
                }));
            }
            Future<?> writer = pool.submit(() -> {
                for (int i = 0; i < total; i++) {
                    index.add(i, hashes[i]);
                    published.set(i + 1);
                    if (i % 3 == 2) {
                        // Removals reshape blocks while readers probe them.
                        index.remove(i - 2, hashes[i - 2]);
                        index.add(i - 2, hashes[i - 2]);
                    }
                }
            });
            writer.get(60, TimeUnit.SECONDS);
            done.set(true);
            for (Future<Integer> reader : readers) {
                assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
            }
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
        assertThat(index.size()).isEqualTo(total);
    }
}
