package org.fulcrum.tlog.tile;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fulcrum.tlog.InvalidProof;
import org.fulcrum.tlog.merkle.HashReader;
import org.fulcrum.tlog.merkle.Rfc6962;
import org.fulcrum.tlog.merkle.StoredHashIndex;

/**
 * A {@link HashReader} for a client of a tiled log: it fetches tiles and uses a tile only after
 * authenticating it against a trusted tree head (size and root hash, from a verified checkpoint).
 *
 * <p>Partial tiles sit on the right edge of the tree: together they hold exactly the complete
 * subtrees the root is made of, so they are authenticated at once by recomputing the root. A full
 * tile is authenticated by its hash, which its parent tile (one level up, itself authenticated
 * first) must contain. Tiles that fail either check raise {@link InvalidProof}.
 *
 * <p>With it, {@link org.fulcrum.tlog.merkle.StoredTree} computes proofs from a mirror's tiles as
 * it does from the server's database. Authenticated tiles are cached. Not thread-safe.
 */
public final class TileHashReader implements HashReader {

    private final long treeSize;
    private final byte[] rootHash;
    private final TileReader tiles;
    private final Map<Tile, byte[]> trusted = new HashMap<>();

    /** A reader for the tree of {@code treeSize} leaves with root {@code rootHash}. */
    public TileHashReader(long treeSize, byte[] rootHash, TileReader tiles) {
        if (treeSize < 0 || rootHash.length != Rfc6962.HASH_SIZE) {
            throw new IllegalArgumentException("tree head needs a size and a 32-byte root");
        }
        this.treeSize = treeSize;
        this.rootHash = rootHash.clone();
        this.tiles = tiles;
    }

    @Override
    public List<byte[]> readHashes(long[] indexes) {
        List<byte[]> out = new ArrayList<>(indexes.length);
        for (long index : indexes) {
            int level = StoredHashIndex.level(index);
            long n = StoredHashIndex.indexInLevel(index);
            if (level > 62 || n + 1 > (treeSize >>> level)) {
                throw new IllegalArgumentException("hash " + index + " is not in a tree of size " + treeSize);
            }
            int tileLevel = level / Tile.HEIGHT;
            long firstHash = n << (level - tileLevel * Tile.HEIGHT);
            Tile tile = Tile.at(tileLevel, firstHash / Tile.FULL_WIDTH, treeSize);
            out.add(Tiles.hashAt(tile, authenticatedTile(tile), level, n));
        }
        return out;
    }

    /**
     * The data of {@code tile}, fetched and authenticated against the tree head. The tile must have
     * the width it has in this tree ({@link Tile#at}).
     */
    public byte[] authenticatedTile(Tile tile) {
        if (!tile.equals(Tile.at(tile.level(), tile.index(), treeSize))) {
            throw new IllegalArgumentException(tile.path() + " is not a tile of a tree of size " + treeSize);
        }
        byte[] data = trusted.get(tile);
        if (data != null) {
            return data;
        }
        if (!tile.isFull()) {
            authenticateRightEdge();
            return trusted.get(tile);
        }
        data = fetch(tile);
        Tile parent = Tile.at(tile.level() + 1, tile.index() / Tile.FULL_WIDTH, treeSize);
        byte[] expected =
                Tiles.hashAt(parent, authenticatedTile(parent), (tile.level() + 1) * Tile.HEIGHT, tile.index());
        if (!MessageDigest.isEqual(expected, Tiles.fullTileHash(data))) {
            throw new InvalidProof("tile " + tile.path() + " does not match its parent tile");
        }
        trusted.put(tile, data);
        return data;
    }

    private void authenticateRightEdge() {
        Map<Integer, Tile> edge = new HashMap<>();
        Map<Tile, byte[]> fetched = new HashMap<>();
        byte[] root = null;
        for (int level = 0; level < 63; level++) {
            if ((treeSize >>> level & 1) == 0) {
                continue;
            }
            int tileLevel = level / Tile.HEIGHT;
            Tile tile = edge.computeIfAbsent(tileLevel, l -> {
                long hashes = treeSize >>> (l * Tile.HEIGHT);
                return Tile.at(l, hashes / Tile.FULL_WIDTH, treeSize);
            });
            byte[] data = fetched.computeIfAbsent(tile, this::fetch);
            byte[] subtree = Tiles.hashAt(tile, data, level, (treeSize >>> level) - 1);
            root = root == null ? subtree : Rfc6962.nodeHash(subtree, root);
        }
        if (root == null || !MessageDigest.isEqual(root, rootHash)) {
            throw new InvalidProof("partial tiles do not hash to the checkpoint root");
        }
        trusted.putAll(fetched);
    }

    private byte[] fetch(Tile tile) {
        byte[] data = tiles.readTile(tile).clone();
        Tiles.checkLength(tile, data);
        return data;
    }
}
