package org.fulcrum.pdq;

import java.util.HexFormat;

/**
 * A 256-bit PDQ hash held as four words; {@code w0} holds bits 0-63, {@code w3} bits 192-255.
 *
 * <p>Bit {@code k = 16*i + j} is set when DCT coefficient {@code [i][j]} (row {@code i} = vertical
 * frequency) exceeds the median. The text form is the reference one: 64 lowercase hex digits, the
 * big-endian rendering of the 256-bit number, so the first four digits are DCT row 15 and the last
 * digit holds bits 3..0.
 */
public record PdqHash(long w0, long w1, long w2, long w3) implements Comparable<PdqHash> {
    /** Number of bits in a hash. */
    public static final int BITS = 256;

    private static final HexFormat HEX = HexFormat.of();

    /** Parses 64 hex digits (either case); anything else is a {@link MalformedHash}. */
    public static PdqHash fromHex(CharSequence hex) {
        if (hex == null || hex.length() != 64) {
            throw new MalformedHash(
                    "a PDQ hash is 64 hex digits, got " + (hex == null ? "nothing" : hex.length() + " characters"));
        }
        long[] w = new long[4];
        for (int word = 0; word < 4; word++) {
            int start = (3 - word) * 16;
            long value = 0;
            for (int i = start; i < start + 16; i++) {
                int digit = Character.digit(hex.charAt(i), 16);
                if (digit < 0) {
                    throw new MalformedHash("not a hex digit at position " + (i + 1) + ": '" + hex.charAt(i) + "'");
                }
                value = (value << 4) | digit;
            }
            w[word] = value;
        }
        return new PdqHash(w[0], w[1], w[2], w[3]);
    }

    /** Builds a hash from the 16 row words of the reference ({@code words[i]} = DCT row {@code i}). */
    static PdqHash fromRows(int[] rows) {
        long[] w = new long[4];
        for (int i = 0; i < 16; i++) {
            w[i >>> 2] |= (long) (rows[i] & 0xFFFF) << ((i & 3) * 16);
        }
        return new PdqHash(w[0], w[1], w[2], w[3]);
    }

    /** The word holding bits {@code 64*index .. 64*index+63}. */
    public long word(int index) {
        return switch (index) {
            case 0 -> w0;
            case 1 -> w1;
            case 2 -> w2;
            case 3 -> w3;
            default -> throw new IndexOutOfBoundsException(index);
        };
    }

    /** Whether bit {@code k} (0..255) is set. */
    public boolean bit(int k) {
        if (k < 0 || k >= BITS) {
            throw new IndexOutOfBoundsException(k);
        }
        return ((word(k >>> 6) >>> (k & 63)) & 1L) != 0;
    }

    /** This hash with bit {@code k} inverted. */
    public PdqHash flip(int k) {
        if (k < 0 || k >= BITS) {
            throw new IndexOutOfBoundsException(k);
        }
        long mask = 1L << (k & 63);
        return switch (k >>> 6) {
            case 0 -> new PdqHash(w0 ^ mask, w1, w2, w3);
            case 1 -> new PdqHash(w0, w1 ^ mask, w2, w3);
            case 2 -> new PdqHash(w0, w1, w2 ^ mask, w3);
            default -> new PdqHash(w0, w1, w2, w3 ^ mask);
        };
    }

    /** Number of set bits. */
    public int bitCount() {
        return Long.bitCount(w0) + Long.bitCount(w1) + Long.bitCount(w2) + Long.bitCount(w3);
    }

    /** Hamming distance: the number of bits in which the two hashes differ (0..256). */
    public int distance(PdqHash other) {
        return Long.bitCount(w0 ^ other.w0)
                + Long.bitCount(w1 ^ other.w1)
                + Long.bitCount(w2 ^ other.w2)
                + Long.bitCount(w3 ^ other.w3);
    }

    /** The reference text form: 64 lowercase hex digits. */
    public String toHex() {
        return HEX.toHexDigits(w3) + HEX.toHexDigits(w2) + HEX.toHexDigits(w1) + HEX.toHexDigits(w0);
    }

    @Override
    public String toString() {
        return toHex();
    }

    /** Orders as the 256-bit unsigned numbers the hex strings spell, i.e. like the hex text. */
    @Override
    public int compareTo(PdqHash o) {
        int c = Long.compareUnsigned(w3, o.w3);
        if (c == 0) {
            c = Long.compareUnsigned(w2, o.w2);
        }
        if (c == 0) {
            c = Long.compareUnsigned(w1, o.w1);
        }
        return c != 0 ? c : Long.compareUnsigned(w0, o.w0);
    }
}
