package org.fulcrum.pdq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A compact table lists every position with a key once, in its key's bucket, across chunk
 * boundaries; its two-level directory narrows its groups when a group holds more entries than a
 * char counts.
 */
class PackedSlotTest {

    @Test
    void everyPositionIsListedOnceUnderItsKeyAcrossChunks() {
        SplittableRandom random = new SplittableRandom(3);
        int top = 400_000;
        int bits = 20;
        int[] keys = new int[top];
        int live = 0;
        for (int p = 0; p < top; p++) {
            keys[p] = random.nextInt(10) == 0 ? -1 : random.nextInt(1 << bits);
            live += keys[p] >= 0 ? 1 : 0;
        }
        PackedSlot slot = PackedSlot.build(bits, top, live, p -> keys[p]);
        // Several chunks, so entries straddle their boundaries.
        assertThat(slot.chunks.length).isGreaterThan(2);
        assertThat(slot.entries).isEqualTo(live);
        boolean[] seen = new boolean[top];
        long posMask = (1L << slot.posBits) - 1;
        for (int b = 0; b < (1 << slot.dirBits); b++) {
            for (int i = slot.start(b); i < slot.start(b + 1); i++) {
                long e = slot.entry(i);
                int pos = (int) (e & posMask);
                assertThat(seen[pos]).isFalse();
                seen[pos] = true;
                assertThat(keys[pos]).isEqualTo((int) ((b << slot.residualBits) | (e >>> slot.posBits)));
            }
        }
        for (int p = 0; p < top; p++) {
            assertThat(seen[p]).isEqualTo(keys[p] >= 0);
        }
    }

    @Test
    void aCrowdedBucketNarrowsItsGroupsAndKeepsEveryEntry() {
        SplittableRandom random = new SplittableRandom(4);
        int top = 200_000;
        int bits = 18;
        int[] keys = new int[top];
        for (int p = 0; p < top; p++) {
            // 70,000 positions share one key: more than a char counts within a group of 64 buckets.
            keys[p] = p % 3 == 0 || p < 20_000 ? 777 : random.nextInt(1 << bits);
        }
        PackedSlot slot = PackedSlot.build(bits, top, top, p -> keys[p]);
        assertThat(slot.groupShift).isLessThan(6);
        assertListsExactly(slot, keys);

        int[] spread = new int[top];
        for (int p = 0; p < top; p++) {
            spread[p] = random.nextInt(1 << bits);
        }
        PackedSlot usual = PackedSlot.build(bits, top, top, p -> spread[p]);
        assertThat(usual.groupShift).isEqualTo(6);
        assertThat(usual.dirBits).isEqualTo(15);
        assertListsExactly(usual, spread);
    }

    @Test
    void takingEntriesReordersOnlyWithinTheirBucketAcrossChunks() {
        SplittableRandom random = new SplittableRandom(6);
        int top = 300_000;
        int bits = 20;
        int[] keys = new int[top];
        HashStore store = new HashStore();
        PdqHash crowded = MultiIndexPropertiesTest.randomHash(random);
        for (int p = 0; p < top; p++) {
            // 100,000 positions share one key, a bucket that spans chunks.
            boolean copy = p % 3 == 1;
            PdqHash h = copy ? crowded : MultiIndexPropertiesTest.randomHash(random);
            keys[p] = copy ? 4321 : random.nextInt(1 << bits);
            assertThat(store.add(p, h)).isEqualTo(p);
        }
        PackedSlot slot = PackedSlot.build(bits, top, top, p -> keys[p]);
        int bucket = 4321 >>> slot.residualBits;
        assertThat((long) (slot.start(bucket + 1) - slot.start(bucket)) * slot.width / 64)
                .isGreaterThan(PackedSlot.CHUNK_WORDS);
        // The first half in order, reading each entry about once; each taken position is then freed.
        long reads = 0;
        int taken = 0;
        for (int p = 1; p < top / 2; p += 3, taken++) {
            int id = p;
            reads += slot.take(4321, store, crowded, x -> x == id, x -> {}, 1, q -> {
                assertThat(q).isEqualTo(id);
                store.remove(q);
            });
        }
        assertThat(reads).isLessThan(2L * taken);
        // Some of the rest in no order, then all that is left at once.
        for (int i = 0; i < 300; i++, taken++) {
            int id = top / 2 + 1 + 3 * random.nextInt(top / 6 - 1);
            int[] got = {-1};
            if (store.isLive(id)) {
                slot.take(4321, store, crowded, x -> x == id, x -> {}, 1, q -> got[0] = q);
                assertThat(got[0]).isEqualTo(id);
                store.remove(id);
            } else {
                taken--;
            }
        }
        int[] left = {0};
        slot.take(4321, store, crowded, x -> true, x -> {}, Integer.MAX_VALUE, q -> {
            store.remove(q);
            left[0]++;
        });
        assertThat(left[0]).isEqualTo(top / 3 - taken);
        assertThat(slot.find(4321, store, top - 2, crowded)).isEqualTo(-1);
        assertListsExactly(slot, keys);
    }

    @Test
    void theHighestBucketWithinARadiusIsFound() {
        SplittableRandom random = new SplittableRandom(8);
        for (int round = 0; round < 2000; round++) {
            int bits = 1 + random.nextInt(12);
            int bucket = random.nextInt(1 << bits);
            int radius = random.nextInt(4);
            int highest = 0;
            for (int b = 0; b < (1 << bits); b++) {
                if (Integer.bitCount(b ^ bucket) <= radius) {
                    highest = Math.max(highest, b);
                }
            }
            assertThat(Probe.highest(bucket, bits, radius)).isEqualTo(highest);
        }
    }

    @Test
    void bucketCountsWithTheirHeaderArePowersOfTwoInBytes() {
        for (int dirBits : new int[] {4, 12, 21}) {
            PackedSlot slot = PackedSlot.build(dirBits + 3, 0, 4 << dirBits, p -> -1);
            assertThat(slot.dirBits).isEqualTo(dirBits);
            assertThat(16 + 2L * slot.within.length).isEqualTo(2L << dirBits);
            assertThat(slot.within.length + slot.tail.length).isEqualTo((1 << dirBits) + 1);
        }
    }

    @Test
    void anEmptyTableHasEmptyBuckets() {
        PackedSlot slot = PackedSlot.build(12, 0, 0, p -> -1);
        for (int b = 0; b < (1 << slot.dirBits); b++) {
            assertThat(slot.start(b)).isZero();
        }
        assertThat(slot.start(1 << slot.dirBits)).isZero();
    }

    private static void assertListsExactly(PackedSlot slot, int[] keys) {
        int[] seen = new int[keys.length];
        long posMask = (1L << slot.posBits) - 1;
        for (int b = 0; b < (1 << slot.dirBits); b++) {
            assertThat(slot.start(b + 1)).isGreaterThanOrEqualTo(slot.start(b));
            for (int i = slot.start(b); i < slot.start(b + 1); i++) {
                long e = slot.entry(i);
                int pos = (int) (e & posMask);
                seen[pos]++;
                assertThat(keys[pos]).isEqualTo((int) ((b << slot.residualBits) | (e >>> slot.posBits)));
            }
        }
        assertThat(slot.start(1 << slot.dirBits)).isEqualTo(slot.entries);
        for (int p = 0; p < keys.length; p++) {
            assertThat(seen[p]).isEqualTo(keys[p] >= 0 ? 1 : 0);
        }
    }
}
