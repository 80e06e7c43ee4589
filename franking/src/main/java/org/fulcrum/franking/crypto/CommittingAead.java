package org.fulcrum.franking.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Key-committing authenticated encryption: AES-256-CTR, then HMAC-SHA256 over everything.
 *
 * <p>Wire format, version 1:
 * <pre>
 * envelope   = version ‖ nonce ‖ ciphertext ‖ tag
 *   version    1 byte    0x01
 *   nonce     16 bytes   random, fresh for every message
 *   ciphertext n bytes   AES-256-CTR(encKey, initial counter block = nonce, plaintext)
 *   tag       32 bytes   HMAC-SHA256(macKey, version ‖ nonce ‖ uint64be(len(ad)) ‖ ad ‖ ciphertext)
 *
 * encKey ‖ macKey = HKDF-SHA256(salt = nonce, ikm = key, info = "fulcrum/franking/v1/etm", 64)
 * </pre>
 * Parsing is strict: an envelope shorter than {@link #OVERHEAD} bytes or with another version byte
 * is refused, and the tag is compared in constant time before anything is decrypted.
 *
 * <p>Why this commits to the key, unlike AES-GCM or ChaCha20-Poly1305: the tag is a full-length
 * HMAC-SHA256 over an injective encoding of header, associated data and ciphertext. For one
 * envelope to open under two keys, the two derived MAC keys (distinct unless HMAC-SHA256 collides)
 * would have to give the same HMAC over the same input, which needs a SHA-256 collision. GCM's tag
 * is a polynomial in a key-dependent point, so a ciphertext can be solved to authenticate under
 * two chosen keys ("invisible salamanders"); a franking scheme built on it could not tell which
 * message was sent.
 */
public final class CommittingAead {

    /** Version byte of the wire format this class writes and reads. */
    public static final byte VERSION = 1;
    /** Length of the key this class takes: the per-message key of the E2E session. */
    public static final int KEY_LENGTH = 32;
    /** Length of the nonce in bytes. */
    public static final int NONCE_LENGTH = 16;
    /** Length of the tag in bytes; never truncated, since truncation weakens the commitment. */
    public static final int TAG_LENGTH = HmacSha256.LENGTH;
    /** Bytes an envelope adds to its plaintext. */
    public static final int OVERHEAD = 1 + NONCE_LENGTH + TAG_LENGTH;

    private static final byte[] INFO = "fulcrum/franking/v1/etm".getBytes(StandardCharsets.US_ASCII);

    private CommittingAead() {}

    /** Encrypts {@code plaintext} under {@code key}, binding {@code associatedData}, with a fresh nonce. */
    public static byte[] seal(byte[] key, byte[] plaintext, byte[] associatedData, SecureRandom random) {
        byte[] nonce = new byte[NONCE_LENGTH];
        random.nextBytes(nonce);
        return seal(key, nonce, plaintext, associatedData);
    }

    /**
     * Returns the plaintext if {@code envelope} is well formed and authentic under {@code key} and
     * {@code associatedData}; empty otherwise. The reason for a refusal is deliberately not told.
     */
    public static Optional<byte[]> open(byte[] key, byte[] envelope, byte[] associatedData) {
        checkKey(key);
        if (envelope.length < OVERHEAD || envelope[0] != VERSION) {
            return Optional.empty();
        }
        byte[] nonce = Arrays.copyOfRange(envelope, 1, 1 + NONCE_LENGTH);
        byte[] ciphertext = Arrays.copyOfRange(envelope, 1 + NONCE_LENGTH, envelope.length - TAG_LENGTH);
        byte[] tag = Arrays.copyOfRange(envelope, envelope.length - TAG_LENGTH, envelope.length);
        byte[][] keys = subkeys(key, nonce);
        if (!HmacSha256.equal(tag, tag(keys[1], nonce, associatedData, ciphertext))) {
            return Optional.empty();
        }
        return Optional.of(ctr(keys[0], nonce, ciphertext));
    }

    static byte[] seal(byte[] key, byte[] nonce, byte[] plaintext, byte[] associatedData) {
        checkKey(key);
        return authenticate(key, nonce, ctr(subkeys(key, nonce)[0], nonce, plaintext), associatedData);
    }

    /** Builds an envelope around a given ciphertext; CTR makes every byte string a ciphertext. */
    static byte[] authenticate(byte[] key, byte[] nonce, byte[] ciphertext, byte[] associatedData) {
        checkKey(key);
        if (nonce.length != NONCE_LENGTH) {
            throw new IllegalArgumentException("nonce must be " + NONCE_LENGTH + " bytes");
        }
        byte[] tag = tag(subkeys(key, nonce)[1], nonce, associatedData, ciphertext);
        return ByteBuffer.allocate(OVERHEAD + ciphertext.length)
                .put(VERSION)
                .put(nonce)
                .put(ciphertext)
                .put(tag)
                .array();
    }

    private static byte[][] subkeys(byte[] key, byte[] nonce) {
        byte[] okm = Hkdf.derive(nonce, key, INFO, 2 * KEY_LENGTH);
        return new byte[][] {Arrays.copyOf(okm, KEY_LENGTH), Arrays.copyOfRange(okm, KEY_LENGTH, okm.length)};
    }

    private static byte[] tag(byte[] macKey, byte[] nonce, byte[] associatedData, byte[] ciphertext) {
        Mac mac = HmacSha256.init(macKey);
        mac.update(VERSION);
        mac.update(nonce);
        mac.update(
                ByteBuffer.allocate(Long.BYTES).putLong(associatedData.length).array());
        mac.update(associatedData);
        mac.update(ciphertext);
        return mac.doFinal();
    }

    private static byte[] ctr(byte[] encKey, byte[] nonce, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(encKey, "AES"), new IvParameterSpec(nonce));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no AES/CTR/NoPadding", e);
        }
    }

    private static void checkKey(byte[] key) {
        if (key.length != KEY_LENGTH) {
            throw new IllegalArgumentException("key must be " + KEY_LENGTH + " bytes");
        }
    }
}
