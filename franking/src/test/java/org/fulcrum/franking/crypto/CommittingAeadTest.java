package org.fulcrum.franking.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CommittingAeadTest {

    private final SecureRandom random = new SecureRandom();
    private final byte[] key = randomBytes(32);
    private final byte[] plaintext = "meet me at the station at nine".getBytes(UTF_8);
    private final byte[] ad = randomBytes(32);
    private final byte[] envelope = CommittingAead.seal(key, plaintext, ad, random);

    @Test
    void opensWhatItSealed() {
        assertThat(CommittingAead.open(key, envelope, ad)).hasValueSatisfying(p -> assertThat(p).isEqualTo(plaintext));
        byte[] empty = CommittingAead.seal(key, new byte[0], new byte[0], random);
        assertThat(CommittingAead.open(key, empty, new byte[0])).hasValueSatisfying(p -> assertThat(p).isEmpty());
    }

    @Test
    void wireFormatIsVersionNonceCiphertextTag() {
        byte[] nonce = randomBytes(16);
        byte[] sealed = CommittingAead.seal(key, nonce, plaintext, ad);
        assertThat(sealed).hasSize(1 + 16 + plaintext.length + 32);
        assertThat(sealed[0]).isEqualTo((byte) 1);
        assertThat(Arrays.copyOfRange(sealed, 1, 17)).isEqualTo(nonce);
        byte[] ciphertext = Arrays.copyOfRange(sealed, 17, 17 + plaintext.length);
        assertThat(ciphertext).isNotEqualTo(plaintext);
        assertThat(CommittingAead.authenticate(key, nonce, ciphertext, ad)).isEqualTo(sealed);
    }

    @Test
    void freshNonceEveryTime() {
        byte[] again = CommittingAead.seal(key, plaintext, ad, random);
        assertThat(Arrays.copyOfRange(again, 1, 17)).isNotEqualTo(Arrays.copyOfRange(envelope, 1, 17));
    }

    @Nested
    class Refuses {

        @Test
        void everySingleBitFlipOfTheEnvelope() {
            for (int bit = 0; bit < envelope.length * 8; bit++) {
                byte[] tampered = envelope.clone();
                tampered[bit / 8] ^= (byte) (1 << (bit % 8));
                assertThat(CommittingAead.open(key, tampered, ad)).as("bit %d", bit).isEmpty();
            }
        }

        @Test
        void everyTruncationAndAnyExtension() {
            for (int length = 0; length < envelope.length; length++) {
                assertThat(CommittingAead.open(key, Arrays.copyOf(envelope, length), ad)).as("length %d", length)
                        .isEmpty();
            }
            assertThat(CommittingAead.open(key, Arrays.copyOf(envelope, envelope.length + 1), ad)).isEmpty();
        }

        @Test
        void alteredOrMissingAssociatedData() {
            byte[] other = ad.clone();
            other[31] ^= 1;
            assertThat(CommittingAead.open(key, envelope, other)).isEmpty();
            assertThat(CommittingAead.open(key, envelope, new byte[0])).isEmpty();
            assertThat(CommittingAead.open(key, envelope, Arrays.copyOf(ad, 33))).isEmpty();
        }

        @Test
        void aWrongKey() {
            byte[] other = key.clone();
            other[0] ^= 1;
            assertThat(CommittingAead.open(other, envelope, ad)).isEmpty();
            assertThat(CommittingAead.open(randomBytes(32), envelope, ad)).isEmpty();
        }

        @Test
        void anotherVersion() {
            byte[] nonce = Arrays.copyOfRange(envelope, 1, 17);
            byte[] ciphertext = Arrays.copyOfRange(envelope, 17, envelope.length - 32);
            byte[] v2 = CommittingAead.authenticate(key, nonce, ciphertext, ad);
            v2[0] = 2;
            assertThat(CommittingAead.open(key, v2, ad)).isEmpty();
        }

        @Test
        void keysThatAreNot32Bytes() {
            assertThatThrownBy(() -> CommittingAead.seal(new byte[16], plaintext, ad, random))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> CommittingAead.open(new byte[33], envelope, ad))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private byte[] randomBytes(int n) {
        byte[] out = new byte[n];
        random.nextBytes(out);
        return out;
    }
}
