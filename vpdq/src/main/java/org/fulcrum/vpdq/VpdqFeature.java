package org.fulcrum.vpdq;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;
import org.fulcrum.pdq.MalformedHash;
import org.fulcrum.pdq.PdqHash;

/**
 * One hashed frame: its number in decoding order (from 0), PDQ quality (0-100), PDQ hash, and
 * timestamp in seconds (frame number over the stream's frame rate, as the reference computes it).
 */
public record VpdqFeature(long frameNumber, int quality, PdqHash hash, double timestamp) {
    public VpdqFeature {
        Objects.requireNonNull(hash, "hash");
        if (frameNumber < 0 || quality < 0 || quality > 100 || !(timestamp >= 0) || Double.isInfinite(timestamp)) {
            throw new IllegalArgumentException(
                    "invalid frame: number " + frameNumber + ", quality " + quality + ", timestamp " + timestamp);
        }
    }

    /**
     * The reference's line: {@code frame,quality,hash,timestamp} with the timestamp to three
     * decimals, rounded from its exact binary value as C's {@code printf} does.
     */
    public String toLine() {
        String seconds =
                new BigDecimal(timestamp).setScale(3, RoundingMode.HALF_EVEN).toPlainString();
        return frameNumber + "," + quality + "," + hash.toHex() + "," + seconds;
    }

    /** Parses a {@link #toLine()} line; a line that is not one throws {@link MalformedHash}. */
    public static VpdqFeature parse(String line) {
        String[] parts = line.strip().split(",", -1);
        if (parts.length != 4) {
            throw new MalformedHash("vPDQ line needs frame,quality,hash,timestamp: " + abbreviate(line));
        }
        try {
            long frame = Long.parseLong(parts[0].strip());
            int quality = Integer.parseInt(parts[1].strip());
            PdqHash hash = PdqHash.fromHex(parts[2].strip());
            double timestamp = Double.parseDouble(parts[3].strip());
            return new VpdqFeature(frame, quality, hash, timestamp);
        } catch (IllegalArgumentException e) {
            // NumberFormatException and the compact constructor's checks alike
            throw new MalformedHash("vPDQ line is malformed (" + e.getMessage() + "): " + abbreviate(line));
        }
    }

    private static String abbreviate(String line) {
        return line.length() <= 100 ? line : line.substring(0, 100) + "...";
    }
}
