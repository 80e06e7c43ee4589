package org.fulcrum.pdq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecodingTest {
    private static final String BRIDGE = "reg-test-input/dih/bridge-1-original.jpg";

    private static byte[] bytes(String image) throws IOException {
        return Files.readAllBytes(ReferenceData.image(image));
    }

    @Nested
    class BadInput {
        @Test
        void emptyInputIsRefused() {
            assertThatThrownBy(() -> Pdq.hashBytes(new byte[0]))
                    .isInstanceOf(UndecodableImage.class)
                    .hasMessageContaining("empty");
        }

        @Test
        void bytesThatAreNotAnImageAreRefused() {
            byte[] text = "this is not an image, just some text that goes on for a while".getBytes();
            assertThatThrownBy(() -> Pdq.hashBytes(text))
                    .isInstanceOf(UndecodableImage.class)
                    .hasMessageContaining("not an image");
        }

        @Test
        void truncatedJpegIsRefusedRatherThanHashedHalfGrey() throws IOException {
            byte[] jpeg = bytes(BRIDGE);
            assertThatThrownBy(() -> Pdq.hashBytes(Arrays.copyOf(jpeg, jpeg.length / 2)))
                    .isInstanceOf(UndecodableImage.class)
                    .hasMessageContaining("truncated");
            assertThatThrownBy(() -> Pdq.hashBytes(Arrays.copyOf(jpeg, 700))).isInstanceOf(UndecodableImage.class);
            assertThatThrownBy(() -> Pdq.hashBytes(Arrays.copyOf(jpeg, 3))).isInstanceOf(UndecodableImage.class);
        }

        @Test
        void truncatedPngIsRefused() throws IOException {
            byte[] png = bytes("reg-test-input/pen-and-coaster.png");
            for (int length : new int[] {8, 30, 100, png.length / 2, png.length - 20}) {
                assertThatThrownBy(() -> Pdq.hashBytes(Arrays.copyOf(png, length)))
                        .as("first %d bytes", length)
                        .isInstanceOf(UndecodableImage.class);
            }
        }

        @Test
        void corruptedJpegDataIsRefusedOrStillDecodesWithoutCrashing() throws IOException {
            byte[] jpeg = bytes(BRIDGE);
            for (int step : new int[] {97, 1009, 10007}) {
                byte[] damaged = jpeg.clone();
                for (int i = 1000; i < damaged.length; i += step) {
                    damaged[i] ^= 0x5A;
                }
                try {
                    assertThat(Pdq.hashBytes(damaged).width()).isEqualTo(1600);
                } catch (PdqException expected) {
                    assertThat(expected).isInstanceOf(UndecodableImage.class);
                }
            }
        }

        @Test
        void webpIsNamedAsUnsupported() {
            byte[] webp = "RIFF\0\0\0\0WEBPVP8 ".getBytes();
            assertThatThrownBy(() -> Pdq.hashBytes(webp))
                    .isInstanceOf(UndecodableImage.class)
                    .hasMessageContaining("WebP");
        }

        @Test
        void missingFileIsUnreadable(@TempDir Path dir) {
            assertThatThrownBy(() -> Pdq.hashFile(dir.resolve("nope.jpg")))
                    .isInstanceOf(UnreadableInput.class)
                    .hasMessageContaining("nope.jpg");
        }
    }

    @Nested
    class Limits {
        @Test
        void anImageOverThePixelLimitIsRefusedBeforeDecoding() throws IOException {
            byte[] jpeg = bytes(BRIDGE);
            DecodeLimits limits = new DecodeLimits(1 << 30, 1600L * 1004 - 1);

            assertThatThrownBy(() -> Pdq.hashBytes(jpeg, limits))
                    .isInstanceOf(ImageTooLarge.class)
                    .hasMessageContaining("1600x1004");
            assertThat(Pdq.hashBytes(jpeg, new DecodeLimits(1 << 30, 1600L * 1004))
                            .width())
                    .isEqualTo(1600);
        }

        @Test
        void aTinyFileDeclaringAHugeImageIsRefusedFromItsHeader() {
            // 67 bytes claiming 100000 x 100000 pixels: decoding it would need 30 GB.
            byte[] bomb = pngHeaderOnly(100_000, 100_000);

            assertThatThrownBy(() -> Pdq.hashBytes(bomb))
                    .isInstanceOf(ImageTooLarge.class)
                    .hasMessageContaining("100000x100000");
        }

        @Test
        void inputOverTheByteLimitIsRefused(@TempDir Path dir) throws IOException {
            byte[] jpeg = bytes(BRIDGE);
            DecodeLimits limits = new DecodeLimits(jpeg.length - 1, 50_000_000);
            Path file = dir.resolve("bridge.jpg");
            Files.write(file, jpeg);

            assertThatThrownBy(() -> Pdq.hashBytes(jpeg, limits))
                    .isInstanceOf(ImageTooLarge.class)
                    .hasMessageContaining("bytes");
            assertThatThrownBy(() -> Pdq.hashFile(file, limits)).isInstanceOf(ImageTooLarge.class);
            assertThat(Pdq.hashFile(file, new DecodeLimits(jpeg.length, 50_000_000))
                            .width())
                    .isEqualTo(1600);
        }

        @Test
        void limitsMustBePositive() {
            assertThatThrownBy(() -> new DecodeLimits(0, 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new DecodeLimits(1, 0)).isInstanceOf(IllegalArgumentException.class);
        }

        private static byte[] pngHeaderOnly(int width, int height) {
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                DataOutputStream data = new DataOutputStream(out);
                data.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
                byte[] ihdr = new byte[17];
                System.arraycopy("IHDR".getBytes(), 0, ihdr, 0, 4);
                ihdr[4] = (byte) (width >>> 24);
                ihdr[5] = (byte) (width >>> 16);
                ihdr[6] = (byte) (width >>> 8);
                ihdr[7] = (byte) width;
                ihdr[8] = (byte) (height >>> 24);
                ihdr[9] = (byte) (height >>> 16);
                ihdr[10] = (byte) (height >>> 8);
                ihdr[11] = (byte) height;
                ihdr[12] = 8;
                ihdr[13] = 2;
                data.writeInt(13);
                data.write(ihdr);
                CRC32 crc = new CRC32();
                crc.update(ihdr);
                data.writeInt((int) crc.getValue());
                data.write(new byte[] {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82});
                return out.toByteArray();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Nested
    class Formats {
        @Test
        void losslessFormatsOfTheSamePixelsHashIdentically() throws IOException {
            BufferedImage bridge = ImageIO.read(ReferenceData.image(BRIDGE).toFile());
            PdqResult fromJpeg = Pdq.hashBytes(bytes(BRIDGE));

            for (String format : new String[] {"png", "bmp", "tiff"}) {
                assertThat(Pdq.hashBytes(Images.encode(bridge, format)))
                        .as(format)
                        .isEqualTo(fromJpeg);
            }
        }

        @Test
        void sixteenBitSamplesKeepTheirHighByte() throws IOException {
            BufferedImage bridge = ImageIO.read(ReferenceData.image(BRIDGE).toFile());
            int w = bridge.getWidth();
            int h = bridge.getHeight();
            ComponentColorModel cm = new ComponentColorModel(
                    ColorSpace.getInstance(ColorSpace.CS_sRGB),
                    false,
                    false,
                    Transparency.OPAQUE,
                    DataBuffer.TYPE_USHORT);
            int[] rgb = bridge.getRGB(0, 0, w, h, null, 0, w);
            int[] samples = new int[w * h * 3];
            for (int y = 0, i = 0; y < h; y++) {
                for (int x = 0; x < w; x++, i++) {
                    int p = rgb[i];
                    // The 8-bit value in the high byte, noise in the low byte.
                    int noise = (x * 31 + y * 17) & 0xFF;
                    samples[3 * i] = ((p >>> 16) & 0xFF) << 8 | noise;
                    samples[3 * i + 1] = ((p >>> 8) & 0xFF) << 8 | (255 - noise);
                    samples[3 * i + 2] = (p & 0xFF) << 8 | noise;
                }
            }
            WritableRaster raster = cm.createCompatibleWritableRaster(w, h);
            raster.setPixels(0, 0, w, h, samples);
            byte[] png16 = Images.storedPng(new BufferedImage(cm, raster, false, null));

            assertThat(Pdq.hashBytes(png16)).isEqualTo(Pdq.hashBytes(bytes(BRIDGE)));
        }

        @Test
        void greyPngIsHashedFromItsSamplesNotThroughALinearGreyColourSpace() throws IOException {
            // ImageIO labels 8-bit grey PNGs as linear grey; getRGB would brighten them (14 bits off).
            PdqResult grey = Pdq.hashFile(ReferenceData.image("misc-images/modes/L.png"));
            PdqResult greyAlpha = Pdq.hashFile(ReferenceData.image("misc-images/modes/LA.png"));
            BufferedImage decoded =
                    ImageIO.read(ReferenceData.image("misc-images/modes/L.png").toFile());

            assertThat(greyAlpha).isEqualTo(grey);
            assertThat(new PdqHasher().hash(decoded).hash().distance(grey.hash()))
                    .isGreaterThan(0);
        }

        @Test
        void cmykJpegIsConvertedToRgbAndLandsNextToTheRgbSave() {
            // The same picture saved by Pillow as CMYK (Adobe, inverted) and as RGB JPEG; the C++
            // reference has no value for CMYK (its decoder passes C, M, Y through as R, G, B).
            PdqResult cmyk = Pdq.hashFile(ReferenceData.image("misc-images/modes/CMYK.jpg"));
            PdqResult rgb = Pdq.hashFile(ReferenceData.image("misc-images/modes/RGB.jpg"));

            assertThat(cmyk.width()).isEqualTo(1600);
            assertThat(cmyk.quality()).isEqualTo(100);
            assertThat(cmyk.hash().distance(rgb.hash())).isLessThanOrEqualTo(4);
        }

        @Test
        void paletteAndOneBitImagesUseTheirPaletteColours() {
            PdqResult palette = Pdq.hashFile(ReferenceData.image("misc-images/modes/P.png"));
            PdqResult rgb = Pdq.hashFile(ReferenceData.image("misc-images/modes/RGBA.png"));

            assertThat(palette.hash().distance(rgb.hash())).isLessThanOrEqualTo(8);
        }

        @Test
        void aReusedHasherDecodesLikeTheFacade() throws IOException {
            PdqHasher worker = new PdqHasher();
            byte[] png = bytes("reg-test-input/pen-and-coaster.png");

            worker.hashEncoded(bytes(BRIDGE), DecodeLimits.DEFAULT);
            assertThat(worker.hashEncoded(png, DecodeLimits.DEFAULT)).isEqualTo(Pdq.hashBytes(png));
            assertThatThrownBy(() -> worker.hashEncoded(new byte[0], DecodeLimits.DEFAULT))
                    .isInstanceOf(UndecodableImage.class);
        }

        @Test
        void gifIsDecoded() throws IOException {
            BufferedImage bridge = ImageIO.read(ReferenceData.image(BRIDGE).toFile());
            PdqResult gif = Pdq.hashBytes(Images.encode(bridge, "gif"));

            // GIF quantises to 256 colours, so the hash moves a little.
            assertThat(gif.hash().distance(Pdq.hashBytes(bytes(BRIDGE)).hash())).isLessThanOrEqualTo(16);
        }
    }
}
