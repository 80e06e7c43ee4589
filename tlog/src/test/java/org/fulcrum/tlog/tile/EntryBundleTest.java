package org.fulcrum.tlog.tile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.fulcrum.tlog.InvalidProof;
import org.fulcrum.tlog.MalformedInput;
import org.junit.jupiter.api.Test;

class EntryBundleTest {

    private static final TileTestTree TREE = new TileTestTree(600, 11);

    @Test
    void eachEntryIsPrefixedWithItsBigEndianLength() {
        byte[] bundle = EntryBundle.encode(List.of(new byte[] {1, 2}, new byte[0], new byte[300]));
        assertThat(bundle).startsWith(0, 2, 1, 2, 0, 0, 1, 44).hasSize(2 + 2 + 2 + 2 + 300);
        assertThat(EntryBundle.decode(bundle))
                .satisfiesExactly(
                        e -> assertThat(e).containsExactly(1, 2),
                        e -> assertThat(e).isEmpty(),
                        e -> assertThat(e).hasSize(300));
    }

    @Test
    void entriesUpTo65535BytesFit() {
        byte[] largest = new byte[65_535];
        largest[65_534] = 7;
        assertThat(EntryBundle.decode(EntryBundle.encode(List.of(largest))).getFirst())
                .isEqualTo(largest);
        assertThatThrownBy(() -> EntryBundle.encode(List.of(new byte[65_536])))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void truncatedBundlesAreMalformed() {
        byte[] bundle = EntryBundle.encode(List.of(new byte[] {1, 2, 3}));
        for (int cut = 1; cut < bundle.length; cut++) {
            byte[] truncated = java.util.Arrays.copyOf(bundle, cut);
            assertThatThrownBy(() -> EntryBundle.decode(truncated)).isInstanceOf(MalformedInput.class);
        }
    }

    @Test
    void fullAndPartialBundlesVerifyAgainstTheirTiles() {
        for (Tile tile : List.of(new Tile(0, 1, 256), new Tile(0, 2, 600 - 512))) {
            List<byte[]> entries =
                    TREE.entries.subList((int) tile.index() * 256, (int) tile.index() * 256 + tile.width());
            byte[] bundle = EntryBundle.encode(entries);
            byte[] tileData = Tiles.readTileData(tile, TREE.store);
            assertThat(EntryBundle.verify(tile, bundle, tileData)).containsExactlyElementsOf(entries);
        }
    }

    @Test
    void aChangedMissingOrExtraEntryFailsVerification() {
        Tile tile = new Tile(0, 2, 600 - 512);
        byte[] tileData = Tiles.readTileData(tile, TREE.store);
        List<byte[]> entries = new ArrayList<>(TREE.entries.subList(512, 600));

        List<byte[]> changed = new ArrayList<>(entries);
        changed.set(40, new byte[] {0});
        List<byte[]> missing = entries.subList(0, entries.size() - 1);
        List<byte[]> extra = new ArrayList<>(entries);
        extra.add(new byte[] {1});
        for (List<byte[]> bad : List.of(changed, missing, extra)) {
            assertThatThrownBy(() -> EntryBundle.verify(tile, EntryBundle.encode(bad), tileData))
                    .isInstanceOf(InvalidProof.class);
        }
    }
}
