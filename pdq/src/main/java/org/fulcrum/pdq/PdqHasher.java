package org.fulcrum.pdq;

import java.awt.image.BufferedImage;

/**
 * Computes PDQ hashes bit-exactly as Meta's C++ reference core does on the same pixels: float32
 * luma, a two-pass Jarosz (box) filter with the reference's window sizes, decimation to 64x64 at
 * the reference's indices, a 16x16 DCT, thresholding at Torben's median, the gradient quality
 * metric, and the eight dihedral hashes.
 *
 * <p>An instance keeps its working buffer between calls to avoid reallocating it for every image,
 * so it is not thread-safe: use one per thread. Decoding files is {@link Pdq}'s job; this class
 * takes pixels that are already in memory.
 */
public final class PdqHasher {
    private float[] buffer = new float[0];
    private float[] rowScratch = new float[0];
    private float[][] rowScratch4 = new float[4][0];
    private final float[] downsampled = new float[64 * 64];
    private final float[] dctScratch = new float[16 * 64];
    private final float[] dct = new float[16 * 16];

    /**
     * Hashes an image as the Java reference does, through its colour model: each pixel is taken as
     * the sRGB value {@link BufferedImage#getRGB} reports (alpha ignored), so a grey image in a
     * linear grey colour space is converted to sRGB first. For bytes from a file use
     * {@link Pdq#hashBytes}, which hashes the decoded samples as the C++ reference does.
     */
    public PdqResult hash(BufferedImage image) {
        return hash(PixelRows.colourManaged(image));
    }

    /**
     * Decodes and hashes encoded image bytes as {@link Pdq#hashBytes(byte[], DecodeLimits)} does,
     * reusing this hasher's buffer (for a worker thread that hashes many images).
     */
    public PdqResult hashEncoded(byte[] encoded, DecodeLimits limits) {
        return hash(new ImageDecoder(limits).decode(encoded));
    }

    /**
     * Hashes a luma plane ({@code height} rows of {@code width} values, row-major), as the
     * reference's {@code pdqHash256FromFloatLuma} does; the array is not modified.
     */
    public PdqResult hashLuma(float[] luma, int width, int height) {
        if (width <= 0 || height <= 0 || luma.length < (long) width * height) {
            throw new IllegalArgumentException("luma plane " + width + "x" + height + " does not fit " + luma.length);
        }
        return hash(new LumaRows() {
            @Override
            public int width() {
                return width;
            }

            @Override
            public int height() {
                return height;
            }

            @Override
            public void row(int y, float[] dst) {
                System.arraycopy(luma, y * width, dst, 0, width);
            }
        });
    }

    PdqResult hash(LumaRows source) {
        int width = source.width();
        int height = source.height();
        long cells = (long) width * height;
        if (cells > Integer.MAX_VALUE - 16) {
            throw new ImageTooLarge("image of " + width + "x" + height + " pixels is too large to hash");
        }
        float[] buf = buffer.length >= cells ? buffer : (buffer = new float[(int) cells]);
        if (rowScratch.length < width) {
            rowScratch = new float[width];
            rowScratch4 = new float[4][width];
        }
        int windowAlongRows = BoxFilter.windowSize(width);
        int windowAlongCols = BoxFilter.windowSize(height);
        int[] sampleCols = BoxFilter.sampleIndices(width);
        int[] sampleRows = BoxFilter.sampleIndices(height);

        // First pass, straight from the pixels: luma of each row, filtered along the row.
        int y = 0;
        int[] offsets = new int[4];
        for (; y + 4 <= height; y += 4) {
            for (int r = 0; r < 4; r++) {
                source.row(y + r, rowScratch4[r]);
                offsets[r] = (y + r) * width;
            }
            BoxFilter.rows4(rowScratch4, buf, offsets, width, windowAlongRows);
        }
        for (; y < height; y++) {
            source.row(y, rowScratch);
            BoxFilter.row(rowScratch, 0, buf, y * width, width, windowAlongRows);
        }
        BoxFilter.columnsInPlace(buf, height, width, windowAlongCols);
        // Second pass: only the 64 sampled columns, then the 64 sampled rows, are ever read.
        float[] compact = new float[height * 64];
        for (y = 0; y + 4 <= height; y += 4) {
            BoxFilter.rowsSampled4(buf, y * width, width, windowAlongRows, sampleCols, compact, y * 64);
        }
        for (; y < height; y++) {
            BoxFilter.rowSampled(buf, y * width, width, windowAlongRows, sampleCols, compact, y * 64);
        }
        BoxFilter.columnsSampled(compact, height, windowAlongCols, sampleRows, downsampled);

        int quality = HashBits.quality(downsampled);
        Dct.apply(downsampled, dctScratch, dct);
        PdqHash[] hashes = HashBits.dihedral(dct);
        return new PdqResult(hashes[0], quality, DihedralHashes.of(hashes), width, height);
    }

    /** The 64x64 downsample of the last image hashed, for stage-by-stage checks. */
    float[] lastDownsample() {
        return downsampled.clone();
    }

    /** The 16x16 DCT of the last image hashed, for stage-by-stage checks. */
    float[] lastDct() {
        return dct.clone();
    }

    /** Releases the working buffer (it is reallocated on the next call). */
    public void trim() {
        buffer = new float[0];
        rowScratch = new float[0];
        rowScratch4 = new float[4][0];
    }
}
