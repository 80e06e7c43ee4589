package org.fulcrum.vpdq;

import java.time.Duration;

/**
 * Bounds on what the video decoder accepts. Bytes and declared size and length are checked before
 * any frame is decoded; frames, packets and the running timestamp are checked while decoding, so a
 * container that lies about its length, or a stream that never ends, stops at the bound.
 *
 * @param maxBytes    largest accepted file, in bytes
 * @param maxPixels   largest accepted frame, width x height
 * @param maxDuration longest accepted video, declared or decoded
 * @param maxFrames   most frames decoded (hashed or not); the packets read are bounded at four times this
 */
public record VideoLimits(long maxBytes, long maxPixels, Duration maxDuration, long maxFrames) {
    /** 512 MiB, 4K UHD frames (3840x2160), one hour, one hour at 60 frames per second. */
    public static final VideoLimits DEFAULT =
            new VideoLimits(512L << 20, 3840L * 2160, Duration.ofHours(1), 3600L * 60);

    public VideoLimits {
        if (maxBytes <= 0
                || maxPixels <= 0
                || maxFrames <= 0
                || maxDuration == null
                || maxDuration.isNegative()
                || maxDuration.isZero()) {
            throw new IllegalArgumentException("video limits must be positive: " + maxBytes + " bytes, " + maxPixels
                    + " pixels, " + maxDuration + ", " + maxFrames + " frames");
        }
        // Frames are hashed from one float array indexed by int.
        if (maxPixels > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException("maxPixels above " + Integer.MAX_VALUE / 4 + " cannot be hashed");
        }
    }

    long maxPackets() {
        return maxFrames > Long.MAX_VALUE / 4 ? Long.MAX_VALUE : maxFrames * 4;
    }
}
