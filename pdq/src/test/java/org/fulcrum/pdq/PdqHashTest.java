package org.fulcrum.pdq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.fulcrum.testkit.Seeded;
import org.junit.jupiter.api.Test;

class PdqHashTest {
    private static final String BRIDGE = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

    @Test
    void hexRoundTripsInLowerCase() {
        assertThat(PdqHash.fromHex(BRIDGE).toHex()).isEqualTo(BRIDGE);
        assertThat(PdqHash.fromHex(BRIDGE.toUpperCase()).toHex()).isEqualTo(BRIDGE);
    }

    @Test
    void bitZeroIsTheLowBitOfTheLastDigitAndRowFifteenComesFirst() {
        PdqHash bit0 = PdqHash.fromHex("0".repeat(63) + "1");
        PdqHash bit255 = PdqHash.fromHex("8" + "0".repeat(63));

        assertThat(bit0.bit(0)).isTrue();
        assertThat(bit0.w0()).isEqualTo(1L);
        assertThat(bit255.bit(255)).isTrue();
        assertThat(bit255.w3()).isEqualTo(Long.MIN_VALUE);
        // Row i of the DCT is bits 16i..16i+15: row 0 is the last four digits.
        int[] rows = new int[16];
        rows[0] = 0x1234;
        rows[15] = 0xabcd;
        assertThat(PdqHash.fromRows(rows).toHex()).isEqualTo("abcd" + "0".repeat(56) + "1234");
    }

    @Test
    void malformedTextIsRefusedWithTheReason() {
        assertThatThrownBy(() -> PdqHash.fromHex("abc"))
                .isInstanceOf(MalformedHash.class)
                .hasMessageContaining("64");
        assertThatThrownBy(() -> PdqHash.fromHex(BRIDGE.substring(1) + "g"))
                .isInstanceOf(MalformedHash.class)
                .hasMessageContaining("position 64");
        assertThatThrownBy(() -> PdqHash.fromHex(null)).isInstanceOf(MalformedHash.class);
        assertThatThrownBy(() -> Pdq.parseHash(" " + BRIDGE + "0")).isInstanceOf(MalformedHash.class);
        assertThat(Pdq.parseHash(" " + BRIDGE + "\n").toHex()).isEqualTo(BRIDGE);
    }

    @Test
    void distanceCountsDifferingBits() {
        PdqHash a = PdqHash.fromHex(BRIDGE);

        assertThat(a.distance(a)).isZero();
        assertThat(a.distance(a.flip(0).flip(100).flip(255))).isEqualTo(3);
        assertThat(PdqHash.fromHex("0".repeat(64)).distance(PdqHash.fromHex("f".repeat(64))))
                .isEqualTo(256);
    }

    @Test
    void orderFollowsTheHexText() {
        PdqHash low = PdqHash.fromHex("0".repeat(63) + "f");
        PdqHash high = PdqHash.fromHex("8" + "0".repeat(63));

        assertThat(low).isLessThan(high);
        assertThat(high.compareTo(low)).isPositive();
    }

    @Test
    void distanceIsTheNumberOfFlippedBits() {
        Seeded.forAll(
                1000,
                r -> distanceIsTheNumberOfFlippedBits(
                        Seeded.anyLong(r),
                        Seeded.anyLong(r),
                        Seeded.anyLong(r),
                        Seeded.anyLong(r),
                        Seeded.between(r, 0, 255)));
    }

    private static void distanceIsTheNumberOfFlippedBits(long w0, long w1, long w2, long w3, int k) {
        PdqHash h = new PdqHash(w0, w1, w2, w3);

        assertThat(h.flip(k).bit(k)).isNotEqualTo(h.bit(k));
        assertThat(h.flip(k).distance(h)).isEqualTo(1);
        assertThat(PdqHash.fromHex(h.toHex())).isEqualTo(h);
        assertThat(h.bitCount() + h.flip(k).bitCount()).isOdd();
    }
}
