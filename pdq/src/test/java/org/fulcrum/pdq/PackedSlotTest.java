package org.fulcrum.pdq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A compact table lists every position with a key once, in its key's bucket, across chunk boundaries. */
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
            for (int i = slot.offsets[b]; i < slot.offsets[b + 1]; i++) {
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
}
