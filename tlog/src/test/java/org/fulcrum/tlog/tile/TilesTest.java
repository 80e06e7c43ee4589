package org.fulcrum.tlog.tile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.fulcrum.testkit.Seeded;
import org.junit.jupiter.api.Test;

class TilesTest {

    /** Large enough for full level 1 tiles and a level 2 tile, as in the C2SP example. */
    private static final TileTestTree TREE = new TileTestTree(70_000, 3);

    @Test
    void theC2spExampleTreeOf70000LeavesHasTheTilesItLists() {
        List<Tile> tiles = Tile.newTiles(0, 70_000);
        assertThat(tiles.stream().filter(t -> t.level() == 0 && t.isFull())).hasSize(273);
        assertThat(tiles).contains(new Tile(0, 273, 112), new Tile(1, 0, 256), new Tile(1, 1, 17), new Tile(2, 0, 1));
        assertThat(tiles).hasSize(273 + 1 + 1 + 1 + 1);
        assertThat(Tile.newTiles(0, 256)).containsExactly(new Tile(0, 0, 256), new Tile(1, 0, 1));
    }

    @Test
    void levelZeroTileDataIsTheLeafHashes() {
        for (Tile tile : List.of(new Tile(0, 0, 256), new Tile(0, 5, 256), new Tile(0, 273, 112))) {
            byte[] data = Tiles.readTileData(tile, TREE.store);
            assertThat(data).hasSize(tile.width() * 32);
            for (int i = 0; i < tile.width(); i++) {
                assertThat(Arrays.copyOfRange(data, i * 32, i * 32 + 32))
                        .isEqualTo(TREE.leafHashes.get((int) tile.index() * 256 + i));
            }
        }
    }

    @Test
    void higherTilesHoldTheRootsOfTheFullTilesBelow() {
        for (Tile tile : List.of(new Tile(1, 0, 256), new Tile(1, 1, 17))) {
            byte[] data = Tiles.readTileData(tile, TREE.store);
            for (int i = 0; i < tile.width(); i++) {
                int first = (int) (tile.index() * 256 + i) * 256;
                assertThat(Arrays.copyOfRange(data, i * 32, i * 32 + 32)).isEqualTo(TREE.mth(first, first + 256));
            }
        }
        assertThat(Tiles.readTileData(new Tile(2, 0, 1), TREE.store)).isEqualTo(TREE.mth(0, 65_536));
    }

    @Test
    void hashesInsideATileAreTheSubtreesTheyCover() {
        Tile tile = new Tile(0, 3, 256);
        byte[] data = Tiles.readTileData(tile, TREE.store);
        assertThat(Tiles.hashAt(tile, data, 3, 3 * 32 + 5)).isEqualTo(TREE.mth((3 * 32 + 5) * 8, (3 * 32 + 6) * 8));
        assertThat(Tiles.hashAt(tile, data, 8, 3)).isEqualTo(TREE.mth(768, 1024));
    }

    @Test
    void newTilesAreThoseThatAppearOrGrowBetweenTwoSizes() {
        Seeded.forAll(
                100,
                r -> newTilesAreThoseThatAppearOrGrowBetweenTwoSizes(
                        Seeded.between(r, 0, 200_000L), Seeded.between(r, 0, 200_000L)));
    }

    private static void newTilesAreThoseThatAppearOrGrowBetweenTwoSizes(long a, long b) {
        long older = Math.min(a, b);
        long newer = Math.max(a, b);
        Set<Tile> expected = new HashSet<>(allTiles(newer));
        expected.removeAll(allTiles(older));
        assertThat(Tile.newTiles(older, newer)).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** Every tile of a tree, by enumerating each level's hashes. */
    private static List<Tile> allTiles(long size) {
        List<Tile> tiles = new ArrayList<>();
        for (int level = 0; (size >> (8 * level)) > 0; level++) {
            long hashes = size >> (8 * level);
            for (long n = 0; n * 256 < hashes; n++) {
                tiles.add(new Tile(level, n, (int) Math.min(256, hashes - n * 256)));
            }
        }
        return tiles;
    }
}
