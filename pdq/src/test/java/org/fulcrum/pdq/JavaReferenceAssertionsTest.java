package org.fulcrum.pdq;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The exact assertions of the Java reference's unit test (expected/from-repo/
 * java-PDQHasherTest-assertions.txt), run against {@link PdqHasher#hash(BufferedImage)}, which
 * like the Java reference reads pixels through the image's colour model.
 */
class JavaReferenceAssertionsTest {
    private static final String ASSERTIONS = "expected/from-repo/java-PDQHasherTest-assertions.txt";

    private static BufferedImage read(String relative) throws IOException {
        return ImageIO.read(ReferenceData.image(relative).toFile());
    }

    private static PdqHash hash(BufferedImage image) {
        return new PdqHasher().hash(image).hash();
    }

    private static String expected(String prefix) {
        List<String> lines = ReferenceData.lines(ASSERTIONS);
        return lines.stream()
                .filter(l -> l.startsWith(prefix))
                .findFirst()
                .orElseThrow()
                .replaceAll(".*== ", "")
                .strip();
    }

    @Test
    void bridgeOriginalAndRotatedHashAsAsserted() throws IOException {
        assertThat(hash(read("reg-test-input/dih/bridge-1-original.jpg")).toHex())
                .isEqualTo(expected("hash(reg-test-input/dih/bridge-1-original.jpg)"));
        assertThat(hash(read("reg-test-input/dih/bridge-2-rotate-90.jpg")).toHex())
                .isEqualTo(expected("hash(reg-test-input/dih/bridge-2-rotate-90.jpg)"));
    }

    @Test
    void distancesToRotatedBridgeAndToPenAndCoasterAreAsAsserted() throws IOException {
        PdqHash bridge = hash(read("reg-test-input/dih/bridge-1-original.jpg"));

        assertThat(bridge.distance(hash(read("reg-test-input/dih/bridge-2-rotate-90.jpg"))))
                .isEqualTo(Integer.parseInt(expected("hamming(bridge-1-original, bridge-2-rotate-90)")));
        assertThat(bridge.distance(hash(read("reg-test-input/pen-and-coaster.png"))))
                .isEqualTo(
                        Integer.parseInt(expected("hamming(bridge-1-original, reg-test-input/pen-and-coaster.png)")));
    }

    @Test
    void greyConversionThroughTheColourModelKeepsTheHash() throws IOException {
        BufferedImage bridge = read("reg-test-input/dih/bridge-1-original.jpg");
        BufferedImage grey = new ColorConvertOp(ColorSpace.getInstance(ColorSpace.CS_GRAY), null).filter(bridge, null);

        assertThat(hash(bridge).distance(hash(grey)))
                .isEqualTo(Integer.parseInt(
                        expected("hamming(bridge-1-original, bridge-1 converted with ColorConvertOp")));
    }

    @Test
    void halfSizeDrawingMovesFourBits() throws IOException {
        BufferedImage bridge = read("reg-test-input/dih/bridge-1-original.jpg");
        BufferedImage half = new BufferedImage(bridge.getWidth() / 2, bridge.getHeight() / 2, bridge.getType());
        Graphics2D g = half.createGraphics();
        g.drawImage(bridge, 0, 0, half.getWidth(), half.getHeight(), null);
        g.dispose();

        assertThat(half.getWidth()).isEqualTo(800);
        assertThat(half.getHeight()).isEqualTo(502);
        assertThat(hash(bridge).distance(hash(half)))
                .isEqualTo(Integer.parseInt(expected("hamming(bridge-1-original, bridge-1 drawn at half size")));
    }
}
