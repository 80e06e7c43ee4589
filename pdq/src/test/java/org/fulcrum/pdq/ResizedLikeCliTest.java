package org.fulcrum.pdq;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The C++ command-line tool first resizes any image with a side over 512 to exactly 512x512 by
 * CImg nearest neighbour ({@code out(x,y) = in(floor(x*W/512), floor(y*H/512))}). Doing the same
 * to the decoded pixels reproduces expected/generated/cpp-cli-resize512-dihedral.csv, a second,
 * independent check of the hashing core (the files the tool cannot read are marked UNSUPPORTED;
 * wee.jpg and I16.png differ for the decoder reasons given in {@link ReferenceImagesTest}).
 */
class ResizedLikeCliTest {
    private static final String CSV = "expected/generated/cpp-cli-resize512-dihedral.csv";

    static Stream<Arguments> rows() {
        return ReferenceData.lines(CSV).stream()
                .map(l -> l.split(","))
                .filter(f -> !f[0].equals("UNSUPPORTED"))
                .filter(f -> !f[9].endsWith("wee.jpg") && !f[9].endsWith("I16.png"))
                .map(f -> Arguments.of(
                        f[9], Stream.of(f).limit(8).map(PdqHash::fromHex).toList(), Integer.parseInt(f[8])));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void resizingTo512LikeTheCliReproducesItsHashes(String file, List<PdqHash> dihedral, int quality) throws Exception {
        LumaRows decoded = new ImageDecoder(DecodeLimits.DEFAULT).decode(Files.readAllBytes(ReferenceData.image(file)));
        int w = decoded.width();
        int h = decoded.height();
        float[] luma = Images.luma(decoded);
        if (w > 512 || h > 512) {
            float[] resized = new float[512 * 512];
            for (int y = 0; y < 512; y++) {
                for (int x = 0; x < 512; x++) {
                    resized[y * 512 + x] = luma[(int) ((long) y * h / 512) * w + (int) ((long) x * w / 512)];
                }
            }
            luma = resized;
            w = 512;
            h = 512;
        }

        PdqResult result = new PdqHasher().hashLuma(luma, w, h);

        assertThat(result.dihedral().asList()).containsExactlyElementsOf(dihedral);
        assertThat(result.quality()).isEqualTo(quality);
    }
}
