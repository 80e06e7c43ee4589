package org.fulcrum.tlog.tile;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.fulcrum.tlog.InvalidProof;
import org.fulcrum.tlog.MalformedInput;
import org.fulcrum.tlog.merkle.Rfc6962;

/**
 * Entry bundles of C2SP tlog-tiles: the entries of a level 0 tile, each prefixed with its length
 * as a big-endian uint16. A full bundle holds 256 entries.
 */
public final class EntryBundle {

    /** Longest entry a bundle can carry. */
    public static final int MAX_ENTRY = 0xFFFF;

    private EntryBundle() {}

    /** Encodes entries into a bundle. */
    public static byte[] encode(List<byte[]> entries) {
        if (entries.size() > Tile.FULL_WIDTH) {
            throw new IllegalArgumentException("a bundle holds at most 256 entries");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] entry : entries) {
            if (entry.length > MAX_ENTRY) {
                throw new IllegalArgumentException("entry of " + entry.length + " bytes is too long");
            }
            out.write(entry.length >>> 8);
            out.write(entry.length);
            out.writeBytes(entry);
        }
        return out.toByteArray();
    }

    /** Decodes a bundle into its entries; throws {@link MalformedInput} if it is truncated. */
    public static List<byte[]> decode(byte[] bundle) {
        ByteBuffer in = ByteBuffer.wrap(bundle);
        List<byte[]> entries = new ArrayList<>();
        while (in.hasRemaining()) {
            if (in.remaining() < 2) {
                throw new MalformedInput("entry bundle ends inside a length prefix");
            }
            int length = Short.toUnsignedInt(in.getShort());
            if (in.remaining() < length) {
                throw new MalformedInput("entry bundle ends inside an entry");
            }
            byte[] entry = new byte[length];
            in.get(entry);
            entries.add(entry);
        }
        if (entries.size() > Tile.FULL_WIDTH) {
            throw new MalformedInput("entry bundle holds more than 256 entries");
        }
        return entries;
    }

    /**
     * Decodes the bundle for level 0 {@code tile} and checks its entries against the tile's data
     * (already authenticated, for example by {@link TileHashReader#authenticatedTile}). Returns the
     * entries; throws {@link InvalidProof} if their count or leaf hashes differ.
     */
    public static List<byte[]> verify(Tile tile, byte[] bundle, byte[] tileData) {
        if (tile.level() != 0) {
            throw new IllegalArgumentException("entry bundles belong to level 0 tiles");
        }
        Tiles.checkLength(tile, tileData);
        List<byte[]> entries = decode(bundle);
        if (entries.size() != tile.width()) {
            throw new InvalidProof("bundle has " + entries.size() + " entries, tile " + tile.width());
        }
        for (int i = 0; i < entries.size(); i++) {
            byte[] expected = Tiles.hashAt(tile, tileData, 0, tile.index() * Tile.FULL_WIDTH + i);
            if (!MessageDigest.isEqual(expected, Rfc6962.leafHash(entries.get(i)))) {
                throw new InvalidProof("entry " + i + " of " + tile.entriesPath() + " does not match");
            }
        }
        return entries;
    }
}
