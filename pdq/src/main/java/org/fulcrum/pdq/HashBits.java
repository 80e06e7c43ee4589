package org.fulcrum.pdq;

/**
 * From 16x16 DCT coefficients to hash bits: the reference thresholds at the median found by
 * Torben's method, and derives the seven other dihedral hashes by sign flips and transposition of
 * the coefficients (each transformed matrix gets its own median).
 */
final class HashBits {
    private HashBits() {}

    /** Dihedral transforms in {@link DihedralHashes} order: orig, rot90, rot180, rot270, flipx, flipy, flip+1, flip-1. */
    static PdqHash[] dihedral(float[] dct) {
        PdqHash[] out = new PdqHash[8];
        float[] b = new float[256];
        for (int t = 0; t < 8; t++) {
            transform(dct, t, b);
            out[t] = threshold(b);
        }
        return out;
    }

    static void transform(float[] a, int t, float[] b) {
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
    }

    static PdqHash threshold(float[] dct) {
        float median = torben(dct);
        int[] rows = new int[16];
        for (int i = 0; i < 16; i++) {
            int row = 0;
            for (int j = 0; j < 16; j++) {
                if (dct[i * 16 + j] > median) {
                    row |= 1 << j;
                }
            }
            rows[i] = row;
        }
        return PdqHash.fromRows(rows);
    }

    /** Torben's median, as the reference writes it (for 256 values: the lower median). */
    static float torben(float[] m) {
        int n = m.length;
        float min = m[0];
        float max = m[0];
        for (int i = 1; i < n; i++) {
            min = m[i] < min ? m[i] : min;
            max = m[i] > max ? m[i] : max;
        }
        int half = (n + 1) / 2;
        while (true) {
            float guess = (min + max) / 2;
            int less = 0;
            int greater = 0;
            int equal = 0;
            float maxLtGuess = min;
            float minGtGuess = max;
            for (int i = 0; i < n; i++) {
                float v = m[i];
                if (v < guess) {
                    less++;
                    if (v > maxLtGuess) {
                        maxLtGuess = v;
                    }
                } else if (v > guess) {
                    greater++;
                    if (v < minGtGuess) {
                        minGtGuess = v;
                    }
                } else {
                    equal++;
                }
            }
            if (less <= half && greater <= half) {
                if (less >= half) {
                    return maxLtGuess;
                }
                return less + equal >= half ? guess : minGtGuess;
            } else if (less > greater) {
                max = maxLtGuess;
            } else {
                min = minGtGuess;
            }
        }
    }

    /** The reference quality metric: summed truncated gradients of the 64x64 downsample, / 90, capped at 100. */
    static int quality(float[] b) {
        int gradientSum = 0;
        for (int i = 0; i < 63; i++) {
            for (int j = 0; j < 64; j++) {
                gradientSum += Math.abs((int) (((b[i * 64 + j] - b[(i + 1) * 64 + j]) * 100) / 255));
            }
        }
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < 63; j++) {
                gradientSum += Math.abs((int) (((b[i * 64 + j] - b[i * 64 + j + 1]) * 100) / 255));
            }
        }
        return Math.min(100, gradientSum / 90);
    }
}
