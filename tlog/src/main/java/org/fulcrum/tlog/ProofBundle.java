package org.fulcrum.tlog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.fulcrum.tlog.checkpoint.SignedCheckpoint;
import org.fulcrum.tlog.merkle.HashReader;
import org.fulcrum.tlog.merkle.Proofs;
import org.fulcrum.tlog.merkle.Rfc6962;
import org.fulcrum.tlog.merkle.StoredTree;
import org.fulcrum.tlog.note.NoteVerifier;

/**
 * An offline-verifiable proof that one entry is in the log, in the C2SP tlog-proof text format
 * (https://c2sp.org/tlog-proof, {@code c2sp.org/tlog-proof@v1}):
 *
 * <pre>
 * c2sp.org/tlog-proof@v1
 * extra &lt;base64 opaque data&gt;        (optional, unauthenticated)
 * index &lt;decimal entry index&gt;
 * &lt;base64 proof hash&gt;                (zero or more, leaf's sibling first)
 *
 * &lt;signed checkpoint, verbatim&gt;
 * </pre>
 *
 * @param index zero-based index of the entry
 * @param extra optional application data; not covered by any signature
 * @param proof inclusion proof hashes, each 32 bytes
 * @param checkpoint the signed checkpoint note, verbatim, ending in a newline
 */
public record ProofBundle(long index, Optional<byte[]> extra, List<byte[]> proof, String checkpoint) {

    /** First line of every bundle. */
    public static final String HEADER = "c2sp.org/tlog-proof@v1";

    public ProofBundle {
        if (index < 0) {
            throw new MalformedInput("proof bundle index must not be negative");
        }
        extra = extra.map(byte[]::clone);
        proof = proof.stream().map(byte[]::clone).toList();
        if (proof.stream().anyMatch(h -> h.length != Rfc6962.HASH_SIZE)) {
            throw new MalformedInput("proof bundle hashes must be 32 bytes");
        }
        if (checkpoint.isEmpty() || !checkpoint.endsWith("\n")) {
            throw new MalformedInput("proof bundle must end with a signed checkpoint");
        }
    }

    /** Builds the bundle for entry {@code index} under a signed checkpoint, reading stored hashes. */
    public static ProofBundle create(
            long index, Optional<byte[]> extra, SignedCheckpoint checkpoint, HashReader reader) {
        List<byte[]> proof =
                StoredTree.inclusionProof(index, checkpoint.checkpoint().size(), reader);
        return new ProofBundle(index, extra, proof, checkpoint.format());
    }

    /** The bundle as text; store it with extension {@code .tlog-proof}. */
    public String format() {
        Base64.Encoder b64 = Base64.getEncoder();
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        extra.ifPresent(e -> out.append("extra ").append(b64.encodeToString(e)).append('\n'));
        out.append("index ").append(index).append('\n');
        proof.forEach(h -> out.append(b64.encodeToString(h)).append('\n'));
        return out.append('\n').append(checkpoint).toString();
    }

    /** Parses a bundle; throws {@link MalformedInput} on any deviation from the format. */
    public static ProofBundle parse(String text) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        int at = 0;
        if (!lines.get(at++).equals(HEADER)) {
            throw new MalformedInput("proof bundle must start with " + HEADER);
        }
        Optional<byte[]> extra = Optional.empty();
        if (at < lines.size() && lines.get(at).startsWith("extra ")) {
            extra = Optional.of(decode(lines.get(at++).substring("extra ".length()), -1));
        }
        if (at >= lines.size() || !lines.get(at).startsWith("index ")) {
            throw new MalformedInput("proof bundle has no index line");
        }
        long index = parseIndex(lines.get(at++).substring("index ".length()));
        List<byte[]> proof = new ArrayList<>();
        while (at < lines.size() && !lines.get(at).isEmpty()) {
            proof.add(decode(lines.get(at++), Rfc6962.HASH_SIZE));
        }
        if (at >= lines.size()) {
            throw new MalformedInput("proof bundle has no blank line before its checkpoint");
        }
        String checkpoint = String.join("\n", lines.subList(at + 1, lines.size()));
        return new ProofBundle(index, extra, proof, checkpoint);
    }

    /**
     * Verifies that the entry with {@code leafHash} is at {@link #index()} in the log: opens the
     * checkpoint against the log key and the trusted cosigners, then checks the inclusion proof
     * against its root. Returns the verified checkpoint, whose cosigners the caller weighs against
     * its own quorum policy (or use {@link LogVerifier#verifyInclusion}, which does).
     */
    public SignedCheckpoint.Verified verify(
            byte[] leafHash, NoteVerifier log, Collection<? extends NoteVerifier> cosigners) {
        SignedCheckpoint.Verified verified =
                SignedCheckpoint.open(checkpoint.getBytes(StandardCharsets.UTF_8), log, cosigners);
        var head = verified.checkpoint();
        Proofs.verifyInclusion(index, head.size(), leafHash, proof, head.rootHash());
        return verified;
    }

    private static long parseIndex(String s) {
        if (s.isEmpty()
                || s.length() > 19
                || !s.chars().allMatch(c -> c >= '0' && c <= '9')
                || s.length() > 1 && s.charAt(0) == '0') {
            throw new MalformedInput("proof bundle index must be a decimal without leading zeros");
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new MalformedInput("proof bundle index out of range", e);
        }
    }

    private static byte[] decode(String line, int length) {
        try {
            byte[] bytes = Base64.getDecoder().decode(line);
            if (!Base64.getEncoder().encodeToString(bytes).equals(line) || length >= 0 && bytes.length != length) {
                throw new MalformedInput("proof bundle has a malformed base64 line");
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw new MalformedInput("proof bundle has a malformed base64 line", e);
        }
    }
}
