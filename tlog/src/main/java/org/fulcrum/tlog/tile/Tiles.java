package org.fulcrum.tlog.tile;

import java.util.Arrays;
import java.util.List;
import org.fulcrum.tlog.InvalidProof;
import org.fulcrum.tlog.merkle.HashReader;
import org.fulcrum.tlog.merkle.Rfc6962;
import org.fulcrum.tlog.merkle.StoredHashIndex;

/** Tile data: reading it from stored hashes, and computing tree hashes from it. */
public final class Tiles {

    private static final int H = Rfc6962.HASH_SIZE;

    private Tiles() {}

    /**
     * The data of {@code tile}, its hashes concatenated, read from stored hashes in one call. This is
     * the body a server returns for {@code GET <prefix>/tile/<L>/<N>[.p/<W>]}.
     */
    public static byte[] readTileData(Tile tile, HashReader reader) {
        int treeLevel = tile.level() * Tile.HEIGHT;
        long first = tile.index() * Tile.FULL_WIDTH;
        long[] indexes = new long[tile.width()];
        for (int i = 0; i < indexes.length; i++) {
            indexes[i] = StoredHashIndex.of(treeLevel, first + i);
        }
        List<byte[]> hashes = HashReader.readChecked(reader, indexes);
        byte[] data = new byte[indexes.length * H];
        for (int i = 0; i < indexes.length; i++) {
            System.arraycopy(hashes.get(i), 0, data, i * H, H);
        }
        return data;
    }

    /**
     * The hash of tree node {@code n} at tree {@code level}, computed from {@code tile}'s data. The
     * node must lie in the tile: {@code level} between {@code 8 * tile.level()} and {@code 8 *
     * tile.level() + 7} (or {@code + 8} for the root of a full tile), and all of its hashes present.
     */
    public static byte[] hashAt(Tile tile, byte[] data, int level, long n) {
        checkLength(tile, data);
        int depth = level - tile.level() * Tile.HEIGHT;
        if (depth < 0 || depth > Tile.HEIGHT) {
            throw new IllegalArgumentException("level " + level + " is not in tile " + tile.path());
        }
        long offset = (n << depth) - tile.index() * Tile.FULL_WIDTH;
        long count = 1L << depth;
        if (offset < 0 || offset + count > tile.width()) {
            throw new IllegalArgumentException("node " + level + "/" + n + " is not in " + tile.path());
        }
        return subtree(data, (int) offset, (int) count);
    }

    /** Root of a full tile: the hash its parent tile holds for it. */
    static byte[] fullTileHash(byte[] data) {
        return subtree(data, 0, Tile.FULL_WIDTH);
    }

    static void checkLength(Tile tile, byte[] data) {
        if (data.length != tile.width() * H) {
            throw new InvalidProof("tile " + tile.path() + " must be " + tile.width() * H + " bytes");
        }
    }

    /** Merkle root over {@code count} (a power of two) consecutive hashes of {@code data}. */
    private static byte[] subtree(byte[] data, int offset, int count) {
        byte[][] level = new byte[count][];
        for (int i = 0; i < count; i++) {
            int from = (offset + i) * H;
            level[i] = Arrays.copyOfRange(data, from, from + H);
        }
        for (int width = count; width > 1; width /= 2) {
            for (int i = 0; i < width / 2; i++) {
                level[i] = Rfc6962.nodeHash(level[2 * i], level[2 * i + 1]);
            }
        }
        return level[0];
    }
}
