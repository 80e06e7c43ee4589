package org.fulcrum.server.detect;

import java.util.Locale;
import org.fulcrum.server.core.FulcrumException.InvalidInput;

/**
 * The kinds of hash a bank holds: PDQ (perceptual, matched by Hamming distance), two exact digests,
 * and vPDQ, a video's PDQ frames; a vPDQ hash is named by the SHA-256 of its frames in the
 * reference's text form ({@link BankHash#frames()}), and matched by the share of frames found.
 */
public enum HashType {
    pdq(64),
    md5(32),
    sha256(64),
    vpdq(64);

    private final int hexLength;

    HashType(int hexLength) {
        this.hexLength = hexLength;
    }

    public int hexLength() {
        return hexLength;
    }

    /** Parses a type name (any case); {@code field} names the input in the error. */
    public static HashType parse(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInput(field, "is required: one of pdq, md5, sha256, vpdq");
        }
        try {
            return valueOf(value.strip().toLowerCase(Locale.ROOT).replace("-", ""));
        } catch (IllegalArgumentException e) {
            throw new InvalidInput(field, "must be one of pdq, md5, sha256, vpdq, not '" + clip(value) + "'");
        }
    }

    /** The hash in its stored form (lower-case hex of this type's length), or an error naming {@code field}. */
    public String normalise(String field, String hex) {
        if (hex == null) {
            throw new InvalidInput(field, "is required");
        }
        String h = hex.strip();
        if (h.length() != hexLength) {
            throw new InvalidInput(
                    field, "a " + name() + " hash is " + hexLength + " hex digits, got " + h.length() + " characters");
        }
        char[] out = new char[hexLength];
        for (int i = 0; i < hexLength; i++) {
            char c = h.charAt(i);
            if (c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
                out[i] = c;
            } else if (c >= 'A' && c <= 'F') {
                out[i] = (char) (c + ('a' - 'A'));
            } else {
                throw new InvalidInput(field, "not a hex digit at position " + (i + 1));
            }
        }
        return new String(out);
    }

    /** The type a bare hash of this length implies: 32 digits MD5, 64 digits PDQ (SHA-256 must be named). */
    static HashType byLength(String field, String hex) {
        int n = hex == null ? 0 : hex.strip().length();
        if (n == 32) {
            return md5;
        }
        if (n == 64) {
            return pdq;
        }
        throw new InvalidInput(field, "a hash is 64 hex digits (PDQ) or 32 (MD5), got " + n + " characters");
    }

    static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
