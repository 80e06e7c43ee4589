package org.fulcrum.pdq;

/**
 * The reference's Jarosz filter: two passes of a box filter along rows then along columns, each
 * pass the reference's {@code box1DFloat} (a running float32 sum: grow the window, slide it,
 * shrink it, dividing by the current window size at every output).
 *
 * <p>Every output here is computed with the same float operations in the same order as the
 * reference, so results are bit-identical; what differs is only which outputs are materialised.
 * Columns are filtered for all columns at once (the inner loop runs across a row, which the JIT
 * vectorises without reordering any single column's sum), and the second pass divides only at the
 * positions the 64x64 decimation samples, since nothing else is ever read.
 */
final class BoxFilter {
    private BoxFilter() {}

    /** Reference window size for reducing {@code dimension} to 64: ceil-ish of dimension / 128. */
    static int windowSize(int dimension) {
        return (dimension + 2 * 64 - 1) / (2 * 64);
    }

    /** The reference's decimation indices: {@code (int) (((i + 0.5) * n) / 64)}, evaluated in double. */
    static int[] sampleIndices(int n) {
        int[] idx = new int[64];
        for (int i = 0; i < 64; i++) {
            idx[i] = (int) (((i + 0.5) * n) / 64);
        }
        return idx;
    }

    /** One row, every output: {@code out[outOff + x]} for x in 0..n-1. */
    static void row(float[] in, int inOff, float[] out, int outOff, int n, int window) {
        int half = (window + 2) / 2;
        int phase1 = half - 1;
        int phase2 = window - half + 1;
        int phase3 = n - window;
        int phase4 = half - 1;
        float sum = 0.0f;
        int size = 0;
        int ri = inOff;
        int li = inOff;
        int oi = outOff;
        for (int i = 0; i < phase1; i++) {
            sum += in[ri++];
            size++;
        }
        for (int i = 0; i < phase2; i++) {
            sum += in[ri++];
            size++;
            out[oi++] = sum / size;
        }
        float fullSize = size;
        for (int i = 0; i < phase3; i++) {
            sum += in[ri++];
            sum -= in[li++];
            out[oi++] = sum / fullSize;
        }
        for (int i = 0; i < phase4; i++) {
            sum -= in[li++];
            size--;
            out[oi++] = sum / size;
        }
    }

    /**
     * Four rows at once, every output: rows {@code r} of {@code in} (each {@code n} long, at
     * {@code inOff[r]}) to {@code out} at {@code outOff[r]}. Each row's sum sees exactly the
     * operations {@link #row} would apply; interleaving four independent sums only lets the
     * processor overlap their add latencies, which otherwise bound a row pass.
     */
    static void rows4(float[][] in, float[] out, int[] outOff, int n, int window) {
        int half = (window + 2) / 2;
        int phase1 = half - 1;
        int phase2 = window - half + 1;
        int phase3 = n - window;
        int phase4 = half - 1;
        float[] a = in[0];
        float[] b = in[1];
        float[] c = in[2];
        float[] d = in[3];
        int oa = outOff[0];
        int ob = outOff[1];
        int oc = outOff[2];
        int od = outOff[3];
        float sa = 0.0f;
        float sb = 0.0f;
        float sc = 0.0f;
        float sd = 0.0f;
        int size = 0;
        int ri = 0;
        int li = 0;
        int o = 0;
        for (int i = 0; i < phase1; i++, ri++) {
            sa += a[ri];
            sb += b[ri];
            sc += c[ri];
            sd += d[ri];
            size++;
        }
        for (int i = 0; i < phase2; i++, ri++, o++) {
            sa += a[ri];
            sb += b[ri];
            sc += c[ri];
            sd += d[ri];
            size++;
            out[oa + o] = sa / size;
            out[ob + o] = sb / size;
            out[oc + o] = sc / size;
            out[od + o] = sd / size;
        }
        float full = size;
        for (int i = 0; i < phase3; i++, ri++, li++, o++) {
            sa = (sa + a[ri]) - a[li];
            sb = (sb + b[ri]) - b[li];
            sc = (sc + c[ri]) - c[li];
            sd = (sd + d[ri]) - d[li];
            out[oa + o] = sa / full;
            out[ob + o] = sb / full;
            out[oc + o] = sc / full;
            out[od + o] = sd / full;
        }
        for (int i = 0; i < phase4; i++, li++, o++) {
            sa -= a[li];
            sb -= b[li];
            sc -= c[li];
            sd -= d[li];
            size--;
            out[oa + o] = sa / size;
            out[ob + o] = sb / size;
            out[oc + o] = sc / size;
            out[od + o] = sd / size;
        }
    }

