package org.fulcrum.franking.crypto;

import javax.crypto.Mac;

/** HKDF with HMAC-SHA256, as specified in RFC 5869. */
public final class Hkdf {

    private static final int HASH_LENGTH = HmacSha256.LENGTH;

    private Hkdf() {}

    /**
     * HKDF-Extract: returns the 32-byte pseudorandom key HMAC(salt, ikm).
     *
     * @param salt may be empty, which RFC 5869 defines as 32 zero bytes
     */
    public static byte[] extract(byte[] salt, byte[] ikm) {
        return HmacSha256.mac(salt.length == 0 ? new byte[HASH_LENGTH] : salt, ikm);
    }

    /**
     * HKDF-Expand: returns {@code length} bytes of output keying material.
     *
     * @param prk a pseudorandom key of at least 32 bytes, usually from {@link #extract}
     * @param length between 0 and 255 * 32
     */
    public static byte[] expand(byte[] prk, byte[] info, int length) {
        if (prk.length < HASH_LENGTH) {
            throw new IllegalArgumentException("prk must be at least " + HASH_LENGTH + " bytes");
        }
        if (length < 0 || length > 255 * HASH_LENGTH) {
            throw new IllegalArgumentException("length must be in [0, " + 255 * HASH_LENGTH + "]");
        }
        Mac mac = HmacSha256.init(prk);
        byte[] okm = new byte[length];
        byte[] block = new byte[0];
        for (int counter = 1, filled = 0; filled < length; counter++) {
            mac.update(block);
            mac.update(info);
            mac.update((byte) counter);
            block = mac.doFinal();
            int n = Math.min(block.length, length - filled);
            System.arraycopy(block, 0, okm, filled, n);
            filled += n;
        }
        return okm;
    }

    /** Extract then expand. */
    public static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
        return expand(extract(salt, ikm), info, length);
    }
}
