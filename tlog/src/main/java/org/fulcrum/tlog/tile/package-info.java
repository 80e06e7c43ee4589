/**
 * C2SP tlog-tiles (https://c2sp.org/tlog-tiles): the log served as static, cacheable tiles.
 *
 * <p>A tile at level {@code L} and index {@code N} holds up to 256 consecutive hashes of tree
 * level {@code 8L}, starting at hash {@code 256N}; level 0 tiles hold leaf hashes, and each hash of
 * a level {@code L > 0} tile is the root of a full tile below. Entry bundles hold the entries of a
 * level 0 tile, each prefixed with its big-endian uint16 length. {@link
 * org.fulcrum.tlog.tile.Tile} names tiles and their paths; {@link org.fulcrum.tlog.tile.Tiles}
 * reads a tile's data from stored hashes and computes hashes from tile data; {@link
 * org.fulcrum.tlog.tile.TileHashReader} fetches tiles for a client and authenticates each against
 * a checkpoint before using it; {@link org.fulcrum.tlog.tile.EntryBundle} encodes bundles.
 */
package org.fulcrum.tlog.tile;
