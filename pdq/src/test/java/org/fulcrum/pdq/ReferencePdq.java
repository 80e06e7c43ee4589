package org.fulcrum.pdq;

/**
 * A line-by-line port of the C++ reference core (pdqhashing.cpp, downscaling.cpp, torben.cpp): full
 * float32 buffers, the reference loop order, no shortcuts. Too slow for production use; it is the
 * oracle that the optimised {@link PdqHasher} must agree with bit for bit.
 */
final class ReferencePdq {
    static final float LUMA_R = 0.299f;
    static final float LUMA_G = 0.587f;
    static final float LUMA_B = 0.114f;

    /** What the reference computes, with its intermediates. */
    record Output(float[] luma, float[] downsampled, float[] dct, PdqHash hash, int quality, PdqHash[] dihedral) {}

    private ReferencePdq() {}

    static float[] lumaFromRgb(int[] r, int[] g, int[] b) {
        float[] luma = new float[r.length];
        for (int i = 0; i < luma.length; i++) {
            luma[i] = LUMA_R * r[i] + LUMA_G * g[i] + LUMA_B * b[i];
        }
        return luma;
    }

    static Output hash(float[] lumaIn, int numRows, int numCols) {
        float[] luma = lumaIn.clone();
        float[] buffer1 = lumaIn.clone();
        float[] buffer2 = new float[numRows * numCols];
        int windowAlongRows = (numCols + 2 * 64 - 1) / (2 * 64);
        int windowAlongCols = (numRows + 2 * 64 - 1) / (2 * 64);
        for (int rep = 0; rep < 2; rep++) {
            for (int i = 0; i < numRows; i++) {
                box1D(buffer1, i * numCols, buffer2, i * numCols, numCols, 1, windowAlongRows);
            }
            for (int j = 0; j < numCols; j++) {
                box1D(buffer2, j, buffer1, j, numRows, numCols, windowAlongCols);
            }
        }
        float[] down = new float[64 * 64];
        for (int i = 0; i < 64; i++) {
            int ini = (int) (((i + 0.5) * numRows) / 64);
            for (int j = 0; j < 64; j++) {
                int inj = (int) (((j + 0.5) * numCols) / 64);
                down[i * 64 + j] = buffer1[ini * numCols + inj];
            }
        }
        int quality = quality(down);
        float[] dct = dct(down);
        PdqHash[] dihedral = new PdqHash[8];
        for (int t = 0; t < 8; t++) {
            dihedral[t] = bits(transform(dct, t));
        }
        return new Output(luma, down, dct, dihedral[0], quality, dihedral);
    }

    static void box1D(float[] in, int inOff, float[] out, int outOff, int length, int stride, int window) {
        int half = (window + 2) / 2;
        int phase1 = half - 1;
        int phase2 = window - half + 1;
        int phase3 = length - window;
        int phase4 = half - 1;
        int li = 0;
        int ri = 0;
        int oi = 0;
        float sum = 0.0f;
        int size = 0;
        for (int i = 0; i < phase1; i++) {
            sum += in[inOff + ri];
            size++;
            ri += stride;
        }
        for (int i = 0; i < phase2; i++) {
            sum += in[inOff + ri];
            size++;
            out[outOff + oi] = sum / size;
            ri += stride;
            oi += stride;
        }
        for (int i = 0; i < phase3; i++) {
            sum += in[inOff + ri];
            sum -= in[inOff + li];
            out[outOff + oi] = sum / size;
            li += stride;
            ri += stride;
            oi += stride;
        }
        for (int i = 0; i < phase4; i++) {
            sum -= in[inOff + li];
            size--;
            out[outOff + oi] = sum / size;
            li += stride;
            oi += stride;
        }
    }

