package org.fulcrum.server.detect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.fulcrum.pdq.PdqException;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.vpdq.VpdqFeature;

/**
 * One hash in a bank. The type may be left out for a bare hash whose length says it (32 hex digits
 * MD5, 64 PDQ); SHA-256 must be named. The stored form is lower-case hex. A vPDQ hash is added with
 * its frames, and its hash may then be left out: it is the SHA-256 of the frames' lines (so the same
 * video banked twice is one hash); to remove one, the hash alone is enough.
 *
 * @param hash the hash in hex
 * @param type pdq, md5, sha256 or vpdq
 * @param label what it is (a programme's category or case reference), at most 200 characters
 * @param source where it came from (a hash-sharing programme, a case), at most 200 characters
 * @param frames for vPDQ: the video's hashed frames in the reference's form, one
 *     {@code frame,quality,pdq,seconds} line each, at most {@value #MAX_FRAMES}
 */
public record BankHash(
        String hash,
        Optional<HashType> type,
        Optional<String> label,
        Optional<String> source,
        Optional<List<String>> frames) {
    /** Most frames one banked video may have: a day of video at the reference's one frame a second. */
    public static final int MAX_FRAMES = 86_400;

    public BankHash {
        type = Fields.opt(type);
        frames = Fields.opt(frames);
        label = Fields.text("label", label, 200);
        source = Fields.text("source", source, 200);
        label.ifPresent(l -> noNewline("label", l));
        source.ifPresent(s -> noNewline("source", s));
        if (frames.isPresent()) {
            if (type.isPresent() && type.get() != HashType.vpdq) {
                throw new InvalidInput("frames", "only a vpdq hash has frames");
            }
            type = Optional.of(HashType.vpdq);
            frames = Optional.of(canonical(frames.get()));
            String id = id(frames.get());
            if (hash != null
                    && !hash.isBlank()
                    && !HashType.vpdq.normalise("hash", hash).equals(id)) {
                throw new InvalidInput("hash", "is not the SHA-256 of the frames (" + id + "); leave it out");
            }
            hash = id;
        } else {
            if (hash == null || hash.isBlank()) {
                throw new InvalidInput("hash", "is required");
            }
            String given = hash;
            HashType t = type.orElseGet(() -> HashType.byLength("hash", given));
            hash = t.normalise("hash", hash);
            type = Optional.of(t);
        }
    }

    /** A hash without frames (every type; a vPDQ hash so named can only be removed). */
    public BankHash(String hash, Optional<HashType> type, Optional<String> label, Optional<String> source) {
        this(hash, type, label, source, Optional.empty());
    }

    /** A video's vPDQ hash from its frames. */
    public static BankHash video(List<VpdqFeature> features, Optional<String> label, Optional<String> source) {
        return new BankHash(
                null,
                Optional.of(HashType.vpdq),
                label,
                source,
                Optional.of(features.stream().map(VpdqFeature::toLine).toList()));
    }

    private static void noNewline(String field, String v) {
        if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            throw new InvalidInput(field, "must be one line");
        }
    }

    public HashType hashType() {
        return type.orElseThrow();
    }

    /** The key of this hash within its bank. */
    public String key() {
        return hashType().name() + ":" + hash;
    }

    /** The frames, parsed (empty for a hash without frames). */
    public List<VpdqFeature> features() {
        return frames.map(BankHash::parse).orElse(List.of());
    }

    /** The lines in their canonical form (re-printed from their values), or an error naming the frame. */
    private static List<String> canonical(List<String> lines) {
        if (lines.isEmpty()) {
            throw new InvalidInput("frames", "a video needs at least one frame");
        }
        if (lines.size() > MAX_FRAMES) {
            throw new InvalidInput("frames", "a video may have at most " + MAX_FRAMES + " frames, got " + lines.size());
        }
        return parse(lines).stream().map(VpdqFeature::toLine).toList();
    }

    private static List<VpdqFeature> parse(List<String> lines) {
        List<VpdqFeature> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line == null || line.length() > 200) {
                throw new InvalidInput("frames[" + i + "]", "must be a line frame,quality,pdq,seconds");
            }
            try {
                out.add(VpdqFeature.parse(line));
            } catch (PdqException e) {
                throw new InvalidInput("frames[" + i + "]", e.getMessage());
            }
        }
        return out;
    }

    /** The id of a video's frames: SHA-256 of their canonical lines, each ended by a newline. */
    static String id(List<String> canonicalLines) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String line : canonicalLines) {
                sha.update((line + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
