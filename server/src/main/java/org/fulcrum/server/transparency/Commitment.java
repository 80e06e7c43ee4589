package org.fulcrum.server.transparency;

import java.security.SecureRandom;
import java.util.Map;
import java.util.TreeMap;
import org.fulcrum.server.core.Json;

/**
 * The private half of a log entry: a fresh per-entry key, the commitment to the entry's details
 * under it (hex HMAC-SHA256 of their canonical JSON, {@link EntryCodec#commit}) and the details as
 * stored beside the entry. It depends on nothing in the log, so a hot path makes it before its write
 * unit reaches the store's single writer ({@link TransparencyLog#append(org.fulcrum.server.store.Tx,
 * LogEntry, Commitment)}) and the writer only assembles the public part.
 *
 * @param details the details committed to
 * @param key the per-entry secret (kept in {@code log_secret}, erased with the link)
 * @param hex the commitment written into the entry
 * @param stored the details as JSON, as {@code log_secret} keeps them
 */
public record Commitment(Map<String, Object> details, byte[] key, String hex, String stored) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A commitment to {@code details} under a fresh key, the details stored as {@code json} writes them. */
    public static Commitment of(Map<String, Object> details, Json json) {
        Map<String, Object> sorted = details == null ? Map.of() : new TreeMap<>(details);
        byte[] key = freshKey();
        return new Commitment(sorted, key, EntryCodec.commit(key, sorted), json.write(sorted));
    }

    /** Whether this commits to the details of {@code entry}. */
    boolean covers(LogEntry entry) {
        return details.equals(entry.details());
    }

    static byte[] freshKey() {
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        return k;
    }
}
