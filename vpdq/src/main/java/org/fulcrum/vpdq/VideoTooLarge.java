package org.fulcrum.vpdq;

import org.fulcrum.pdq.PdqException;

/** The video exceeds a {@link VideoLimits} bound: bytes, frame size, duration, frames or packets. */
public final class VideoTooLarge extends PdqException {
    public VideoTooLarge(String message) {
        super(message);
    }
}
