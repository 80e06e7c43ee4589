package org.fulcrum.franking.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 over one or more byte strings, and a constant-time comparison for its tags. */
public final class HmacSha256 {

    /** Length of a tag in bytes. */
    public static final int LENGTH = 32;

    private HmacSha256() {}

    /**
     * Returns HMAC-SHA256 under {@code key} of the concatenation of {@code parts}.
     *
     * @param key any length; an empty key is the same as 64 zero bytes (RFC 2104 pads with zeros)
     */
    public static byte[] mac(byte[] key, byte[]... parts) {
        Mac mac = init(key);
        for (byte[] part : parts) {
            mac.update(part);
        }
        return mac.doFinal();
    }

    /** Returns a fresh {@link Mac} keyed with {@code key}, for callers that stream their input. */
    public static Mac init(byte[] key) {
        // SecretKeySpec refuses an empty array; HMAC pads short keys with zeros, so one zero byte
        // is the same key.
        byte[] k = key.length == 0 ? new byte[1] : key;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(k, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }

    /** Compares two byte strings in time that depends only on their lengths. */
    public static boolean equal(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }
}