    /**
     * Four consecutive rows of {@code in} (starting at row offset {@code inOff}, stride {@code n}),
     * only the outputs at {@code samples}, to {@code out} rows of 64 starting at {@code outOff}:
     * {@link #rowSampled} for four rows with their sums interleaved.
     */
    static void rowsSampled4(float[] in, int inOff, int n, int window, int[] samples, float[] out, int outOff) {
        int half = (window + 2) / 2;
        int phase1 = half - 1;
        int phase2 = window - half + 1;
        int phase3 = n - window;
        int phase4 = half - 1;
        int a = inOff;
        int b = inOff + n;
        int c = inOff + 2 * n;
        int d = inOff + 3 * n;
        float sa = 0.0f;
        float sb = 0.0f;
        float sc = 0.0f;
        float sd = 0.0f;
        int size = 0;
        int ri = 0;
        int li = 0;
        int o = 0;
        int k = 0;
        int next = samples[0];
        for (int i = 0; i < phase1; i++, ri++) {
            sa += in[a + ri];
            sb += in[b + ri];
            sc += in[c + ri];
            sd += in[d + ri];
            size++;
        }
        for (int i = 0; i < phase2; i++, ri++, o++) {
            sa += in[a + ri];
            sb += in[b + ri];
            sc += in[c + ri];
            sd += in[d + ri];
            size++;
            while (next == o) {
                k = emit4(out, outOff, k, sa, sb, sc, sd, size);
                next = k < 64 ? samples[k] : -1;
            }
        }
        for (int i = 0; i < phase3; i++, ri++, li++, o++) {
            sa = (sa + in[a + ri]) - in[a + li];
            sb = (sb + in[b + ri]) - in[b + li];
            sc = (sc + in[c + ri]) - in[c + li];
            sd = (sd + in[d + ri]) - in[d + li];
            if (next == o) {
                do {
                    k = emit4(out, outOff, k, sa, sb, sc, sd, size);
                    next = k < 64 ? samples[k] : -1;
                } while (next == o);
            }
        }
        for (int i = 0; i < phase4; i++, li++, o++) {
            sa -= in[a + li];
            sb -= in[b + li];
            sc -= in[c + li];
            sd -= in[d + li];
            size--;
            while (next == o) {
                k = emit4(out, outOff, k, sa, sb, sc, sd, size);
                next = k < 64 ? samples[k] : -1;
            }
        }
    }

    private static int emit4(float[] out, int outOff, int k, float sa, float sb, float sc, float sd, int size) {
        out[outOff + k] = sa / size;
        out[outOff + 64 + k] = sb / size;
        out[outOff + 128 + k] = sc / size;
        out[outOff + 192 + k] = sd / size;
        return k + 1;
    }

    /**
     * One row, only the outputs at {@code samples} (non-decreasing positions, 64 of them), written
     * to {@code out[outOff + k]}. The running sum still visits every input in reference order.
     */
    static void rowSampled(float[] in, int inOff, int n, int window, int[] samples, float[] out, int outOff) {
        int half = (window + 2) / 2;
        int phase1 = half - 1;
        int phase2 = window - half + 1;
        int phase3 = n - window;
        int phase4 = half - 1;
        float sum = 0.0f;
        int size = 0;
        int ri = inOff;
        int li = inOff;
        int o = 0;
        int k = 0;
        int next = samples[0];
        for (int i = 0; i < phase1; i++) {
            sum += in[ri++];
            size++;
        }
        for (int i = 0; i < phase2; i++, o++) {
            sum += in[ri++];
            size++;
            while (next == o) {
                out[outOff + k++] = sum / size;
                next = k < 64 ? samples[k] : -1;
            }
        }
        // The hot loop: adds only, with a rare branch to emit a sample.
        for (int i = 0; i < phase3; i++, o++) {
            sum += in[ri++];
            sum -= in[li++];
            if (next == o) {
                do {
                    out[outOff + k++] = sum / size;
                    next = k < 64 ? samples[k] : -1;
                } while (next == o);
            }
        }
        for (int i = 0; i < phase4; i++, o++) {
            sum -= in[li++];
            size--;
            while (next == o) {
                out[outOff + k++] = sum / size;
                next = k < 64 ? samples[k] : -1;
            }
        }
    }

