package org.fulcrum.tlog.tile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.fulcrum.testkit.Seeded;
import org.fulcrum.tlog.InvalidProof;
import org.fulcrum.tlog.merkle.Proofs;
import org.fulcrum.tlog.merkle.StoredTree;
import org.junit.jupiter.api.Test;

class TileHashReaderTest {

    private static final TileTestTree TREE = new TileTestTree(70_000, 5);
    private final List<Tile> fetched = new ArrayList<>();

    /** Serves tiles from the stored hashes, as the server does, recording each fetch. */
    private byte[] serve(Tile tile) {
        fetched.add(tile);
        return Tiles.readTileData(tile, TREE.store);
    }

    @Test
    void proofsFromAuthenticatedTilesEqualProofsFromStoredHashes() {
        Seeded.forAll(
                40,
                r -> proofsFromAuthenticatedTilesEqualProofsFromStoredHashes(
                        Seeded.between(r, 2, 70_000), Seeded.between(r, 0, 69_999)));
    }

    private void proofsFromAuthenticatedTilesEqualProofsFromStoredHashes(int size, int pick) {
        byte[] root = StoredTree.treeHash(size, TREE.store);
        TileHashReader tiles = new TileHashReader(size, root, this::serve);
        long index = pick % size;
        List<byte[]> proof = StoredTree.inclusionProof(index, size, tiles);
        assertThat(proof).containsExactlyElementsOf(StoredTree.inclusionProof(index, size, TREE.store));
        Proofs.verifyInclusion(index, size, TREE.leafHashes.get((int) index), proof, root);
        long old = 1 + pick % (size - 1);
        assertThat(StoredTree.consistencyProof(old, size, tiles))
                .containsExactlyElementsOf(StoredTree.consistencyProof(old, size, TREE.store));
        assertThat(StoredTree.treeHash(size, tiles)).isEqualTo(root);
    }

    @Test
    void authenticatedTilesAreFetchedOnce() {
        TileHashReader tiles = new TileHashReader(70_000, TREE.store.root(), this::serve);
        StoredTree.inclusionProof(1234, 70_000, tiles);
        int first = fetched.size();
        StoredTree.inclusionProof(1235, 70_000, tiles);
        assertThat(fetched).hasSize(first).doesNotHaveDuplicates();
    }

    @Test
    void aTamperedFullTileIsRejected() {
        TileHashReader tiles = new TileHashReader(70_000, TREE.store.root(), tile -> {
            byte[] data = serve(tile);
            if (tile.equals(new Tile(0, 4, 256))) {
                data[100] ^= 1;
            }
            return data;
        });
        assertThatThrownBy(() -> tiles.authenticatedTile(new Tile(0, 4, 256))).isInstanceOf(InvalidProof.class);
        assertThat(tiles.authenticatedTile(new Tile(0, 5, 256)))
                .isEqualTo(Tiles.readTileData(new Tile(0, 5, 256), TREE.store));
    }

    @Test
    void aTamperedPartialTileIsRejected() {
        TileHashReader tiles = new TileHashReader(70_000, TREE.store.root(), tile -> {
            byte[] data = serve(tile);
            if (tile.level() == 1 && !tile.isFull()) {
                data[data.length - 1] ^= 1;
            }
            return data;
        });
        assertThatThrownBy(() -> StoredTree.inclusionProof(5, 70_000, tiles)).isInstanceOf(InvalidProof.class);
    }

    @Test
    void tilesForAnotherRootOrOfTheWrongLengthAreRejected() {
        byte[] otherRoot = StoredTree.treeHash(69_999, TREE.store);
        TileHashReader wrongRoot = new TileHashReader(70_000, otherRoot, this::serve);
        assertThatThrownBy(() -> wrongRoot.authenticatedTile(new Tile(0, 0, 256)))
                .isInstanceOf(InvalidProof.class);

        TileHashReader truncating = new TileHashReader(
                70_000, TREE.store.root(), tile -> java.util.Arrays.copyOf(serve(tile), tile.width() * 32 - 1));
        assertThatThrownBy(() -> truncating.authenticatedTile(new Tile(0, 0, 256)))
                .isInstanceOf(InvalidProof.class);
    }

    @Test
    void onlyTilesOfTheTreeCanBeRequested() {
        TileHashReader tiles = new TileHashReader(1000, StoredTree.treeHash(1000, TREE.store), this::serve);
        assertThatThrownBy(() -> tiles.authenticatedTile(new Tile(0, 3, 256)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(tiles.authenticatedTile(new Tile(0, 3, 1000 - 768))).hasSize((1000 - 768) * 32);
    }
}