    static int quality(float[] b) {
        int gradientSum = 0;
        for (int i = 0; i < 63; i++) {
            for (int j = 0; j < 64; j++) {
                float u = b[i * 64 + j];
                float v = b[(i + 1) * 64 + j];
                int d = (int) (((u - v) * 100) / 255);
                gradientSum += Math.abs(d);
            }
        }
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < 63; j++) {
                float u = b[i * 64 + j];
                float v = b[i * 64 + j + 1];
                int d = (int) (((u - v) * 100) / 255);
                gradientSum += Math.abs(d);
            }
        }
        return Math.min(100, gradientSum / 90);
    }

    static float[] dctMatrix() {
        float[] d = new float[16 * 64];
        float scale = (float) Math.sqrt(2.0 / 64.0);
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 64; j++) {
                d[i * 64 + j] = (float) (scale * Math.cos((Math.PI / 2 / 64.0) * (i + 1) * (2 * j + 1)));
            }
        }
        return d;
    }

    static float[] dct(float[] a) {
        float[] d = dctMatrix();
        float[] t = new float[16 * 64];
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 64; j++) {
                float sum = 0.0f;
                for (int k = 0; k < 64; k++) {
                    sum += d[i * 64 + k] * a[k * 64 + j];
                }
                t[i * 64 + j] = sum;
            }
        }
        float[] b = new float[16 * 16];
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 16; j++) {
                float sum = 0.0f;
                for (int k = 0; k < 64; k++) {
                    sum += t[i * 64 + k] * d[j * 64 + k];
                }
                b[i * 16 + j] = sum;
            }
        }
        return b;
    }

    /** Transform index: 0 orig, 1 rot90, 2 rot180, 3 rot270, 4 flipx, 5 flipy, 6 flip+1, 7 flip-1. */
    static float[] transform(float[] a, int t) {
        float[] b = new float[256];
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 16; j++) {
                float v = a[i * 16 + j];
                switch (t) {
                    case 0 -> b[i * 16 + j] = v;
                    case 1 -> b[j * 16 + i] = (j & 1) != 0 ? v : -v;
                    case 2 -> b[i * 16 + j] = ((i + j) & 1) != 0 ? -v : v;
                    case 3 -> b[j * 16 + i] = (i & 1) != 0 ? v : -v;
                    case 4 -> b[i * 16 + j] = (i & 1) != 0 ? v : -v;
                    case 5 -> b[i * 16 + j] = (j & 1) != 0 ? v : -v;
                    case 6 -> b[j * 16 + i] = v;
                    default -> b[j * 16 + i] = ((i + j) & 1) != 0 ? -v : v;
                }
            }
        }
        return b;
    }

    static PdqHash bits(float[] dct) {
        float median = torben(dct);
        int[] rows = new int[16];
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 16; j++) {
                if (dct[i * 16 + j] > median) {
                    rows[i] |= 1 << j;
                }
            }
        }
        return PdqHash.fromRows(rows);
    }

    static float torben(float[] m) {
        int n = m.length;
        float min = m[0];
        float max = m[0];
        for (int i = 1; i < n; i++) {
            if (m[i] < min) {
                min = m[i];
            }
            if (m[i] > max) {
                max = m[i];
            }
        }
        int less;
        int greater;
        int equal;
        float guess;
        float maxltguess;
        float mingtguess;
        while (true) {
            guess = (min + max) / 2;
            less = 0;
            greater = 0;
            equal = 0;
            maxltguess = min;
            mingtguess = max;
            for (int i = 0; i < n; i++) {
                if (m[i] < guess) {
                    less++;
                    if (m[i] > maxltguess) {
                        maxltguess = m[i];
                    }
                } else if (m[i] > guess) {
                    greater++;
                    if (m[i] < mingtguess) {
                        mingtguess = m[i];
                    }
                } else {
                    equal++;
                }
            }
            if (less <= (n + 1) / 2 && greater <= (n + 1) / 2) {
                break;
            } else if (less > greater) {
                max = maxltguess;
            } else {
                min = mingtguess;
            }
        }
        if (less >= (n + 1) / 2) {
            return maxltguess;
        } else if (less + equal >= (n + 1) / 2) {
            return guess;
        } else {
            return mingtguess;
        }
    }
}