    /**
     * Filters every column of {@code buf} (height x width, row-major) in place. The rows a window
     * still has to subtract are kept in a ring, since their cells are overwritten by outputs first.
     */
    static void columnsInPlace(float[] buf, int height, int width, int window) {
        int half = (window + 2) / 2;
        int phase1 = half - 1;
        int phase2 = window - half + 1;
        int phase3 = height - window;
        int phase4 = half - 1;
        int ringRows = window + 1;
        float[] ring = new float[ringRows * width];
        float[] sum = new float[width];
        int ri = 0;
        int li = 0;
        int oi = 0;
        int size = 0;
        for (int i = 0; i < phase1; i++, ri++) {
            int in = ri * width;
            int save = (ri % ringRows) * width;
            for (int x = 0; x < width; x++) {
                float v = buf[in + x];
                ring[save + x] = v;
                sum[x] += v;
            }
            size++;
        }
        for (int i = 0; i < phase2; i++, ri++, oi++) {
            size++;
            float s = size;
            int in = ri * width;
            int save = (ri % ringRows) * width;
            int out = oi * width;
            for (int x = 0; x < width; x++) {
                float v = buf[in + x];
                ring[save + x] = v;
                float t = sum[x] + v;
                sum[x] = t;
                buf[out + x] = t / s;
            }
        }
        float s = size;
        for (int i = 0; i < phase3; i++, ri++, li++, oi++) {
            int in = ri * width;
            int save = (ri % ringRows) * width;
            int sub = (li % ringRows) * width;
            int out = oi * width;
            for (int x = 0; x < width; x++) {
                float v = buf[in + x];
                ring[save + x] = v;
                float t = (sum[x] + v) - ring[sub + x];
                sum[x] = t;
                buf[out + x] = t / s;
            }
        }
        for (int i = 0; i < phase4; i++, li++, oi++) {
            size--;
            float sz = size;
            int sub = (li % ringRows) * width;
            int out = oi * width;
            for (int x = 0; x < width; x++) {
                float t = sum[x] - ring[sub + x];
                sum[x] = t;
                buf[out + x] = t / sz;
            }
        }
    }

    /**
     * Filters the 64 columns of {@code in} (height x 64) and writes only the rows at
     * {@code samples} into {@code out} (64 x 64): the final pass plus decimation.
     */
    static void columnsSampled(float[] in, int height, int window, int[] samples, float[] out) {
        int half = (window + 2) / 2;
        int phase1 = half - 1;
        int phase2 = window - half + 1;
        int phase3 = height - window;
        int phase4 = half - 1;
        float[] sum = new float[64];
        int ri = 0;
        int li = 0;
        int o = 0;
        int k = 0;
        int size = 0;
        for (int i = 0; i < phase1; i++, ri++) {
            for (int x = 0; x < 64; x++) {
                sum[x] += in[ri * 64 + x];
            }
            size++;
        }
        for (int i = 0; i < phase2; i++, ri++, o++) {
            for (int x = 0; x < 64; x++) {
                sum[x] += in[ri * 64 + x];
            }
            size++;
            k = emit(sum, size, samples, k, o, out);
        }
        for (int i = 0; i < phase3; i++, ri++, li++, o++) {
            for (int x = 0; x < 64; x++) {
                sum[x] = (sum[x] + in[ri * 64 + x]) - in[li * 64 + x];
            }
            k = emit(sum, size, samples, k, o, out);
        }
        for (int i = 0; i < phase4; i++, li++, o++) {
            for (int x = 0; x < 64; x++) {
                sum[x] -= in[li * 64 + x];
            }
            size--;
            k = emit(sum, size, samples, k, o, out);
        }
    }

    private static int emit(float[] sum, int size, int[] samples, int k, int o, float[] out) {
        while (k < 64 && samples[k] == o) {
            float s = size;
            for (int x = 0; x < 64; x++) {
                out[k * 64 + x] = sum[x] / s;
            }
            k++;
        }
        return k;
    }
}
