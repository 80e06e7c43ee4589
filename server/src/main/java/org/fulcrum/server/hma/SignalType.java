package org.fulcrum.server.hma;

import java.util.Locale;
import java.util.Optional;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.detect.HashType;

/** HMA's signal types, each a kind of hash Fulcrum banks. */
enum SignalType {
    /** PDQ of a photo, compared by Hamming distance. */
    pdq(HashType.pdq, "photo"),
    /** MD5 of a video file's bytes, compared for equality. */
    video_md5(HashType.md5, "video"),
    /**
     * vPDQ of a video, in HMA's form (see {@link HmaVpdq}): compared by the share of each video's
     * frames found in the other.
     */
    vpdq(HashType.vpdq, "video");

    /** HMA's threshold for a PDQ comparison: at most this many bits differ. */
    static final int PDQ_MATCH_DISTANCE = 31;

    /** HMA's vPDQ rule: 80% of the query's frames found in the banked video, any share the other way. */
    static final double VPDQ_QUERY_PERCENT = 80.0;

    static final double VPDQ_BANKED_PERCENT = 0.0;

    final HashType hashType;
    final String contentType;

    SignalType(HashType hashType, String contentType) {
        this.hashType = hashType;
        this.contentType = contentType;
    }

    /** The type named {@code name}, or a 400 in HMA's words. */
    static SignalType named(String field, String name) {
        return find(name)
                .orElseThrow(() ->
                        new InvalidInput(field, "no such signal type '" + clip(name) + "': pdq, video_md5 or vpdq"));
    }

    static Optional<SignalType> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (SignalType t : values()) {
            if (t.name().equals(name.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The type of Fulcrum hash {@code type}, if HMA has one for it. */
    static Optional<SignalType> of(HashType type) {
        for (SignalType t : values()) {
            if (t.hashType == type) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The signal in its stored form (lower-case hex; vPDQ's JSON read and written with {@code json}), or a 400 naming {@code field}. */
    String validate(String field, String signal, Json json) {
        if (this == vpdq) {
            return HmaVpdq.format(HmaVpdq.parse(field, signal, json), json);
        }
        return hashType.normalise(field, signal);
    }

    /** The distance between two valid signals: Hamming bits for PDQ, 0 or 1 for digests (not for vPDQ). */
    int distance(String a, String b) {
        if (this == pdq) {
            int bits = 0;
            for (int i = 0; i < a.length(); i += 16) {
                bits += Long.bitCount(Long.parseUnsignedLong(a.substring(i, i + 16), 16)
                        ^ Long.parseUnsignedLong(b.substring(i, i + 16), 16));
            }
            return bits;
        }
        return a.equals(b) ? 0 : 1;
    }

    /** Whether two signals at {@code distance} are a match by HMA's rule. */
    boolean matches(int distance) {
        return this == pdq ? distance <= PDQ_MATCH_DISTANCE : distance == 0;
    }

    private static String clip(String s) {
        String v = String.valueOf(s);
        return v.length() > 40 ? v.substring(0, 40) + "…" : v;
    }
}
