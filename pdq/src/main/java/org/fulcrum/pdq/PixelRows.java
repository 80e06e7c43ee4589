package org.fulcrum.pdq;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Luma rows from decoded pixels, in two flavours.
 *
 * <p>{@link #rawSamples} is what the C++ reference sees after its decoder: the stored samples,
 * with no colour management. Grey is replicated to R, G and B (ImageIO labels 8-bit grey as a
 * linear colour space, and converting through it would brighten the image); palettes are looked
 * up; 16-bit samples keep their high byte; alpha is ignored; CMYK is converted as
 * {@code (255-C)(255-K)/255}, the common rule (Pillow's, with its rounding).
 *
 * <p>{@link #colourManaged} is what the Java reference sees: {@code getRGB}, i.e. sRGB through the
 * image's colour model. Both agree on 8-bit sRGB images, which take a direct fast path.
 */
final class PixelRows {
    private enum Kind {
        GREY,
        RGB,
        CMYK_INK,
        CMYK_ADOBE_INVERTED
    }

    private PixelRows() {}

    static LumaRows rawSamples(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        if (cm instanceof IndexColorModel icm) {
            return indexed(raster, icm);
        }
        if (cm instanceof ComponentColorModel) {
            int colours = cm.getNumColorComponents();
            int type = cm.getColorSpace().getType();
            if (colours == 1) {
                return samples(raster, Kind.GREY);
            }
            if (colours == 3 && type == ColorSpace.TYPE_RGB) {
                return samples(raster, Kind.RGB);
            }
            if (colours == 4 && type == ColorSpace.TYPE_CMYK) {
                return samples(raster, Kind.CMYK_INK);
            }
        }
        return colourManaged(image);
    }

    /** CMYK samples as libjpeg hands them over: inverted (Adobe convention) or plain ink amounts. */
    static LumaRows cmyk(Raster raster, boolean adobeInverted) {
        if (raster.getNumBands() != 4) {
            throw new UndecodableImage("expected 4 CMYK channels, found " + raster.getNumBands());
        }
        return samples(raster, adobeInverted ? Kind.CMYK_ADOBE_INVERTED : Kind.CMYK_INK);
    }

    static LumaRows colourManaged(BufferedImage image) {
        int type = image.getType();
        if (type == BufferedImage.TYPE_3BYTE_BGR || type == BufferedImage.TYPE_4BYTE_ABGR) {
            // sRGB bytes: getRGB would return them unchanged, so read them directly.
            return samples(image.getRaster(), Kind.RGB);
        }
        int w = image.getWidth();
        int h = image.getHeight();
        return new LumaRows() {
            private final int[] argb = new int[w];

            @Override
            public int width() {
                return w;
            }

            @Override
            public int height() {
                return h;
            }

            @Override
            public void row(int y, float[] dst) {
                image.getRGB(0, y, w, 1, argb, 0, w);
                for (int x = 0; x < w; x++) {
                    int p = argb[x];
                    dst[x] = LumaRows.luma((p >>> 16) & 0xFF, (p >>> 8) & 0xFF, p & 0xFF);
                }
            }
        };
    }

    private static LumaRows indexed(Raster raster, IndexColorModel icm) {
        int size = icm.getMapSize();
        byte[] r = new byte[size];
        byte[] g = new byte[size];
        byte[] b = new byte[size];
        icm.getReds(r);
        icm.getGreens(g);
        icm.getBlues(b);
        float[] lumaOf = new float[size];
        for (int i = 0; i < size; i++) {
            lumaOf[i] = LumaRows.luma(r[i] & 0xFF, g[i] & 0xFF, b[i] & 0xFF);
        }
        int w = raster.getWidth();
        int h = raster.getHeight();
        return new LumaRows() {
            private final int[] index = new int[w];

            @Override
            public int width() {
                return w;
            }

            @Override
            public int height() {
                return h;
            }

            @Override
            public void row(int y, float[] dst) {
                raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, 0, index);
                for (int x = 0; x < w; x++) {
                    int i = index[x];
                    // A corrupt index outside the palette reads as black, as libpng would.
                    dst[x] = i < size ? lumaOf[i] : 0.0f;
                }
            }
        };
    }

    private static LumaRows samples(Raster raster, Kind kind) {
        if (raster.getSampleModel() instanceof ComponentSampleModel csm
                && raster.getDataBuffer() instanceof DataBufferByte db
                && db.getNumBanks() == 1
                && sameBank(csm)
                && (kind == Kind.GREY || kind == Kind.RGB)) {
            return new InterleavedBytes(raster, csm, db.getData(), kind);
        }
        return new BandSamples(raster, kind);
    }

    private static boolean sameBank(ComponentSampleModel csm) {
        for (int bank : csm.getBankIndices()) {
            if (bank != 0) {
                return false;
            }
        }
        return true;
    }

    /** 8-bit samples in one byte array: the common case (JPEG and 8-bit PNG), read directly. */
    private static final class InterleavedBytes implements LumaRows {
        private final byte[] data;
        private final int w;
        private final int h;
        private final int origin;
        private final int pixelStride;
        private final int scanlineStride;
        private final int r;
        private final int g;
        private final int b;

        InterleavedBytes(Raster raster, ComponentSampleModel csm, byte[] data, Kind kind) {
            this.data = data;
            this.w = raster.getWidth();
            this.h = raster.getHeight();
            this.pixelStride = csm.getPixelStride();
            this.scanlineStride = csm.getScanlineStride();
            int x0 = raster.getMinX() - raster.getSampleModelTranslateX();
            int y0 = raster.getMinY() - raster.getSampleModelTranslateY();
            this.origin = raster.getDataBuffer().getOffset() + y0 * scanlineStride + x0 * pixelStride;
            int[] offsets = csm.getBandOffsets();
            this.r = offsets[0];
            this.g = kind == Kind.GREY ? offsets[0] : offsets[1];
            this.b = kind == Kind.GREY ? offsets[0] : offsets[2];
        }

        @Override
        public int width() {
            return w;
        }

        @Override
        public int height() {
            return h;
        }

        @Override
        public void row(int y, float[] dst) {
            int p = origin + y * scanlineStride;
            for (int x = 0; x < w; x++, p += pixelStride) {
                dst[x] = LumaRows.LUMA_R * (data[p + r] & 0xFF)
                        + LumaRows.LUMA_G * (data[p + g] & 0xFF)
                        + LumaRows.LUMA_B * (data[p + b] & 0xFF);
            }
        }
    }

    /** Any other layout or depth, band by band through the raster. */
    private static final class BandSamples implements LumaRows {
        private final Raster raster;
        private final Kind kind;
        private final int w;
        private final int h;
        private final int[][] bands;
        private final int[] shift;

        BandSamples(Raster raster, Kind kind) {
            this.raster = raster;
            this.kind = kind;
            this.w = raster.getWidth();
            this.h = raster.getHeight();
            int n = switch (kind) {
                case GREY -> 1;
                case RGB -> 3;
                case CMYK_INK, CMYK_ADOBE_INVERTED -> 4;
            };
            if (raster.getNumBands() < n) {
                throw new UndecodableImage("expected " + n + " channels, found " + raster.getNumBands());
            }
            this.bands = new int[n][w];
            this.shift = new int[n];
            for (int i = 0; i < n; i++) {
                int bits = raster.getSampleModel().getSampleSize(i);
                if (bits > 16
                        || raster.getTransferType() == DataBuffer.TYPE_FLOAT
                        || raster.getTransferType() == DataBuffer.TYPE_DOUBLE) {
                    throw new UndecodableImage("unsupported sample format (" + bits + " bits)");
                }
                // Deeper samples keep their high byte, as libpng's 16-to-8 stripping does.
                shift[i] = Math.max(0, bits - 8);
            }
        }

        @Override
        public int width() {
            return w;
        }

        @Override
        public int height() {
            return h;
        }

        @Override
        public void row(int y, float[] dst) {
            for (int i = 0; i < bands.length; i++) {
                raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, i, bands[i]);
            }
            int s0 = shift[0];
            int[] c0 = bands[0];
            switch (kind) {
                case GREY -> {
                    for (int x = 0; x < w; x++) {
                        int v = c0[x] >>> s0;
                        dst[x] = LumaRows.luma(v, v, v);
                    }
                }
                case RGB -> {
                    int[] c1 = bands[1];
                    int[] c2 = bands[2];
                    for (int x = 0; x < w; x++) {
                        dst[x] = LumaRows.luma(c0[x] >>> s0, c1[x] >>> shift[1], c2[x] >>> shift[2]);
                    }
                }
                case CMYK_INK, CMYK_ADOBE_INVERTED -> {
                    int flip = kind == Kind.CMYK_ADOBE_INVERTED ? 0xFF : 0;
                    for (int x = 0; x < w; x++) {
                        int c = ((c0[x] >>> s0) ^ flip) & 0xFF;
                        int m = ((bands[1][x] >>> shift[1]) ^ flip) & 0xFF;
                        int yy = ((bands[2][x] >>> shift[2]) ^ flip) & 0xFF;
                        int k = ((bands[3][x] >>> shift[3]) ^ flip) & 0xFF;
                        int nk = 255 - k;
                        dst[x] = LumaRows.luma(nk - mulDiv255(c, nk), nk - mulDiv255(m, nk), nk - mulDiv255(yy, nk));
                    }
                }
            }
        }

        /** a*b/255 rounded, exactly as Pillow's MULDIV255. */
        private static int mulDiv255(int a, int b) {
            int t = a * b + 128;
            return ((t >> 8) + t) >> 8;
        }
    }
}
