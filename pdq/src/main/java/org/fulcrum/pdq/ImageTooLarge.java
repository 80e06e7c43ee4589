package org.fulcrum.pdq;

/**
 * The input exceeds a {@link DecodeLimits} bound: too many bytes, or a header declaring more pixels
 * than allowed. Raised before any pixel is decoded, so a hostile header cannot exhaust memory.
 */
public final class ImageTooLarge extends PdqException {
    public ImageTooLarge(String message) {
        super(message);
    }
}
