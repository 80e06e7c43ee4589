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
        assertThat(CommittingAead.open(key, envelope, ad))
                .hasValueSatisfying(p -> assertThat(p).isEqualTo(plaintext));
        byte[] empty = CommittingAead.seal(key, new byte[0], new byte[0], random);
        assertThat(CommittingAead.open(key, empty, new byte[0]))
                .hasValueSatisfying(p -> assertThat(p).isEmpty());
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
    void matchesAVectorComputedFromTheDocumentedFormat() {
        // Message key 0x40..0x5f, nonce 0x60..0x6f, plaintext and associated data as in KnownAnswerTest.
        byte[] plaintext = Hex.bytes("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
                + "49206b6e6f7720776865726520796f75206c6976652e");
        byte[] ad = Hex.bytes("01c24d1a460433a49c90d5812994e4b5ddf01144d67eab38a1388c58c109dd54");
        byte[] expected = Hex.bytes("01606162636465666768696a6b6c6d6e6f531fc6386676a6087a1f7a014c000b93fbfc"
                + "edd05bbabfe3c719baf3a891f062aea7e409af336cf86d0d3dba8a7f1512d8581b0e02da3ab8a3d9fd70f4b4091badf5"
                + "3396441e0961019bd4a8db4753c854e2b2715c22");
        assertThat(CommittingAead.seal(Hex.range(0x40, 0x60), Hex.range(0x60, 0x70), plaintext, ad))
                .isEqualTo(expected);
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
                assertThat(CommittingAead.open(key, tampered, ad))
                        .as("bit %d", bit)
                        .isEmpty();
            }
        }

        @Test
        void everyTruncationAndAnyExtension() {
            for (int length = 0; length < envelope.length; length++) {
                assertThat(CommittingAead.open(key, Arrays.copyOf(envelope, length), ad))
                        .as("length %d", length)
                        .isEmpty();
            }
            assertThat(CommittingAead.open(key, Arrays.copyOf(envelope, envelope.length + 1), ad))
                    .isEmpty();
        }

        @Test
        void alteredOrMissingAssociatedData() {
            byte[] other = ad.clone();
            other[31] ^= 1;
            assertThat(CommittingAead.open(key, envelope, other)).isEmpty();
            assertThat(CommittingAead.open(key, envelope, new byte[0])).isEmpty();
            assertThat(CommittingAead.open(key, envelope, Arrays.copyOf(ad, 33)))
                    .isEmpty();
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
