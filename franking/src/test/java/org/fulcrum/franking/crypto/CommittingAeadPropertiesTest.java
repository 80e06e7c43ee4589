package org.fulcrum.franking.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.fulcrum.testkit.Seeded;
import org.junit.jupiter.api.Test;

class CommittingAeadPropertiesTest {

    @Test
    void anEnvelopeNeverOpensUnderASecondKey() {
        Seeded.forAll(300, r -> {
            byte[] key = Seeded.bytes(r, 32, 32);
            anEnvelopeNeverOpensUnderASecondKey(
                    key, otherKey(r, key), Seeded.bytes(r, 16, 16), Seeded.bytes(r, 0, 300), Seeded.bytes(r, 0, 64));
        });
    }

    private static void anEnvelopeNeverOpensUnderASecondKey(
            byte[] key, byte[] otherKey, byte[] nonce, byte[] plaintext, byte[] ad) {
        byte[] envelope = CommittingAead.seal(key, nonce, plaintext, ad);
        assertThat(CommittingAead.open(key, envelope, ad))
                .hasValueSatisfying(p -> assertThat(p).isEqualTo(plaintext));
        assertThat(CommittingAead.open(otherKey, envelope, ad)).isEmpty();
    }

    @Test
    void oneCiphertextNeedsADifferentTagForEachKey() {
        Seeded.forAll(300, r -> {
            byte[] key = Seeded.bytes(r, 32, 32);
            oneCiphertextNeedsADifferentTagForEachKey(
                    key, otherKey(r, key), Seeded.bytes(r, 16, 16), Seeded.bytes(r, 0, 300));
        });
    }

    /** A second key, different from the first. */
    private static byte[] otherKey(Random r, byte[] key) {
        byte[] other = Seeded.bytes(r, 32, 32);
        return Arrays.equals(key, other) ? otherKey(r, key) : other;
    }

    private static void oneCiphertextNeedsADifferentTagForEachKey(
            byte[] key, byte[] otherKey, byte[] nonce, byte[] ciphertext) {
        byte[] underKey = CommittingAead.authenticate(key, nonce, ciphertext, new byte[0]);
        byte[] underOther = CommittingAead.authenticate(otherKey, nonce, ciphertext, new byte[0]);
        // Same header and ciphertext; only the tags can differ, and they must.
        assertThat(Arrays.copyOf(underKey, underKey.length - 32))
                .isEqualTo(Arrays.copyOf(underOther, underOther.length - 32));
        assertThat(underKey).isNotEqualTo(underOther);
        assertThat(CommittingAead.open(otherKey, underKey, new byte[0])).isEmpty();
        assertThat(CommittingAead.open(key, underOther, new byte[0])).isEmpty();
    }
}
