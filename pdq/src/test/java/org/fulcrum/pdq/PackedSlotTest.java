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
