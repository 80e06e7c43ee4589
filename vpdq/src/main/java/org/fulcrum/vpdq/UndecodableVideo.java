package org.fulcrum.vpdq;

import org.fulcrum.pdq.PdqException;

/**
 * The input is not a video this module can decode: empty, not a known container, truncated,
 * corrupt, without a video stream, or with frames too small to hash.
 */
public final class UndecodableVideo extends PdqException {
    public UndecodableVideo(String message) {
        super(message);
    }
}
