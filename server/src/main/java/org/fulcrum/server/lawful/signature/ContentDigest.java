package org.fulcrum.server.lawful.signature;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/** RFC 9530 {@code Content-Digest} with sha-256 (and sha-512 checked when a sender adds it). */
public final class ContentDigest {
    private ContentDigest() {}

    /** The header value for {@code body}: {@code sha-256=:base64:}. */
    public static String of(byte[] body) {
        return "sha-256=:" + Base64.getEncoder().encodeToString(digest("SHA-256", body)) + ":";
    }

    /** What checking a header against a body found. */
    public enum Check {
        MATCH,
        MISMATCH,
        NO_SHA256,
        MALFORMED
    }

    public static Check check(String header, byte[] body) {
        Map<String, StructuredFields.Member> dict;
        try {
            dict = StructuredFields.dictionary(header);
        } catch (StructuredFields.Malformed e) {
            return Check.MALFORMED;
        }
        if (!(dict.get("sha-256") instanceof StructuredFields.Bytes sha256)) {
            return Check.NO_SHA256;
        }
        if (!MessageDigest.isEqual(sha256.value(), digest("SHA-256", body))) {
            return Check.MISMATCH;
        }
        if (dict.get("sha-512") instanceof StructuredFields.Bytes sha512
                && !MessageDigest.isEqual(sha512.value(), digest("SHA-512", body))) {
            return Check.MISMATCH;
        }
        return Check.MATCH;
    }

    public static byte[] digest(String alg, byte[] body) {
        try {
            return MessageDigest.getInstance(alg).digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
