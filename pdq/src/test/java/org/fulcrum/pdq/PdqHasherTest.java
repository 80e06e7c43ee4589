package org.fulcrum.pdq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.fulcrum.testkit.Seeded;
import org.junit.jupiter.api.Test;

/**
 * The optimised hasher (in-place column pass, second pass only at sampled positions) against the
 * line-by-line port of the reference, bit for bit, on random images of every awkward size.
 */
class PdqHasherTest {

    @Test
    void optimisedPipelineEqualsTheReferencePortBitForBit() {
        Seeded.forAll(
                60,
                r -> optimisedPipelineEqualsTheReferencePortBitForBit(
                        Seeded.between(r, 1, 300), Seeded.between(r, 1, 300), Seeded.anyLong(r), r.nextBoolean()));
    }

    private static void optimisedPipelineEqualsTheReferencePortBitForBit(
            int width, int height, long seed, boolean smooth) {
        float[] luma = randomLuma(width, height, seed, smooth);
        ReferencePdq.Output expected = ReferencePdq.hash(luma, height, width);
        PdqHasher hasher = new PdqHasher();

        PdqResult actual = hasher.hashLuma(luma, width, height);

        assertThat(bits(hasher.lastDownsample())).isEqualTo(bits(expected.downsampled()));
        assertThat(bits(hasher.lastDct())).isEqualTo(bits(expected.dct()));
        assertThat(actual.hash()).isEqualTo(expected.hash());
        assertThat(actual.quality()).isEqualTo(expected.quality());
        assertThat(actual.dihedral().asList()).containsExactly(expected.dihedral());
    }

    @Test
    void largeOddSizesAgreeWithTheReferencePort() {
        // Window sizes above 2 in both directions, and dimensions that are not multiples of 64.
        for (int[] size : new int[][] {{1031, 389}, {257, 1100}, {640, 641}}) {
            float[] luma = randomLuma(size[0], size[1], size[0] * 31L + size[1], true);
            ReferencePdq.Output expected = ReferencePdq.hash(luma, size[1], size[0]);
            PdqResult actual = new PdqHasher().hashLuma(luma, size[0], size[1]);
            assertThat(actual.dihedral().asList()).as("%dx%d", size[0], size[1]).containsExactly(expected.dihedral());
            assertThat(actual.quality()).isEqualTo(expected.quality());
        }
    }

    @Test
    void aReusedHasherGivesTheSameResultAsAFreshOne() {
        PdqHasher reused = new PdqHasher();
        float[] big = randomLuma(500, 400, 1, true);
        float[] small = randomLuma(70, 90, 2, true);
        PdqResult first = reused.hashLuma(big, 500, 400);
        reused.hashLuma(small, 70, 90);

        assertThat(reused.hashLuma(big, 500, 400)).isEqualTo(first);
        assertThat(reused.hashLuma(small, 70, 90)).isEqualTo(new PdqHasher().hashLuma(small, 70, 90));
    }

    @Test
    void aFlatImageHasQualityZero() {
        float[] flat = new float[100 * 100];
        Arrays.fill(flat, 128f);

        assertThat(new PdqHasher().hashLuma(flat, 100, 100).quality()).isZero();
    }

    @Test
    void colourManagedAndRawPathsAgreeOnSrgbImages() {
        BufferedImage rgb = new BufferedImage(120, 80, BufferedImage.TYPE_INT_RGB);
        BufferedImage bgr = new BufferedImage(120, 80, BufferedImage.TYPE_3BYTE_BGR);
        SplittableRandom random = new SplittableRandom(7);
        for (int y = 0; y < 80; y++) {
            for (int x = 0; x < 120; x++) {
                int p = random.nextInt(1 << 24);
                rgb.setRGB(x, y, p);
                bgr.setRGB(x, y, p);
            }
        }

        PdqResult viaGetRgb = new PdqHasher().hash(rgb);
        assertThat(new PdqHasher().hash(bgr)).isEqualTo(viaGetRgb);
        assertThat(new PdqHasher().hash(PixelRows.rawSamples(bgr))).isEqualTo(viaGetRgb);
    }

    @Test
    void aLumaPlaneThatDoesNotFitIsRefused() {
        assertThatThrownBy(() -> new PdqHasher().hashLuma(new float[10], 4, 4))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PdqHasher().hashLuma(new float[10], 0, 4))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static float[] randomLuma(int w, int h, long seed, boolean smooth) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] luma = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = random.nextInt(256);
                int g = random.nextInt(256);
                int b = random.nextInt(256);
                if (smooth) {
                    // Gradients plus noise: enough structure for a non-trivial median and quality.
                    r = (r / 8 + x * 255 / Math.max(1, w)) & 0xFF;
                    g = (g / 8 + y * 255 / Math.max(1, h)) & 0xFF;
                }
                luma[y * w + x] = LumaRows.luma(r, g, b);
            }
        }
        return luma;
    }

    private static int[] bits(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Float.floatToRawIntBits(values[i]);
        }
        return out;
    }
}
