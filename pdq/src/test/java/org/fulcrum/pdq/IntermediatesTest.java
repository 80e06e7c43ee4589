package org.fulcrum.pdq;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Stage-by-stage agreement with the C++ float32 intermediates in intermediates/: the 4x4 corner of
 * the luma plane, the 64x64 downsample and the 16x16 DCT, compared bit for bit (the files print
 * %.9g, which round-trips float32). Checked for the line-by-line port and for the optimised hasher.
 */
class IntermediatesTest {

    record Intermediates(PdqHash hash, float[] lumaCorner, float[] downsample, float[] dct) {
        static Intermediates read(String relative) {
            List<String> lines = ReferenceData.lines(relative);
            PdqHash hash = PdqHash.fromHex(lines.get(0).split(",")[0]);
            float[] luma = floats(lines.subList(1, 5));
            float[] down = floats(lines.subList(5, 69));
            float[] dct = floats(lines.subList(69, 85));
            return new Intermediates(hash, luma, down, dct);
        }

        private static float[] floats(List<String> lines) {
            List<String> tokens = lines.stream()
                    .flatMap(l -> Stream.of(l.trim().split("\\s+")))
                    .toList();
            float[] out = new float[tokens.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = Float.parseFloat(tokens.get(i));
            }
            return out;
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "bridge-1-original-fullres, reg-test-input/dih/bridge-1-original.jpg",
        "q0122-fullres, reg-test-input/labelme-subset/q0122.jpg",
        "small-fullres, misc-images/small.jpg",
    })
    void everyStageMatchesTheReferenceFloats(String name, String image) throws Exception {
        Intermediates expected = Intermediates.read("intermediates/" + name + ".txt");
        BufferedImage decoded = ImageIO.read(ReferenceData.image(image).toFile());
        int w = decoded.getWidth();
        int h = decoded.getHeight();
        float[] luma = Images.luma(PixelRows.rawSamples(decoded));

        float[] corner = new float[16];
        for (int y = 0; y < 4; y++) {
            System.arraycopy(luma, y * w, corner, y * 4, 4);
        }
        assertBits(corner, expected.lumaCorner);

        ReferencePdq.Output port = ReferencePdq.hash(luma, h, w);
        assertBits(port.downsampled(), expected.downsample);
        assertBits(port.dct(), expected.dct);
        assertThat(port.hash()).isEqualTo(expected.hash);

        PdqHasher hasher = new PdqHasher();
        PdqResult result = hasher.hashLuma(luma, w, h);
        assertBits(hasher.lastDownsample(), expected.downsample);
        assertBits(hasher.lastDct(), expected.dct);
        assertThat(result.hash()).isEqualTo(expected.hash);
    }

    private static void assertBits(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        int[] a = new int[actual.length];
        int[] e = new int[expected.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = Float.floatToRawIntBits(actual[i]);
            e[i] = Float.floatToRawIntBits(expected[i]);
        }
        assertThat(a)
                .as("float32 bit patterns, first difference at %d", Arrays.mismatch(a, e))
                .isEqualTo(e);
    }
}
