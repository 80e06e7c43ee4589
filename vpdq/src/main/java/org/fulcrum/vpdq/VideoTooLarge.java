package org.fulcrum.vpdq;

import org.fulcrum.pdq.PdqException;

/** The video exceeds a {@link VideoLimits} bound: bytes, frame size, duration, frames or packets. */
public final class VideoTooLarge extends PdqException {
    /** The bound a video exceeded. */
    public enum Limit {
        /** {@link VideoLimits#maxBytes()} */
        BYTES,
        /** {@link VideoLimits#maxPixels()} */
        PIXELS,
        /** {@link VideoLimits#maxDuration()} */
        DURATION,
        /** {@link VideoLimits#maxFrames()} (and the packets bounded by it) */
        FRAMES
    }

    private final Limit limit;

    public VideoTooLarge(Limit limit, String message) {
        super(message);
        this.limit = limit;
    }

    /** Which bound was exceeded. */
    public Limit limit() {
        return limit;
    }
}
