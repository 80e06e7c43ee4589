package org.fulcrum.pdq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Compact tables large enough to span several chunks per slot, with a crowded key (more copies of
 * one hash than a directory group's char counts), answer as brute force does: at the threshold's
 * edge (31 found, 32 not), for clustered families, and after removals.
 */
class CompactDirectoryTest {

    @Test
    void largeCrowdedTablesAnswerAsBruteForceAtTheEdgeAndAfterRemovals() {
        SplittableRandom random = new SplittableRandom(11);
        // About the fewest entries that give each compact slot three chunks: from 196,609 entries a
        // slot keys on 19 bits over 2^15 buckets, so an entry is 18 position bits and 4 residual
        // bits, 4.4 million bits here against 2,096,896 a chunk; below that the key loses a bit and
        // 21-bit entries fill two chunks. The crowded hash's 80,000 copies overflow a group's char
        // counts (65,535) whatever the size.
        int n = 200_000;
        PdqHash crowded = MultiIndexPropertiesTest.randomHash(random);
        PdqHash needle = MultiIndexPropertiesTest.randomHash(random);
        PdqHash[] centres = new PdqHash[200];
        for (int c = 0; c < centres.length; c++) {
            centres[c] = MultiIndexPropertiesTest.randomHash(random);
        }
        List<PdqHash> hashes = new ArrayList<>(n);
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
            int kind = random.nextInt(10);
            if (i == 1000) {
                hashes.add(flip(needle, 31, random));
            } else if (i == 2000) {
                hashes.add(flip(needle, 32, random));
            } else if (kind < 4) {
                hashes.add(crowded);
            } else if (kind < 6) {
                hashes.add(flip(centres[random.nextInt(centres.length)], random.nextInt(16), random));
            } else {
                hashes.add(MultiIndexPropertiesTest.randomHash(random));
            }
        }
        MultiIndexHashIndex mih = new MultiIndexHashIndex();
        mih.addAll(ids, hashes);
        LinearScanIndex brute = new LinearScanIndex();
        for (int i = 0; i < n; i++) {
            brute.add(ids[i], hashes.get(i));
        }

        assertThat(mih.query(needle, 31)).extracting(Match::id).containsExactly(1000L);
        assertThat(mih.query(needle, 32)).extracting(Match::id).containsExactly(1000L, 2000L);
        assertThat(mih.query(needle, 30)).isEmpty();

        // A needle near the crowded hash meets its copies in most slots (up to 11 x 80,000
        // candidates to check), and its answer is all the copies or none, decided by its distance
        // alone: so the crowded needles are a few distances about both thresholds' edges, and the
        // random ones start from the other entries (two in five entries are copies of the crowded
        // hash, and drawn from all of them, 30 of 123 needles cost 95% of the queries' time).
        List<PdqHash> needles = new ArrayList<>();
        for (int bits : new int[] {0, 16, 31, 32, 33}) {
            needles.add(flip(crowded, bits, random));
        }
        for (int q = 0; q < 60; q++) {
            PdqHash stored;
            do {
                stored = hashes.get(random.nextInt(n));
            } while (stored.equals(crowded));
            needles.add(flip(stored, random.nextInt(40), random));
            needles.add(flip(centres[random.nextInt(centres.length)], random.nextInt(24), random));
        }
        for (int threshold : new int[] {31, 32}) {
            assertThat(mih.queryAll(needles, threshold)).isEqualTo(brute.queryAll(needles, threshold));
        }
        assertThat(mih.query(crowded)).hasSizeGreaterThan(70_000);

        boolean[] removed = new boolean[n];
        int crowdedRemoved = 0;
        for (int i = 0; i < n; i += 7) {
            // Finding one copy of the crowded hash walks its whole bucket: a few hundred suffice.
            if (!hashes.get(i).equals(crowded) || crowdedRemoved++ < 300) {
                assertThat(mih.remove(ids[i], hashes.get(i))).isTrue();
                removed[i] = true;
            }
        }
        assertThat(mih.remove(1000, hashes.get(1000))).isTrue();
        removed[1000] = true;
        assertThat(mih.remove(1000, hashes.get(1000))).isFalse();
        brute = new LinearScanIndex();
        for (int i = 0; i < n; i++) {
            if (!removed[i]) {
                brute.add(ids[i], hashes.get(i));
            }
        }
        assertThat(mih.query(needle, 32)).extracting(Match::id).containsExactly(2000L);
        for (int threshold : new int[] {31, 32}) {
            assertThat(mih.queryAll(needles, threshold)).isEqualTo(brute.queryAll(needles, threshold));
        }
        mih.compact();
        assertThat(mih.queryAll(needles, 31)).isEqualTo(brute.queryAll(needles, 31));
        assertThat(mih.size()).isEqualTo(brute.size());
    }

    /** {@code h} with exactly {@code bits} distinct bits inverted. */
    private static PdqHash flip(PdqHash h, int bits, SplittableRandom random) {
        PdqHash out = h;
        for (int k : random.ints(0, PdqHash.BITS).distinct().limit(bits).toArray()) {
            out = out.flip(k);
        }
        return out;
    }

    @Test
    void theLastBucketsWhoseCountsAreHeldApartAreReadWhole() {
        // From 524,288 entries slot 0's compact table keys on 20 bits over 2^17 buckets: a bucket
        // is the top 17 of the slot's 24 bits, bits 7..23 of w0. The counts of the last eight
        // buckets and of the end are held apart from the others.
        SplittableRandom random = new SplittableRandom(12);
        int n = 530_000;
        int last = (1 << 17) - 1;
        int[] buckets = {0, last - 9, last - 8, last - 7, last - 1, last};
        List<PdqHash> hashes = new ArrayList<>(n);
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
            PdqHash h = MultiIndexPropertiesTest.randomHash(random);
            if (i < 10 * buckets.length && i % 10 == 1) {
                // Ten entries in each bucket named, the first two of them the same hash.
                h = hashes.get(i - 1);
            } else if (i < 10 * buckets.length) {
                long low = ((long) buckets[i / 10] << 7) | random.nextInt(128);
                h = new PdqHash((h.w0() & ~0xFFFFFFL) | low, h.w1(), h.w2(), h.w3());
            }
            hashes.add(h);
        }
        MultiIndexHashIndex mih = new MultiIndexHashIndex(MultiIndexHashIndex.DEFAULT_SLOTS, 0, false);
        mih.addAll(ids, hashes);
        for (int i = 0; i < 10 * buckets.length; i++) {
            // At threshold 0 only slot 0 is probed, so each answer rests on its bucket's bounds;
            // at 31 slot 0 is probed at radius 2 around them.
            List<Long> expected = i % 10 < 2 ? List.of(i - i % 10 + 0L, i - i % 10 + 1L) : List.of((long) i);
            assertThat(mih.query(hashes.get(i), 0)).extracting(Match::id).containsExactlyElementsOf(expected);
            PdqHash near = flip(hashes.get(i), 12, random);
            assertThat(mih.query(near, 31)).isEqualTo(mih.scan(near, 31));
        }
    }
}
