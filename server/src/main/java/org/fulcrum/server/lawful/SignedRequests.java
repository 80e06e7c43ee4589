package org.fulcrum.server.lawful;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.fulcrum.server.lawful.SignatureRejected.Reason;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;

/**
 * Verifies RFC 9421 signatures on the lawful API. Checks, in order, so each forgery gets its own
 * answer: headers present and well formed; the signature covers {@code @method},
 * {@code @target-uri} and {@code content-digest} with {@code created}, {@code nonce} and
 * {@code keyid}; the key is registered for signing and not revoked; {@code created} is inside the
 * window; the body matches its digest; the signature verifies; the nonce is new. Nonces are
 * consumed in the caller's write transaction, durably, so a replay fails even after a restart.
 */
public final class SignedRequests {
    public static final Duration MAX_AGE = Duration.ofMinutes(5);
    public static final Duration MAX_SKEW = Duration.ofSeconds(30);

    private final Database db;
    private final Clock clock;

    public SignedRequests(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Who signed a request, as far as the registry knows. */
    public record Signer(String keyId, String officerId, String agencyId, boolean officerVerified,
                         boolean agencyVerified, Instant keyCreatedAt, Instant officerVerifiedAt, String nonce) {
    }

    /**
     * Verifies a request. {@code header} gives a header's value (null when absent);
     * {@code targetUris} are the URIs under which this server may have been addressed.
     */
    public Signer verify(String method, List<String> targetUris, Function<String, String> header, byte[] body) {
        HttpSignatures.Input input = HttpSignatures.parse(header.apply("Signature-Input"), header.apply("Signature"));
        List<String> missing = new ArrayList<>();
        for (String c : HttpSignatures.REQUEST_COMPONENTS) {
            if (!input.components().contains(c)) {
                missing.add(c);
            }
        }
        Object created = input.params().get("created");
        Object keyid = input.params().get("keyid");
        Object nonce = input.params().get("nonce");
        if (!(created instanceof Long)) {
            missing.add("created");
        }
        if (!(keyid instanceof String)) {
            missing.add("keyid");
        }
        if (!(nonce instanceof String)) {
            missing.add("nonce");
        }
        if (!missing.isEmpty()) {
            throw new SignatureRejected(Reason.INCOMPLETE, "the signature must cover @method, @target-uri and "
                    + "content-digest and carry created, nonce and keyid; missing: " + String.join(", ", missing));
        }
        Object alg = input.params().get("alg");
        if (alg != null && !"ed25519".equals(alg)) {
            throw new SignatureRejected(Reason.MALFORMED, "alg must be ed25519, was " + alg);
        }
        String n = (String) nonce;
        if (!n.matches("[A-Za-z0-9._~+/=-]{8,128}")) {
            throw new SignatureRejected(Reason.MALFORMED, "nonce must be 8-128 characters of base64 or base64url");
        }
        KeyRow key = db.read(h -> h.createQuery("""
                        SELECT k.key_id, k.purpose, k.public_key, k.created_at, k.revoked_at, k.revoked_reason,
                               o.id, o.agency_id, o.verified_at, a.verified_at, o.disabled
                        FROM officer_key k JOIN officer o ON o.id = k.officer_id JOIN agency a ON a.id = o.agency_id
                        WHERE k.key_id = :k""")
                .bind("k", (String) keyid)
                .map((rs, ctx) -> new KeyRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        (Long) rs.getObject(5) == null ? null : rs.getLong(5), rs.getString(6), rs.getString(7),
                        rs.getString(8), (Long) rs.getObject(9) == null ? null : rs.getLong(9),
                        (Long) rs.getObject(10) == null ? null : rs.getLong(10), rs.getInt(11) == 1))
                .findOne())
                .orElseThrow(() -> new SignatureRejected(Reason.UNKNOWN_KEY, "key '" + keyid
                        + "' is not registered with Fulcrum; keys are registered after out-of-band verification"));
        if (!key.purpose().equals("sign")) {
            throw new SignatureRejected(Reason.UNKNOWN_KEY, "key '" + keyid + "' is registered for encryption, not signing");
        }
        if (key.revokedAt() != null) {
            throw new SignatureRejected(Reason.REVOKED_KEY, "key '" + keyid + "' was revoked at "
                    + Instant.ofEpochMilli(key.revokedAt()) + " (" + key.revokedReason() + ")");
        }
        long now = clock.instant().getEpochSecond();
        long age = now - (Long) created;
        if (age > MAX_AGE.toSeconds()) {
            throw new SignatureRejected(Reason.EXPIRED, "the signature was created " + age + " s ago; it must be "
                    + "less than " + MAX_AGE.toSeconds() + " s old");
        }
        if (-age > MAX_SKEW.toSeconds()) {
            throw new SignatureRejected(Reason.FROM_THE_FUTURE, "the signature is dated " + (-age)
                    + " s in the future; at most " + MAX_SKEW.toSeconds() + " s of clock skew is accepted");
        }
        if (input.params().get("expires") instanceof Long expires && expires < now) {
            throw new SignatureRejected(Reason.EXPIRED, "the signature expired " + (now - expires) + " s ago");
        }
        String digest = header.apply("Content-Digest");
        if (digest == null) {
            throw new SignatureRejected(Reason.INCOMPLETE, "the request has no Content-Digest header (RFC 9530, sha-256)");
        }
        switch (ContentDigest.check(digest, body)) {
            case MATCH -> {
            }
            case MISMATCH -> throw new SignatureRejected(Reason.DIGEST_MISMATCH,
                    "the body does not match its Content-Digest: it was altered after signing");
            case NO_SHA256 -> throw new SignatureRejected(Reason.INCOMPLETE, "Content-Digest must include sha-256");
            case MALFORMED -> throw new SignatureRejected(Reason.MALFORMED, "Content-Digest is not a valid RFC 9530 value");
        }
        byte[] publicKey = Jwk.decode("public_key", key.publicKey());
        boolean ok = false;
        for (String uri : targetUris) {
            String base = HttpSignatures.base(input.components(), c -> c.equals("@method") ? method.toUpperCase()
                    : c.equals("@target-uri") ? uri : header.apply(c), input.serializedParams());
            if (HttpSignatures.verify(publicKey, base, input.signature())) {
                ok = true;
                break;
            }
        }
        if (!ok) {
            throw new SignatureRejected(Reason.BAD_SIGNATURE, "the signature does not verify with key '" + keyid
                    + "' over " + input.components() + " for " + method.toUpperCase() + " " + targetUris.get(0));
        }
        if (key.officerDisabled()) {
            throw new SignatureRejected(Reason.OFFICER_INACTIVE, "the officer holding key '" + keyid + "' is disabled");
        }
        if (nonceUsed(key.keyId(), n)) {
            throw replayed(n);
        }
        return new Signer(key.keyId(), key.officerId(), key.agencyId(), key.officerVerifiedAt() != null,
                key.agencyVerifiedAt() != null, Instant.ofEpochMilli(key.createdAt()),
                Optional.ofNullable(key.officerVerifiedAt()).map(Instant::ofEpochMilli).orElse(Instant.EPOCH), n);
    }

