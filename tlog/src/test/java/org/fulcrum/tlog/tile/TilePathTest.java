package org.fulcrum.tlog.tile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fulcrum.testkit.Seeded;
import org.fulcrum.tlog.MalformedInput;
import org.fulcrum.tlog.note.NoteVectors;
import org.junit.jupiter.api.Test;

class TilePathTest {

    private static final Pattern GO_PATH = Pattern.compile("^tile/(\\d+)/(\\d+)/(\\S+)\\s+(.*)$");
    private static final Pattern C2SP_EXAMPLE = Pattern.compile("N=(\\d+) -> (\\S+)");

    /**
     * Go's sumdb tile paths carry the tile height as an extra element ({@code tile/H/L/N}); C2SP
     * fixes the height at 8 and drops it. The index encoding is the same, so each Go example is
     * checked in its C2SP form, {@code tile/L/N}, against the values its annotation states.
     */
    @Test
    void goTilePathExamplesInTheirC2spForm() {
        List<String> lines = NoteVectors.read().get("4").lines();
        int checked = 0;
        for (String line : lines) {
            Matcher m = GO_PATH.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String c2sp = "tile/" + m.group(2) + "/" + m.group(3);
            String notes = m.group(4);
            Tile tile = Tile.parse(c2sp);
            assertThat(tile.path()).isEqualTo(c2sp);
            assertThat(tile.level()).isEqualTo(Integer.parseInt(m.group(2)));
            value(notes, "L=").ifPresent(l -> assertThat((long) tile.level()).isEqualTo(l));
            value(notes, "N=").ifPresent(n -> assertThat(tile.index()).as(line).isEqualTo(n));
            value(notes, "partial width ")
                    .ifPresent(w -> assertThat((long) tile.width()).isEqualTo(w));
            if (notes.contains("(full)")) {
                assertThat(tile.isFull()).isTrue();
            }
            checked++;
        }
        assertThat(checked).isEqualTo(4);

        Matcher example = lines.stream()
                .map(C2SP_EXAMPLE::matcher)
                .filter(Matcher::find)
                .findFirst()
                .orElseThrow();
        Tile tile = new Tile(0, Long.parseLong(example.group(1)), Tile.FULL_WIDTH);
        assertThat(tile.path()).isEqualTo("tile/0/" + example.group(2));
        assertThat(Tile.parse(tile.path())).isEqualTo(tile);
    }

    @Test
    void indexesAreWrittenInGroupsOfThreeDigits() {
        assertThat(new Tile(0, 0, 256).path()).isEqualTo("tile/0/000");
        assertThat(new Tile(1, 999, 256).path()).isEqualTo("tile/1/999");
        assertThat(new Tile(2, 1000, 7).path()).isEqualTo("tile/2/x001/000.p/7");
        assertThat(new Tile(0, 1000, 256).entriesPath()).isEqualTo("tile/entries/x001/000");
        assertThat(Tile.parseEntries("tile/entries/x001/000.p/3")).isEqualTo(new Tile(0, 1000, 3));
    }

    @Test
    void everyTileRoundTripsThroughItsPaths() {
        Seeded.forAll(
                200,
                r -> everyTileRoundTripsThroughItsPaths(
                        Seeded.between(r, 0, 63),
                        Seeded.between(r, 0, 999_999_999_999_999_999L),
                        Seeded.between(r, 1, 256)));
    }

    private static void everyTileRoundTripsThroughItsPaths(int level, long index, int width) {
        Tile tile = new Tile(level, index, width);
        assertThat(Tile.parse(tile.path())).isEqualTo(tile);
        Tile leaves = new Tile(0, index, width);
        assertThat(Tile.parseEntries(leaves.entriesPath())).isEqualTo(leaves);
    }

    @Test
    void rejectsMalformedAndNonCanonicalPaths() {
        for (String bad : new String[] {
            "tile/0/1",
            "tile/0/0001",
            "tile/0/x001",
            "tile/0/001/002",
            "tile/0/x000/001",
            "tile/0/001.p/0",
            "tile/0/001.p/256",
            "tile/0/001.p/05",
            "tile/0/001.p/",
            "tile/00/001",
            "tile/64/000",
            "tile/0/abc",
            "tile//000",
            "tiles/0/000",
            "tile/0/",
            "tile/entries/000",
            "/tile/0/000",
            "tile/0/000/",
        }) {
            assertThatThrownBy(() -> Tile.parse(bad)).as(bad).isInstanceOf(MalformedInput.class);
        }
        for (String bad : new String[] {"tile/entries/1", "tile/entries/000.p/256", "tile/0/000"}) {
            assertThatThrownBy(() -> Tile.parseEntries(bad)).as(bad).isInstanceOf(MalformedInput.class);
        }
    }

    private static java.util.Optional<Long> value(String notes, String key) {
        Matcher m = Pattern.compile(Pattern.quote(key) + "(\\d+)").matcher(notes);
        return m.find() ? java.util.Optional.of(Long.parseLong(m.group(1))) : java.util.Optional.empty();
    }
}
