package org.fulcrum.tlog.checkpoint;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.fulcrum.tlog.MalformedInput;
import org.fulcrum.tlog.merkle.Rfc6962;

/**
 * The body of a C2SP checkpoint: which log, how many leaves, and the root hash at that size.
 *
 * @param origin the log's identity, non-empty, one line
 * @param size number of leaves
 * @param rootHash RFC 6962 root hash at {@code size}, 32 bytes
 * @param extensions opaque extension lines, each non-empty; not recommended, kept for fidelity
 */
public record Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {

    public Checkpoint {
        if (origin == null || origin.isEmpty() || hasControl(origin)) {
            throw new MalformedInput("checkpoint origin must be one non-empty line");
        }
        if (size < 0) {
            throw new MalformedInput("checkpoint size must not be negative");
        }
        if (rootHash == null || rootHash.length != Rfc6962.HASH_SIZE) {
            throw new MalformedInput("checkpoint root hash must be 32 bytes");
        }
        rootHash = rootHash.clone();
        extensions = List.copyOf(extensions);
        for (String line : extensions) {
            if (line.isEmpty() || hasControl(line)) {
                throw new MalformedInput("checkpoint extension lines must be non-empty single lines");
            }
        }
    }

    /** A checkpoint without extension lines. */
    public Checkpoint(String origin, long size, byte[] rootHash) {
        this(origin, size, rootHash, List.of());
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    /** The note text: origin, size and root hash lines, extension lines, each ending in newline. */
    public String format() {
        StringBuilder out = new StringBuilder()
                .append(origin)
                .append('\n')
                .append(size)
                .append('\n')
                .append(Base64.getEncoder().encodeToString(rootHash))
                .append('\n');
        extensions.forEach(line -> out.append(line).append('\n'));
        return out.toString();
    }

    /** Parses a checkpoint note text; throws {@link MalformedInput} on any deviation. */
    public static Checkpoint parse(String text) {
        if (!text.endsWith("\n")) {
            throw new MalformedInput("checkpoint text must end with a newline");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (lines.length < 3) {
            throw new MalformedInput("checkpoint needs origin, size and root hash lines");
        }
        return new Checkpoint(
                lines[0],
                parseSize(lines[1]),
                parseHash(lines[2]),
                Arrays.asList(lines).subList(3, lines.length));
    }

    /** Decimal without sign or leading zeros, as C2SP requires. */
    static long parseSize(String line) {
        if (line.isEmpty()
                || line.length() > 19
                || !line.chars().allMatch(c -> c >= '0' && c <= '9')
                || line.length() > 1 && line.charAt(0) == '0') {
            throw new MalformedInput("checkpoint size must be a decimal without leading zeros");
        }
        try {
            return Long.parseLong(line);
        } catch (NumberFormatException e) {
            throw new MalformedInput("checkpoint size out of range", e);
        }
    }

    private static byte[] parseHash(String line) {
        try {
            byte[] hash = Base64.getDecoder().decode(line);
            if (hash.length != Rfc6962.HASH_SIZE
                    || !Base64.getEncoder().encodeToString(hash).equals(line)) {
                throw new MalformedInput("checkpoint root hash must be 32 bytes of padded base64");
            }
            return hash;
        } catch (IllegalArgumentException e) {
            throw new MalformedInput("checkpoint root hash is not base64", e);
        }
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(c -> c < 0x20);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c
                && origin.equals(c.origin)
                && size == c.size
                && MessageDigest.isEqual(rootHash, c.rootHash)
                && extensions.equals(c.extensions);
    }

    @Override
    public int hashCode() {
        return (origin.hashCode() * 31 + Long.hashCode(size)) * 31 + Arrays.hashCode(rootHash);
    }

    @Override
    public String toString() {
        return "Checkpoint[" + origin + " " + size + " " + HexFormat.of().formatHex(rootHash) + "]";
    }
}
