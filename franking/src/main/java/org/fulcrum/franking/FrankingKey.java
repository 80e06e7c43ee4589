package org.fulcrum.franking;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The fresh 256-bit key a sender draws for each message and commits with. It travels inside the
 * E2E ciphertext and is revealed only when the recipient reports the message.
 *
 * @param bytes exactly 32 bytes; copied in and out
 */
public record FrankingKey(byte[] bytes) {

    /** Length in bytes. */
    public static final int LENGTH = 32;

    /** Validates the length and takes a copy. */
    public FrankingKey {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("franking key must be " + LENGTH + " bytes");
        }
        bytes = bytes.clone();
    }

    /** Draws a new key. */
    public static FrankingKey random(SecureRandom random) {
        byte[] bytes = new byte[LENGTH];
        random.nextBytes(bytes);
        return new FrankingKey(bytes);
    }

    /** A copy of the key bytes. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FrankingKey other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "FrankingKey[redacted]";
    }
}
