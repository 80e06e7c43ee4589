package org.fulcrum.tlog.tile;

import java.util.ArrayList;
import java.util.List;
import org.fulcrum.tlog.MalformedInput;

/**
 * A tile of the log: {@code width} hashes of tree level {@code 8 * level}, starting with hash
 * {@code 256 * index} of that level. A tile with 256 hashes is full, otherwise partial.
 *
 * <p>Paths are relative to the log prefix: {@code tile/<L>/<N>[.p/<W>]} for hash tiles and {@code
 * tile/entries/<N>[.p/<W>]} for the entry bundle of a level 0 tile. {@code N} is written in groups
 * of three digits, all but the last prefixed with {@code x}: 1234067 is {@code x001/x234/067}.
 */
public record Tile(int level, long index, int width) {

    /** Tree levels per tile. */
    public static final int HEIGHT = 8;
    /** Hashes in a full tile. */
    public static final int FULL_WIDTH = 1 << HEIGHT;
    /** Highest tile level C2SP allows. */
    public static final int MAX_LEVEL = 63;

    private static final String PREFIX = "tile/";
    private static final String ENTRIES = "entries/";

    public Tile {
        if (level < 0 || level > MAX_LEVEL || index < 0 || width < 1 || width > FULL_WIDTH) {
            throw new IllegalArgumentException("no tile " + level + "/" + index + " of width " + width);
        }
    }

    /** The tile at {@code level} and {@code index} as it is in a tree of {@code treeSize} leaves. */
    public static Tile at(int level, long index, long treeSize) {
        long hashes = level * HEIGHT >= 63 ? 0 : treeSize >>> (level * HEIGHT);
        long width = index > hashes / FULL_WIDTH ? 0 : Math.min(FULL_WIDTH, hashes - index * FULL_WIDTH);
        if (width <= 0) {
            throw new IllegalArgumentException(
                    "tile " + level + "/" + index + " is empty in a tree of size " + treeSize);
        }
        return new Tile(level, index, (int) width);
    }

    /**
     * The tiles that exist in a tree of {@code newSize} leaves but not, with the same width, in a
     * tree of {@code oldSize}: what a server must publish (and a mirror fetch) after the log grew.
     */
    public static List<Tile> newTiles(long oldSize, long newSize) {
        if (oldSize < 0 || newSize < oldSize) {
            throw new IllegalArgumentException("log cannot shrink from " + oldSize + " to " + newSize);
        }
        List<Tile> tiles = new ArrayList<>();
        for (int level = 0; level * HEIGHT < 63 && newSize >>> (level * HEIGHT) > 0; level++) {
            long oldHashes = oldSize >>> (level * HEIGHT);
            long newHashes = newSize >>> (level * HEIGHT);
            for (long n = oldHashes / FULL_WIDTH; n * FULL_WIDTH < newHashes; n++) {
                Tile tile = at(level, n, newSize);
                if (tile.index * FULL_WIDTH + tile.width > oldHashes) {
                    tiles.add(tile);
                }
            }
        }
        return tiles;
    }

    /** Whether the tile holds all 256 hashes. */
    public boolean isFull() {
        return width == FULL_WIDTH;
    }

    /** Path of the hash tile, {@code tile/<L>/<N>[.p/<W>]}. */
    public String path() {
        return PREFIX + level + "/" + encodeIndex();
    }

    /** Path of the entry bundle for this level 0 tile, {@code tile/entries/<N>[.p/<W>]}. */
    public String entriesPath() {
        if (level != 0) {
            throw new IllegalStateException("only level 0 tiles have entry bundles");
        }
        return PREFIX + ENTRIES + encodeIndex();
    }

    /** Parses a hash tile path {@code tile/<L>/<N>[.p/<W>]}. */
    public static Tile parse(String path) {
        if (!path.startsWith(PREFIX) || path.startsWith(PREFIX + ENTRIES)) {
            throw new MalformedInput("not a hash tile path: " + path);
        }
        String rest = path.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            throw new MalformedInput("not a hash tile path: " + path);
        }
        int level = (int) parseDecimal(rest.substring(0, slash), MAX_LEVEL, path);
        return parseIndex(level, rest.substring(slash + 1), path);
    }

    /** Parses an entry bundle path {@code tile/entries/<N>[.p/<W>]} into its level 0 tile. */
    public static Tile parseEntries(String path) {
        if (!path.startsWith(PREFIX + ENTRIES)) {
            throw new MalformedInput("not an entry bundle path: " + path);
        }
        return parseIndex(0, path.substring((PREFIX + ENTRIES).length()), path);
    }

    private String encodeIndex() {
        String digits = Long.toString(index);
        digits = "0".repeat((3 - digits.length() % 3) % 3) + digits;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < digits.length(); i += 3) {
            if (i + 3 < digits.length()) {
                out.append('x').append(digits, i, i + 3).append('/');
            } else {
                out.append(digits, i, i + 3);
            }
        }
        if (!isFull()) {
            out.append(".p/").append(width);
        }
        return out.toString();
    }

    private static Tile parseIndex(int level, String encoded, String path) {
        int width = FULL_WIDTH;
        int partial = encoded.indexOf(".p/");
        if (partial >= 0) {
            width = (int) parseDecimal(encoded.substring(partial + 3), FULL_WIDTH - 1, path);
            if (width == 0) {
                throw new MalformedInput("partial tile width must be 1 to 255: " + path);
            }
            encoded = encoded.substring(0, partial);
        }
        String[] groups = encoded.split("/", -1);
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < groups.length; i++) {
            String group = groups[i];
            if (i < groups.length - 1) {
                if (!group.startsWith("x")) {
                    throw new MalformedInput("tile index groups but the last start with x: " + path);
                }
                group = group.substring(1);
            }
            if (group.length() != 3 || !group.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new MalformedInput("tile index groups have three digits: " + path);
            }
            digits.append(group);
        }
        if (digits.length() > 18) {
            throw new MalformedInput("tile index out of range: " + path);
        }
        Tile tile = new Tile(level, Long.parseLong(digits.toString()), width);
        // Only the canonical encoding is accepted (no "x000/001" for 1): one name per tile.
        String canonical = level == 0 && path.startsWith(PREFIX + ENTRIES) ? tile.entriesPath() : tile.path();
        if (!canonical.equals(path)) {
            throw new MalformedInput("non-canonical tile path: " + path);
        }
        return tile;
    }

    private static long parseDecimal(String s, long max, String path) {
        if (s.isEmpty()
                || s.length() > 3
                || !s.chars().allMatch(c -> c >= '0' && c <= '9')
                || s.length() > 1 && s.charAt(0) == '0'
                || Long.parseLong(s) > max) {
            throw new MalformedInput("bad number in tile path: " + path);
        }
        return Long.parseLong(s);
    }
}
