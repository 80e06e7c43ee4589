package org.fulcrum.server.review;

import java.util.Optional;

/**
 * What a moderator sees of a media item: Fulcrum holds only hashes, never the bytes, so the tile
 * draws the 256 bits of the PDQ hash as a 16 by 16 grid (near-duplicates look alike), blurred and
 * greyscale by default in the page.
 */
public final class MediaTile {
    private MediaTile() {}

    /** An SVG of the PDQ bits, or empty when there is no well-formed PDQ hash. */
    public static Optional<String> svg(Optional<String> pdq) {
        if (pdq.isEmpty() || !pdq.get().matches("[0-9a-f]{64}")) {
            return Optional.empty();
        }
        String hex = pdq.get();
        StringBuilder sb = new StringBuilder(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\" width=\"128\" height=\"128\""
                        + " shape-rendering=\"crispEdges\"><rect width=\"16\" height=\"16\" fill=\"#e4e7ec\"/>");
        for (int i = 0; i < 256; i++) {
            int nibble = Character.digit(hex.charAt(i / 4), 16);
            if ((nibble >> (3 - i % 4) & 1) == 1) {
                sb.append("<rect x=\"")
                        .append(i % 16)
                        .append("\" y=\"")
                        .append(i / 16)
                        .append("\" width=\"1\" height=\"1\" fill=\"#1d2433\"/>");
            }
        }
        return Optional.of(sb.append("</svg>").toString());
    }
}
