package org.fulcrum.pdq;

/**
 * The reference's 2D DCT from the 64x64 downsample to 16x16 coefficients (frequencies 1..16 in
 * each direction; the DC term is left out), computed as {@code D * A * D^T} in float32 with each
 * sum accumulated over k = 0..63 in order, as the reference does.
 */
final class Dct {
    /** 16 x 64, row-major: {@code (float) (sqrt(2/64) * cos(pi/128 * (i+1) * (2j+1)))}. */
    private static final float[] MATRIX = matrix();

    private Dct() {}

    private static float[] matrix() {
        float[] d = new float[16 * 64];
        // The reference keeps the scale factor in a float, then multiplies in double.
        float scale = (float) Math.sqrt(2.0 / 64.0);
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 64; j++) {
                d[i * 64 + j] = (float) (scale * StrictMath.cos((Math.PI / 2 / 64.0) * (i + 1) * (2 * j + 1)));
            }
        }
        return d;
    }

    /** {@code out[16*16] = D * a[64*64] * D^T}; {@code scratch} holds 16 x 64 floats. */
    static void apply(float[] a, float[] scratch, float[] out) {
        float[] d = MATRIX;
        java.util.Arrays.fill(scratch, 0.0f);
        // T = D * A, accumulated in k order for every (i, j); the j loop vectorises.
        for (int i = 0; i < 16; i++) {
            int t = i * 64;
            for (int k = 0; k < 64; k++) {
                float dik = d[i * 64 + k];
                int ak = k * 64;
                for (int j = 0; j < 64; j++) {
                    scratch[t + j] += dik * a[ak + j];
                }
            }
        }
        // B = T * D^T.
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 16; j++) {
                float sum = 0.0f;
                for (int k = 0; k < 64; k++) {
                    sum += scratch[i * 64 + k] * d[j * 64 + k];
                }
                out[i * 16 + j] = sum;
            }
        }
    }
}
