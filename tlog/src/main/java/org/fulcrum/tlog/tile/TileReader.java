package org.fulcrum.tlog.tile;

/** Fetches the data of a tile, for example {@code GET <prefix>/tile/...} on a log or a mirror. */
@FunctionalInterface
public interface TileReader {

    /** The bytes served for {@code tile}; they are checked by the caller before any use. */
    byte[] readTile(Tile tile);
}
