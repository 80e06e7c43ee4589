package org.fulcrum.server.transparency;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.fulcrum.server.core.Json;

/**
 * A plain entry encoded before its write unit reaches the store's single writer, but for a few
 * public fields whose values only the unit knows (how many new cases a notice opened). Canonical
 * JSON is deterministic and integers and booleans are written as they are, so the entry is encoded
 * once with a unique marker in each open field and cut around the markers; the writer splices the
 * values in ({@link #bytes}), getting the bytes {@link EntryCodec} would give the finished entry.
 * The commitment to the details is made with the draft ({@link Commitment}).
 */
public final class EntryDraft {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EntryKind kind;
    private final Instant time;
    private final Optional<String> subjectRef;
    private final Commitment commitment;
    private final List<String> open;
    private final List<byte[]> pieces;

    private EntryDraft(
            EntryKind kind,
            Instant time,
            Optional<String> subjectRef,
            Commitment commitment,
            List<String> open,
            List<byte[]> pieces) {
        this.kind = kind;
        this.time = time;
        this.subjectRef = subjectRef;
        this.commitment = commitment;
        this.open = open;
        this.pieces = pieces;
    }

    /**
     * Drafts {@code entry}, a plain entry whose public fields named in {@code open} are still to be
     * decided (their values in {@code entry} are ignored), with a fresh commitment to its details.
     */
    public static EntryDraft of(LogEntry entry, Set<String> open, Json json) {
        if (entry.sealedUntil().isPresent()) {
            throw new IllegalArgumentException("a sealed entry is encoded by the writer");
        }
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        String marker = "\u0001open-" + HexFormat.of().formatHex(nonce) + "-";
        Map<String, Object> fields = new LinkedHashMap<>(entry.publicFields());
        List<String> names = new ArrayList<>(new TreeSet<>(open));
        for (String name : names) {
            fields.put(name, marker + name);
        }
        LogEntry marked = new LogEntry(
                entry.kind(),
                entry.time(),
                entry.jurisdiction(),
                entry.category(),
                entry.outcome(),
                fields,
                entry.details(),
                entry.subjectRef(),
                Optional.empty());
        Commitment commitment = Commitment.of(entry.details(), json);
        byte[] data = EntryCodec.plain(marked, commitment.hex());
        // Each marker is a JSON string: cut out its quotes and all; it must occur exactly once.
        List<byte[]> pieces = new ArrayList<>(names.size() + 1);
        int from = 0;
        for (String name : names) {
            byte[] quoted = CanonicalJson.quoted(marker + name).getBytes(StandardCharsets.UTF_8);
            int at = indexOf(data, quoted, from);
            if (at < 0 || indexOf(data, quoted, at + 1) >= 0) {
                throw new IllegalStateException("the marker of " + name + " is not found once in the draft");
            }
            pieces.add(Arrays.copyOfRange(data, from, at));
            from = at + quoted.length;
        }
        pieces.add(Arrays.copyOfRange(data, from, data.length));
        return new EntryDraft(entry.kind(), entry.time(), entry.subjectRef(), commitment, names, pieces);
    }

    /** The finished entry's bytes: {@code values} (integers or booleans) for exactly the open fields. */
    byte[] bytes(Map<String, ?> values) {
        if (values.size() != open.size()) {
            throw new IllegalArgumentException("the open fields are " + open + ", given " + values.keySet());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        for (int i = 0; i < open.size(); i++) {
            out.writeBytes(pieces.get(i));
            Object v = values.get(open.get(i));
            if (!(v instanceof Integer || v instanceof Long || v instanceof Boolean)) {
                throw new IllegalArgumentException("open field " + open.get(i) + " takes an integer or a boolean");
            }
            out.writeBytes(String.valueOf(v).getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes(pieces.getLast());
        return out.toByteArray();
    }

    EntryKind kind() {
        return kind;
    }

    Instant time() {
        return time;
    }

    Optional<String> subjectRef() {
        return subjectRef;
    }

    Commitment commitment() {
        return commitment;
    }

    private static int indexOf(byte[] data, byte[] part, int from) {
        outer:
        for (int i = from; i <= data.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (data[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
