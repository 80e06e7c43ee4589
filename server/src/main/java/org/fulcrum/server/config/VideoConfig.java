package org.fulcrum.server.config;

import java.time.Duration;
import org.fulcrum.vpdq.VideoLimits;

/**
 * Bounds on the videos Fulcrum hashes itself (sent as bytes or fetched by reference with content
 * events, or sent to the hashing endpoints). A video over one is refused with a problem that names
 * the key, and nothing is stored.
 *
 * @param maxBytes largest video, in bytes ({@code video.max.bytes}); inline bytes are bounded by
 *     {@code limits.body.bytes} first
 * @param maxPixels largest frame, width x height ({@code video.max.pixels})
 * @param maxDuration longest video, declared or decoded ({@code video.max.duration.seconds})
 * @param maxFrames most frames decoded, hashed or not ({@code video.max.frames})
 * @param secondsPerHash the interval between hashed frames, 0 for every frame
 *     ({@code video.seconds.per.hash}); banked videos must be hashed at the same rate as the content
 *     they are to match, since the vPDQ rule counts the frames each side finds in the other
 */
public record VideoConfig(long maxBytes, long maxPixels, Duration maxDuration, long maxFrames, double secondsPerHash) {
    /**
     * 64 MiB, 1920x1080 frames, 10 minutes, 10 minutes at 60 frames per second, one frame a second
     * (as {@code fulcrum hash} hashes videos by default).
     */
    public static final VideoConfig DEFAULT =
            new VideoConfig(64L << 20, 1920L * 1080, Duration.ofMinutes(10), 600L * 60, 1.0);

    public VideoConfig {
        if (maxBytes < 1 || maxBytes > 1L << 32) {
            throw new IllegalArgumentException("video.max.bytes must be 1 to 4 GiB, was " + maxBytes);
        }
        if (maxPixels < 25 || maxPixels > 8192L * 8192) {
            throw new IllegalArgumentException("video.max.pixels must be 25 to 8192x8192, was " + maxPixels);
        }
        if (maxDuration == null || maxDuration.toSeconds() < 1 || maxDuration.toHours() > 24) {
            throw new IllegalArgumentException("video.max.duration.seconds must be 1 to 86400, was "
                    + (maxDuration == null ? "missing" : maxDuration.toSeconds()));
        }
        if (maxFrames < 1 || maxFrames > 24L * 3600 * 240) {
            throw new IllegalArgumentException(
                    "video.max.frames must be 1 to a day at 240 frames per second, was " + maxFrames);
        }
        if (!(secondsPerHash >= 0 && secondsPerHash <= 3600)) {
            throw new IllegalArgumentException("video.seconds.per.hash must be 0 to 3600, was " + secondsPerHash);
        }
    }

    /** These bounds with another interval between hashed frames. */
    public VideoConfig everySeconds(double seconds) {
        return new VideoConfig(maxBytes, maxPixels, maxDuration, maxFrames, seconds);
    }

    /** These bounds as the decoder takes them. */
    public VideoLimits limits() {
        return new VideoLimits(maxBytes, maxPixels, maxDuration, maxFrames);
    }
}
