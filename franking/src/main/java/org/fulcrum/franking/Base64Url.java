package org.fulcrum.franking;

import java.util.Base64;
import java.util.Optional;

/** Unpadded base64url (RFC 4648 section 5) with strict, canonical decoding. */
final class Base64Url {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Base64Url() {}

    static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /**
     * Decodes {@code text}, or returns empty if it is not the one canonical encoding of some bytes:
     * padding, other alphabets and non-zero trailing bits are all refused, so that no two strings
     * decode to the same bytes.
     */
    static Optional<byte[]> decode(String text) {
        if (text.indexOf('=') >= 0 || text.length() % 4 == 1) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = DECODER.decode(text);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return encode(bytes).equals(text) ? Optional.of(bytes) : Optional.empty();
    }

    /** Length of the encoding of {@code n} bytes. */
    static long encodedLength(long n) {
        return (n * 4 + 2) / 3;
    }
}
