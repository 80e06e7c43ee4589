package org.fulcrum.pdq;

/**
 * A source of luma, one row at a time, computed exactly as the reference computes it from 8-bit
 * R, G, B samples: {@code 0.299f*r + 0.587f*g + 0.114f*b} in float32, evaluated left to right.
 * Supplying rows lazily lets the hasher run its first filter pass straight from the decoded pixels
 * without a full-size luma copy.
 */
interface LumaRows {
    float LUMA_R = 0.299f;
    float LUMA_G = 0.587f;
    float LUMA_B = 0.114f;

    int width();

    int height();

    /** Writes the luma of row {@code y} into {@code dst[0 .. width-1]}. */
    void row(int y, float[] dst);

    static float luma(int r, int g, int b) {
        return LUMA_R * r + LUMA_G * g + LUMA_B * b;
    }
}
