package org.fulcrum.pdq;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.w3c.dom.Node;

/**
 * Turns encoded image bytes into luma rows, within {@link DecodeLimits}, using the JDK's ImageIO
 * readers. Every failure comes out as an {@link UndecodableImage} or {@link ImageTooLarge}; the
 * input size is checked before reading and the declared pixel count before decoding.
 *
 * <p>EXIF orientation is not applied (no PDQ reference applies it), and only the first frame of a
 * multi-frame file is hashed.
 */
final class ImageDecoder {
    private static final String JPEG_METADATA = "javax_imageio_jpeg_image_1.0";

    private final DecodeLimits limits;

    ImageDecoder(DecodeLimits limits) {
        this.limits = limits;
    }

    LumaRows decode(Path file) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            // Read at most one byte past the limit, so a huge or growing file is never loaded whole.
            bytes = in.readNBytes((int) Math.min(limits.maxBytes() + 1, Integer.MAX_VALUE - 16));
        } catch (NoSuchFileException e) {
            throw new UnreadableInput("no such file: " + file, e);
        } catch (IOException e) {
            throw new UnreadableInput("cannot read " + file + ": " + e.getMessage(), e);
        }
        return decode(bytes);
    }

    LumaRows decode(byte[] bytes) {
        if (bytes.length > limits.maxBytes()) {
            throw new ImageTooLarge("image input is larger than the limit of " + limits.maxBytes() + " bytes");
        }
        ImageFormat format = ImageFormat.sniff(bytes, Math.min(bytes.length, ImageFormat.PREFIX));
        ImageReader reader = reader(format);
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, false, false);
            return read(reader, format);
        } catch (PdqException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // ImageIO reports corrupt data as IIOException, but also as assorted runtime exceptions.
            throw new UndecodableImage("corrupt or truncated " + format + " image: " + describe(e), e);
        } finally {
            reader.dispose();
        }
    }

    /**
     * The JDK's own reader for the format when there is one: plugins found on the class path (such
     * as TwelveMonkeys) may apply colour profiles and so change the pixels being hashed.
     */
    private static ImageReader reader(ImageFormat format) {
        ImageReader chosen = null;
        for (Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(format.readerName); it.hasNext(); ) {
            ImageReader candidate = it.next();
            if (chosen == null || candidate.getClass().getName().startsWith("com.sun.imageio.")) {
                if (chosen != null) {
                    chosen.dispose();
                }
                chosen = candidate;
            } else {
                candidate.dispose();
            }
        }
        if (chosen == null) {
            throw new UndecodableImage("no decoder for " + format + " in this runtime");
        }
        return chosen;
    }

    private LumaRows read(ImageReader reader, ImageFormat format) throws IOException {
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width <= 0 || height <= 0) {
            throw new UndecodableImage(format + " header declares an empty image (" + width + "x" + height + ")");
        }
        if ((long) width * height > limits.maxPixels()) {
            throw new ImageTooLarge(format + " image of " + width + "x" + height + " pixels exceeds the limit of "
                    + limits.maxPixels() + " pixels");
        }
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, message) -> warnings.add(message));
        LumaRows rows;
        try {
            BufferedImage image = reader.read(0);
            rows = PixelRows.rawSamples(image);
        } catch (IIOException e) {
            if (format != ImageFormat.JPEG || !String.valueOf(e.getMessage()).contains("Unsupported Image Type")) {
                throw e;
            }
            // Older runtimes refuse CMYK and YCCK JPEGs in read(); readRaster hands over the raw channels.
            rows = cmykFromRaster(reader);
        }
        for (String warning : warnings) {
            String w = warning.toLowerCase(Locale.ROOT);
            // libjpeg fills missing data with grey and only warns; a partial image must not be hashed.
            if (w.contains("premature end")) {
                throw new UndecodableImage("truncated " + format + " image: " + warning);
            }
        }
        return rows;
    }

    private static LumaRows cmykFromRaster(ImageReader reader) throws IOException {
        Raster raster = reader.readRaster(0, null);
        int transform = adobeTransform(reader.getImageMetadata(0));
        if (raster.getNumBands() != 4 || transform == 2) {
            // YCCK would need libjpeg's colour conversion, which readRaster leaves undone.
            throw new UndecodableImage("unsupported JPEG colour encoding (" + raster.getNumBands()
                    + " channels, Adobe transform " + transform + ")");
        }
        // An Adobe marker means Photoshop's convention: stored CMYK values are inverted.
        return PixelRows.cmyk(raster, transform >= 0);
    }

    /** The Adobe APP14 transform flag, or -1 when the file has no Adobe marker. */
    private static int adobeTransform(IIOMetadata metadata) {
        if (metadata == null) {
            return -1;
        }
        Node adobe = find(metadata.getAsTree(JPEG_METADATA), "app14Adobe");
        if (adobe == null) {
            return -1;
        }
        Node transform = adobe.getAttributes().getNamedItem("transform");
        return transform == null ? 0 : Integer.parseInt(transform.getNodeValue());
    }

    private static Node find(Node node, String name) {
        if (name.equals(node.getNodeName())) {
            return node;
        }
        for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
            Node found = find(child, name);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
