package org.fulcrum.pdq;

/** Encoded formats recognised by their leading bytes; ImageIO is then asked for that format only. */
enum ImageFormat {
    JPEG("jpeg"),
    PNG("png"),
    GIF("gif"),
    BMP("bmp"),
    TIFF("tiff");

    final String readerName;

    ImageFormat(String readerName) {
        this.readerName = readerName;
    }

    /** Longest prefix {@link #sniff} looks at. */
    static final int PREFIX = 12;

    /**
     * The format whose signature starts {@code head}. Sniffing first (instead of letting ImageIO
     * try every reader) matters: formats without a signature, such as WBMP, would otherwise accept
     * arbitrary bytes.
     */
    static ImageFormat sniff(byte[] head, int length) {
        if (length >= 3 && u(head[0]) == 0xFF && u(head[1]) == 0xD8 && u(head[2]) == 0xFF) {
            return JPEG;
        }
        if (length >= 8
                && u(head[0]) == 0x89
                && head[1] == 'P'
                && head[2] == 'N'
                && head[3] == 'G'
                && head[4] == '\r'
                && head[5] == '\n'
                && u(head[6]) == 0x1A
                && head[7] == '\n') {
            return PNG;
        }
        if (length >= 6
                && head[0] == 'G'
                && head[1] == 'I'
                && head[2] == 'F'
                && head[3] == '8'
                && (head[4] == '7' || head[4] == '9')
                && head[5] == 'a') {
            return GIF;
        }
        if (length >= 2 && head[0] == 'B' && head[1] == 'M') {
            return BMP;
        }
        if (length >= 4
                && ((head[0] == 'I' && head[1] == 'I' && head[2] == 42 && head[3] == 0)
                        || (head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] == 42))) {
            return TIFF;
        }
        if (length >= 12
                && head[0] == 'R'
                && head[1] == 'I'
                && head[2] == 'F'
                && head[3] == 'F'
                && head[8] == 'W'
                && head[9] == 'E'
                && head[10] == 'B'
                && head[11] == 'P') {
            throw new UndecodableImage("WebP images are not supported; convert to PNG or JPEG first");
        }
        throw new UndecodableImage(
                length == 0
                        ? "empty input: no image bytes"
                        : "not an image in a supported format (JPEG, PNG, GIF, BMP, TIFF)");
    }

    private static int u(byte b) {
        return b & 0xFF;
    }
}
