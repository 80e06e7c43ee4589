package org.fulcrum.pdq;

/**
 * Bounds on what the decoder accepts, checked before decoding: the size of the encoded input, and
 * the pixel count the image header declares (so a small file claiming a huge image is refused
 * without allocating for it).
 *
 * @param maxBytes  largest accepted encoded input, in bytes
 * @param maxPixels largest accepted width x height
 */
public record DecodeLimits(long maxBytes, long maxPixels) {
    /** 64 MiB of input, 50 megapixels. */
    public static final DecodeLimits DEFAULT = new DecodeLimits(64L << 20, 50_000_000L);

    public DecodeLimits {
        if (maxBytes <= 0 || maxPixels <= 0) {
            throw new IllegalArgumentException(
                    "limits must be positive: maxBytes=" + maxBytes + ", maxPixels=" + maxPixels);
        }
        // The hasher's working buffer is one float array indexed by int.
        if (maxPixels > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("maxPixels above " + (Integer.MAX_VALUE - 16) + " cannot be hashed");
        }
    }
}
