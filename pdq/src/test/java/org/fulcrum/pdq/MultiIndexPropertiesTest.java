package org.fulcrum.pdq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fulcrum.testkit.Seeded;
import org.junit.jupiter.api.Test;

/**
 * The multi-index finds exactly what brute force finds: random hash sets with planted
 * near-duplicates at random distances 0..64 (and clusters of copies), any threshold up to 64, any
 * slot count, before and after random removals.
 */
class MultiIndexPropertiesTest {

    @Test
    void queriesReturnTheBruteForceSet() {
        Seeded.forAll(
                120,
                r -> queriesReturnTheBruteForceSet(
                        Seeded.anyLong(r),
                        Seeded.between(r, 0, 2000),
                        Seeded.between(r, 0, 64),
                        Seeded.between(r, 8, 16),
                        r.nextBoolean(),
                        r.nextBoolean()));
    }

    private static void queriesReturnTheBruteForceSet(
            long seed, int size, int threshold, int slots, boolean clustered, boolean bulk) {
        SplittableRandom random = new SplittableRandom(seed);
        MultiIndexHashIndex mih = new MultiIndexHashIndex(slots, random.nextInt(size + 1), false);
        LinearScanIndex brute = new LinearScanIndex();
        List<PdqHash> stored = new ArrayList<>();
        long[] ids = new long[size];
        PdqHash base = randomHash(random);
        for (int i = 0; i < size; i++) {
            PdqHash h = clustered && random.nextInt(3) > 0
                    ? near(base, random.nextInt(12), random)
                    : random.nextInt(4) == 0 && !stored.isEmpty()
                            ? near(stored.get(random.nextInt(stored.size())), random.nextInt(65), random)
                            : randomHash(random);
            stored.add(h);
            ids[i] = i;
            brute.add(i, h);
            if (!bulk) {
                mih.add(i, h);
            }
        }
        if (bulk) {
            mih.addAll(ids, stored);
        }
        List<PdqHash> needles = needles(stored, random);

        assertThat(mih.queryAll(needles, threshold)).isEqualTo(brute.queryAll(needles, threshold));
        assertThat(mih.size()).isEqualTo(size);

        for (int i = 0; i < size; i++) {
            if (random.nextInt(3) == 0) {
                assertThat(mih.remove(i, stored.get(i))).isTrue();
                assertThat(brute.remove(i, stored.get(i))).isTrue();
                assertThat(mih.remove(i, stored.get(i))).isFalse();
            }
        }
        assertThat(mih.size()).isEqualTo(brute.size());
        assertThat(mih.queryAll(needles, threshold)).isEqualTo(brute.queryAll(needles, threshold));
    }

    /** Needles at distances 0..64 from stored hashes, plus random ones. */
    private static List<PdqHash> needles(List<PdqHash> stored, SplittableRandom random) {
        List<PdqHash> needles = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            needles.add(
                    stored.isEmpty() || i % 4 == 0
                            ? randomHash(random)
                            : near(stored.get(random.nextInt(stored.size())), random.nextInt(65), random));
        }
        return needles;
    }

    static PdqHash randomHash(SplittableRandom random) {
        return new PdqHash(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
    }

    /** A hash at exactly {@code distance} from {@code h}. */
    static PdqHash near(PdqHash h, int distance, SplittableRandom random) {
        PdqHash out = h;
        while (out.distance(h) < distance) {
            out = out.flip(random.nextInt(256));
            if (out.distance(h) > distance) {
                out = h;
            }
        }
        return out;
    }
}
