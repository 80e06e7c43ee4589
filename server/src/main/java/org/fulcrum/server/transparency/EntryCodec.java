package org.fulcrum.server.transparency;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Entry schema version 1: how an entry becomes leaf bytes, and how commitments are computed and
 * checked. Documented in ARCHITECTURE.md; a verifier needs only this class's rules.
 *
 * <ul>
 *   <li>plain entry: {@code {"v":1,"kind","time","jurisdiction"?,"category"?,"outcome"?,"fields",
 *       "commitment"}} where commitment = hex HMAC-SHA256(details key, canonical(details));</li>
 *   <li>sealed entry: {@code {"v":1,"kind":"sealed","time","commitment","publicCommitment"}} where
 *       publicCommitment = hex HMAC-SHA256(public key, canonical(public part)) and the public part
 *       is the plain entry's {kind, time, jurisdiction?, category?, outcome?, fields};</li>
 *   <li>reveal entry: {@code {"v":1,"kind":"reveal","of":index,"public":{...},"publicKey":hex}},
 *       valid when the HMAC of "public" under "publicKey" equals the sealed entry's publicCommitment.</li>
 * </ul>
 */
public final class EntryCodec {
    public static final int VERSION = 1;

    private EntryCodec() {}

    /** The public part of an entry: what a reader of the log learns. */
    public static Map<String, Object> publicPart(LogEntry e) {
        Map<String, Object> m = new TreeMap<>();
        m.put("kind", e.kind().name());
        m.put("time", e.time().toString());
        e.jurisdiction().ifPresent(j -> m.put("jurisdiction", j));
        e.category().ifPresent(c -> m.put("category", c));
        e.outcome().ifPresent(o -> m.put("outcome", o));
        m.put("fields", e.publicFields());
        return m;
    }

    public static byte[] plain(LogEntry e, byte[] detailsKey) {
        return plain(e, commit(detailsKey, e.details()));
    }

    /** The plain entry's bytes with {@code commitment}, the details' commitment made beforehand. */
    static byte[] plain(LogEntry e, String commitment) {
        Map<String, Object> m = publicPart(e);
        m.put("v", VERSION);
        m.put("commitment", commitment);
        return CanonicalJson.bytes(m);
    }

    public static byte[] sealed(LogEntry e, byte[] detailsKey, byte[] publicKey) {
        return sealed(e, commit(detailsKey, e.details()), publicKey);
    }

    /** The sealed entry's bytes with {@code commitment}, the details' commitment made beforehand. */
    static byte[] sealed(LogEntry e, String commitment, byte[] publicKey) {
        Map<String, Object> m = new TreeMap<>();
        m.put("v", VERSION);
        m.put("kind", EntryKind.sealed.name());
        m.put("time", e.time().toString());
        m.put("commitment", commitment);
        m.put("publicCommitment", commit(publicKey, publicPart(e)));
        return CanonicalJson.bytes(m);
    }

    public static byte[] reveal(long of, Map<String, Object> publicPart, byte[] publicKey) {
        Map<String, Object> m = new TreeMap<>();
        m.put("v", VERSION);
        m.put("kind", EntryKind.reveal.name());
        m.put("of", of);
        m.put("public", publicPart);
        m.put("publicKey", HexFormat.of().formatHex(publicKey));
        return CanonicalJson.bytes(m);
    }

    /** hex HMAC-SHA256(key, canonical(value)). */
    public static String commit(byte[] key, Map<String, ?> value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(CanonicalJson.bytes(value)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code reveal} opens the commitment of {@code sealed}: its fields are the ones committed to. */
    @SuppressWarnings("unchecked")
    public static boolean revealMatches(byte[] sealed, byte[] reveal) {
        Map<String, Object> s = CanonicalJson.parse(sealed);
        Map<String, Object> r = CanonicalJson.parse(reveal);
        if (!"sealed".equals(s.get("kind")) || !"reveal".equals(r.get("kind"))) {
            return false;
        }
        Object pub = r.get("public");
        Object key = r.get("publicKey");
        if (!(pub instanceof Map) || !(key instanceof String hex) || !(s.get("publicCommitment") instanceof String c)) {
            return false;
        }
        byte[] keyBytes;
        try {
            keyBytes = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return false;
        }
        String expected = commit(keyBytes, (Map<String, Object>) pub);
        return MessageDigest.isEqual(expected.getBytes(), c.getBytes());
    }

    /** Whether {@code details} under {@code key} is what a plain or sealed entry committed to. */
    public static boolean detailsMatch(byte[] entry, byte[] key, Map<String, ?> details) {
        Object c = CanonicalJson.parse(entry).get("commitment");
        return c instanceof String s
                && MessageDigest.isEqual(s.getBytes(), commit(key, details).getBytes());
    }
}
