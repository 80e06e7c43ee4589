package org.fulcrum.pdq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinearScanIndexTest {
    private final SplittableRandom random = new SplittableRandom(5);

    @Test
    void findsEverythingWithinTheThresholdAndNothingElseNearestFirst() {
        LinearScanIndex index = new LinearScanIndex();
        PdqHash needle = MultiIndexPropertiesTest.randomHash(random);
        List<Match> expected = new ArrayList<>();
        for (int d = 0; d <= 40; d++) {
            PdqHash h = MultiIndexPropertiesTest.near(needle, d, random);
            index.add(100 - d, h);
            if (d <= 31) {
                expected.add(new Match(100 - d, h, d));
            }
        }

        assertThat(index.query(needle)).containsExactlyElementsOf(expected);
    }

    @Test
    void batchedQueriesEqualSingleQueriesAcrossBlockAndChunkBoundaries() {
        LinearScanIndex index = new LinearScanIndex();
        List<PdqHash> stored = new ArrayList<>();
        for (int i = 0; i < 40_000; i++) {
            PdqHash h = MultiIndexPropertiesTest.randomHash(random);
            stored.add(h);
            index.add(i, h);
        }
        List<PdqHash> needles = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            needles.add(MultiIndexPropertiesTest.near(
                    stored.get(random.nextInt(stored.size())), random.nextInt(32), random));
        }

        List<List<Match>> batched = index.queryAll(needles, 31);
        for (int i = 0; i < needles.size(); i++) {
            assertThat(batched.get(i))
                    .isEqualTo(index.query(needles.get(i), 31))
                    .isNotEmpty();
        }
    }

    @Test
    void removalMovesTheLastEntryIntoTheHole() {
        LinearScanIndex index = new LinearScanIndex();
        PdqHash a = MultiIndexPropertiesTest.randomHash(random);
        PdqHash b = MultiIndexPropertiesTest.randomHash(random);
        PdqHash c = MultiIndexPropertiesTest.randomHash(random);
        index.add(1, a);
        index.add(2, b);
        index.add(3, c);

        assertThat(index.remove(1, b)).isFalse();
        assertThat(index.remove(1, a)).isTrue();
        assertThat(index.size()).isEqualTo(2);
        assertThat(index.query(c, 0)).containsExactly(new Match(3, c, 0));
        assertThat(index.query(a, 0)).isEmpty();
        assertThat(index.query(b, 0)).containsExactly(new Match(2, b, 0));
    }
}
