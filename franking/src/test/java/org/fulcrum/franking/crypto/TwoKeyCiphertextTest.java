package org.fulcrum.franking.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared AES-GCM ciphertext that authenticates under two keys shows why "it decrypted" proves
 * nothing about which message was sent under GCM, and that the envelope used for franking has no
 * such ciphertext.
 */
class TwoKeyCiphertextTest {

    private static final String FILE = "franking/aes-gcm-two-key-ciphertext.txt";

    private byte[] key0;
    private byte[] key1;
    private byte[] nonce;
    private byte[] ciphertextAndTag;
    private byte[] plaintext0;
    private byte[] plaintext1;

    @BeforeEach
    void readVector() throws IOException {
        Map<String, String> fields = new HashMap<>();
        for (String line : Files.readAllLines(SharedData.require(FILE))) {
            int equals = line.indexOf('=');
            if (!line.startsWith("#") && equals > 0) {
                fields.put(
                        line.substring(0, equals).strip(),
                        line.substring(equals + 1).strip());
            }
        }
        key0 = Hex.bytes(fields.get("key0"));
        key1 = Hex.bytes(fields.get("key1"));
        nonce = Hex.bytes(fields.get("nonce"));
        ciphertextAndTag = Hex.bytes(fields.get("ciphertext||tag"));
        plaintext0 = Hex.bytes(fields.get("pt under key0"));
        plaintext1 = Hex.bytes(fields.get("pt under key1"));
    }

    @Test
    void plainAesGcmAcceptsTheCiphertextUnderBothKeysAsTwoDifferentMessages() throws GeneralSecurityException {
        assertThat(key0).isNotEqualTo(key1);
        assertThat(gcmDecrypt(key0)).isEqualTo(plaintext0);
        assertThat(gcmDecrypt(key1)).isEqualTo(plaintext1);
        assertThat(plaintext0).isNotEqualTo(plaintext1);
    }

    @Test
    void theSameBytesInTheFrankingWireFormatOpenUnderNeitherKey() {
        byte[] envelope = new byte[1 + 16 + ciphertextAndTag.length];
        envelope[0] = CommittingAead.VERSION;
        System.arraycopy(nonce, 0, envelope, 1, nonce.length);
        System.arraycopy(ciphertextAndTag, 0, envelope, 17, ciphertextAndTag.length);
        assertThat(CommittingAead.open(messageKey(key0), envelope, new byte[0])).isEmpty();
        assertThat(CommittingAead.open(messageKey(key1), envelope, new byte[0])).isEmpty();
    }

    @Test
    void theGcmCiphertextCanBeMadeToOpenUnderEitherKeyButNeverBoth() {
        // The adversary's best effort in the franking format: keep header and ciphertext fixed and
        // authenticate them under each key. The tags differ, and an envelope has room for only one.
        byte[] frankingNonce = Arrays.copyOf(nonce, CommittingAead.NONCE_LENGTH);
        byte[] ciphertext = Arrays.copyOf(ciphertextAndTag, ciphertextAndTag.length - 16);
        byte[] under0 = CommittingAead.authenticate(messageKey(key0), frankingNonce, ciphertext, new byte[0]);
        byte[] under1 = CommittingAead.authenticate(messageKey(key1), frankingNonce, ciphertext, new byte[0]);

        assertThat(tag(under0)).isNotEqualTo(tag(under1));
        assertThat(CommittingAead.open(messageKey(key0), under0, new byte[0])).isPresent();
        assertThat(CommittingAead.open(messageKey(key1), under0, new byte[0])).isEmpty();
        assertThat(CommittingAead.open(messageKey(key1), under1, new byte[0])).isPresent();
        assertThat(CommittingAead.open(messageKey(key0), under1, new byte[0])).isEmpty();
    }

    private byte[] gcmDecrypt(byte[] key) throws GeneralSecurityException {
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        return gcm.doFinal(ciphertextAndTag);
    }

    /** The envelope takes 32-byte message keys; the vector's AES-128 keys are hashed to that size. */
    private static byte[] messageKey(byte[] vectorKey) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(vectorKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] tag(byte[] envelope) {
        return Arrays.copyOfRange(envelope, envelope.length - CommittingAead.TAG_LENGTH, envelope.length);
    }
}
