package org.fulcrum.pdq;

import java.util.List;

/**
 * The hashes of the image's eight dihedral transforms, computed from one DCT as the reference
 * does: each is the hash the image would have after that rotation or flip. Matching a needle's
 * eight hashes against a bank finds rotated and mirrored copies.
 */
public record DihedralHashes(
        PdqHash original,
        PdqHash rotate90,
        PdqHash rotate180,
        PdqHash rotate270,
        PdqHash flipX,
        PdqHash flipY,
        PdqHash flipPlus1,
        PdqHash flipMinus1) {

    /** Names in the order of {@link #asList()}, as the reference tools label them. */
    public static final List<String> NAMES =
            List.of("orig", "rot90", "rot180", "rot270", "flipx", "flipy", "flipplus1", "flipminus1");

    static DihedralHashes of(PdqHash[] h) {
        return new DihedralHashes(h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]);
    }

    /** The eight hashes in reference order: orig, rot90, rot180, rot270, flipx, flipy, flip+1, flip-1. */
    public List<PdqHash> asList() {
        return List.of(original, rotate90, rotate180, rotate270, flipX, flipY, flipPlus1, flipMinus1);
    }
}
