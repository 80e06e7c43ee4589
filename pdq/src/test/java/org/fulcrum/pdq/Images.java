package org.fulcrum.pdq;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Small image helpers for tests. */
final class Images {
    private Images() {}

    /** The whole luma plane of a source, row-major. */
    static float[] luma(LumaRows rows) {
        int w = rows.width();
        float[] out = new float[w * rows.height()];
        float[] row = new float[w];
        for (int y = 0; y < rows.height(); y++) {
            rows.row(y, row);
            System.arraycopy(row, 0, out, y * w, w);
        }
        return out;
    }

    static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException(
                        "no ImageIO writer for " + format + " and image type " + image.getType());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