    private boolean nonceUsed(String keyId, String nonce) {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM signature_nonce WHERE key_id = :k AND nonce = :n")
                .bind("k", keyId).bind("n", nonce).mapTo(Integer.class).one()) > 0;
    }

    /** Consumes the signer's nonce in {@code tx}; a nonce already used fails the whole unit. */
    public void consume(Tx tx, Signer signer) {
        boolean used = tx.handle().createQuery("SELECT COUNT(*) FROM signature_nonce WHERE key_id = :k AND nonce = :n")
                .bind("k", signer.keyId()).bind("n", signer.nonce()).mapTo(Integer.class).one() > 0;
        if (used) {
            throw replayed(signer.nonce());
        }
        tx.handle().createUpdate("INSERT INTO signature_nonce (key_id, nonce, created_at) VALUES (:k, :n, :at)")
                .bind("k", signer.keyId()).bind("n", signer.nonce()).bind("at", tx.now().toEpochMilli()).execute();
    }

    /** Consumes a nonce on its own (for signed reads). */
    public void consume(Signer signer) {
        db.write(tx -> {
            consume(tx, signer);
            return null;
        });
    }

    /** Nonces older than the signature window can never be replayed: their signature is expired anyway. */
    public int purgeNonces(Tx tx) {
        long cutoff = tx.now().minus(MAX_AGE).minus(MAX_SKEW).minusSeconds(60).toEpochMilli();
        return tx.handle().createUpdate("DELETE FROM signature_nonce WHERE created_at < :c").bind("c", cutoff).execute();
    }

    private static SignatureRejected replayed(String nonce) {
        return new SignatureRejected(Reason.REPLAYED, "nonce '" + nonce + "' was already used with this key; "
                + "every request needs a fresh nonce");
    }

    private record KeyRow(String keyId, String purpose, String publicKey, long createdAt, Long revokedAt,
                          String revokedReason, String officerId, String agencyId, Long officerVerifiedAt,
                          Long agencyVerifiedAt, boolean officerDisabled) {
    }
}
