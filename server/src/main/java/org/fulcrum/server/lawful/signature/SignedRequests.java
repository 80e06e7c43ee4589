package org.fulcrum.server.lawful.signature;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.fulcrum.server.lawful.signature.SignatureRejected.Reason;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Verifies RFC 9421 signatures on the lawful API. Of a request's signatures, the one whose key is
 * registered is checked and the others (a gateway's, say) are ignored. Checks, in order, so each
 * forgery gets its own answer: headers present and well formed; the signature covers
 * {@code @method}, {@code @target-uri} and, when there is a body, {@code content-digest}, with
 * {@code created}, {@code nonce} and {@code keyid}; the key is registered for signing and not
 * revoked; {@code created} is inside the window; the body matches its digest; the signature
 * verifies for this deployment's public URL (never for the one the {@code Host} header names, so a
 * request signed for another deployment is {@code wrong-target}); the nonce is new. Nonces are
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

    /** Who signed a request, as far as the registry knows, and the signature an answer is bound to. */
    public record Signer(
            String keyId,
            String officerId,
            String agencyId,
            boolean officerVerified,
            boolean agencyVerified,
            Instant keyCreatedAt,
            Instant officerVerifiedAt,
            String nonce,
            HttpSignatures.RequestSignature signature) {}

    /**
     * Verifies a request. {@code target} is the URI the request addressed under this deployment's
     * public URL, the only one a signature may be made for; {@code received} is the URI as the
     * request itself names it (its {@code Host} header), used only to tell a request signed for
     * another origin from a forgery. {@code header} gives a header's value (null when absent).
     */
    public Signer verify(String method, URI target, URI received, Function<String, String> header, byte[] body) {
        List<HttpSignatures.Input> all =
                HttpSignatures.parseAll(header.apply("Signature-Input"), header.apply("Signature"));
        HttpSignatures.Input input;
        KeyRow key;
        if (all.size() == 1) {
            input = all.getFirst();
            requireComplete(input, body);
            key = key((String) input.params().get("keyid"))
                    .orElseThrow(() -> new SignatureRejected(
                            Reason.UNKNOWN_KEY,
                            "key '" + input.params().get("keyid")
                                    + "' is not registered with Fulcrum; keys are registered "
                                    + "after out-of-band verification"));
        } else {
            Optional<Map.Entry<HttpSignatures.Input, KeyRow>> registered = Optional.empty();
            for (HttpSignatures.Input in : all) {
                if (in.params().get("keyid") instanceof String kid) {
                    Optional<KeyRow> row = key(kid);
                    if (row.isPresent()) {
                        registered = Optional.of(Map.entry(in, row.get()));
                        break;
                    }
                }
            }
            var chosen = registered.orElseThrow(() -> new SignatureRejected(
                    Reason.UNKNOWN_KEY,
                    "none of the "
                            + all.size() + " signatures ("
                            + all.stream().map(HttpSignatures.Input::label).toList()
                            + ") is made with a key registered with Fulcrum"));
            input = chosen.getKey();
            key = chosen.getValue();
            requireComplete(input, body);
        }
        String keyid = key.keyId();
        if (!key.purpose().equals("sign")) {
            throw new SignatureRejected(
                    Reason.UNKNOWN_KEY, "key '" + keyid + "' is registered for encryption, not signing");
        }
        if (key.revokedAt() != null) {
            throw new SignatureRejected(
                    Reason.REVOKED_KEY,
                    "key '" + keyid + "' was revoked at " + Instant.ofEpochMilli(key.revokedAt()) + " ("
                            + key.revokedReason() + ")");
        }
        long now = clock.instant().getEpochSecond();
        long age = now - (Long) input.params().get("created");
        if (age > MAX_AGE.toSeconds()) {
            throw new SignatureRejected(
                    Reason.EXPIRED,
                    "the signature was created " + age + " s ago; it must be " + "less than " + MAX_AGE.toSeconds()
                            + " s old");
        }
        if (-age > MAX_SKEW.toSeconds()) {
            throw new SignatureRejected(
                    Reason.FROM_THE_FUTURE,
                    "the signature is dated " + (-age) + " s in the future; at most " + MAX_SKEW.toSeconds()
                            + " s of clock skew is accepted");
        }
        if (input.params().get("expires") instanceof Long expires && expires < now) {
            throw new SignatureRejected(Reason.EXPIRED, "the signature expired " + (now - expires) + " s ago");
        }
        if (input.components().contains("content-digest")) {
            checkDigest(header.apply("Content-Digest"), body);
        }
        byte[] publicKey = Jwk.decode("public_key", key.publicKey());
        if (!verifies(publicKey, input, method, target, header)) {
            if (!received.equals(target) && verifies(publicKey, input, method, received, header)) {
                throw new SignatureRejected(
                        Reason.WRONG_TARGET,
                        "the signature was made for " + received
                                + ", not for this deployment: sign " + target + " (its public URL, as published in "
                                + "/.well-known/fulcrum/contact.json)");
            }
            throw new SignatureRejected(
                    Reason.BAD_SIGNATURE,
                    "the signature does not verify with key '" + keyid + "' over " + input.components() + " for "
                            + method.toUpperCase() + " " + target);
        }
        if (key.officerDisabled()) {
            throw new SignatureRejected(Reason.OFFICER_INACTIVE, "the officer holding key '" + keyid + "' is disabled");
        }
        String n = (String) input.params().get("nonce");
        if (nonceUsed(key.keyId(), n)) {
            throw replayed(n);
        }
        return new Signer(
                key.keyId(),
                key.officerId(),
                key.agencyId(),
                key.officerVerifiedAt() != null,
                key.agencyVerifiedAt() != null,
                Instant.ofEpochMilli(key.createdAt()),
                Optional.ofNullable(key.officerVerifiedAt())
                        .map(Instant::ofEpochMilli)
                        .orElse(Instant.EPOCH),
                n,
                new HttpSignatures.RequestSignature(input.label(), input.signature()));
    }

    /** The key id a request's first signature names, if any, for the record of a rejection. */
    public static Optional<String> claimedKeyId(Function<String, String> header) {
        try {
            return HttpSignatures.parseAll(header.apply("Signature-Input"), header.apply("Signature")).stream()
                    .map(i -> i.params().get("keyid"))
                    .filter(String.class::isInstance)
                    .map(String.class::cast)
                    .filter(k -> k.length() <= 100)
                    .findFirst();
        } catch (SignatureRejected e) {
            return Optional.empty();
        }
    }

    private static void requireComplete(HttpSignatures.Input input, byte[] body) {
        List<String> missing = new ArrayList<>();
        List<String> required =
                body.length > 0 ? HttpSignatures.REQUEST_COMPONENTS : HttpSignatures.BODILESS_REQUEST_COMPONENTS;
        for (String c : required) {
            if (!input.components().contains(c)) {
                missing.add(c);
            }
        }
        if (!(input.params().get("created") instanceof Long)) {
            missing.add("created");
        }
        if (!(input.params().get("keyid") instanceof String)) {
            missing.add("keyid");
        }
        if (!(input.params().get("nonce") instanceof String)) {
            missing.add("nonce");
        }
        if (!missing.isEmpty()) {
            throw new SignatureRejected(
                    Reason.INCOMPLETE,
                    "the signature must cover @method, @target-uri and, when "
                            + "the request has a body, content-digest, and carry created, nonce and keyid; missing: "
                            + String.join(", ", missing));
        }
        if (input.hasComponentParams()) {
            throw new SignatureRejected(
                    Reason.MALFORMED,
                    "component parameters (;req, ;sf, ;key, ;bs) are not " + "accepted in request signatures: "
                            + input.components());
        }
        Object alg = input.params().get("alg");
        if (alg != null && !"ed25519".equals(alg)) {
            throw new SignatureRejected(Reason.MALFORMED, "alg must be ed25519, was " + alg);
        }
        if (!((String) input.params().get("nonce")).matches("[A-Za-z0-9._~+/=-]{8,128}")) {
            throw new SignatureRejected(Reason.MALFORMED, "nonce must be 8-128 characters of base64 or base64url");
        }
    }

    private static void checkDigest(String digest, byte[] body) {
        if (digest == null) {
            throw new SignatureRejected(
                    Reason.INCOMPLETE,
                    "the signature covers content-digest but the request has no "
                            + "Content-Digest header (RFC 9530, sha-256)");
        }
        switch (ContentDigest.check(digest, body)) {
            case MATCH -> {}
            case MISMATCH ->
                throw new SignatureRejected(
                        Reason.DIGEST_MISMATCH,
                        "the body does not match its Content-Digest: it was altered after signing");
            case NO_SHA256 -> throw new SignatureRejected(Reason.INCOMPLETE, "Content-Digest must include sha-256");
            case MALFORMED ->
                throw new SignatureRejected(Reason.MALFORMED, "Content-Digest is not a valid RFC 9530 value");
        }
    }

    /** Whether the signature verifies with the derived components taken from {@code uri}. */
    private static boolean verifies(
            byte[] publicKey, HttpSignatures.Input input, String method, URI uri, Function<String, String> header) {
        String base = HttpSignatures.base(
                input.components(),
                c -> switch (c) {
                    case "@method" -> method.toUpperCase();
                    case "@target-uri" -> uri.toString();
                    case "@scheme" -> uri.getScheme().toLowerCase();
                    case "@authority" -> authority(uri);
                    case "@path" -> uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
                    case "@query" -> "?" + (uri.getRawQuery() == null ? "" : uri.getRawQuery());
                    default -> c.startsWith("@") ? null : header.apply(c);
                },
                input.serializedParams());
        return HttpSignatures.verify(publicKey, base, input.signature());
    }

    /** RFC 9421 section 2.2.3: host, lower case, with the port only when it is not the scheme's default. */
    static String authority(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase();
        int port = uri.getPort();
        boolean defaultPort = port == -1
                || ("http".equalsIgnoreCase(uri.getScheme()) && port == 80)
                || ("https".equalsIgnoreCase(uri.getScheme()) && port == 443);
        return defaultPort ? host : host + ":" + port;
    }

    private Optional<KeyRow> key(String keyid) {
        return db.read(h -> h.createQuery("""
                        SELECT k.key_id, k.purpose, k.public_key, k.created_at, k.revoked_at, k.revoked_reason,
                               o.id AS officer_id, o.agency_id, o.verified_at AS officer_verified_at,
                               a.verified_at AS agency_verified_at, o.disabled AS officer_disabled
                        FROM officer_key k JOIN officer o ON o.id = k.officer_id JOIN agency a ON a.id = o.agency_id
                        WHERE k.key_id = :k""").bind("k", keyid).map(KEY_ROW).findOne());
    }

    private static final RowMapper<KeyRow> KEY_ROW = (rs, ctx) -> new KeyRow(
            rs.getString("key_id"),
            rs.getString("purpose"),
            rs.getString("public_key"),
            rs.getLong("created_at"),
            Columns.nullableLong(rs, "revoked_at"),
            rs.getString("revoked_reason"),
            rs.getString("officer_id"),
            rs.getString("agency_id"),
            Columns.nullableLong(rs, "officer_verified_at"),
            Columns.nullableLong(rs, "agency_verified_at"),
            rs.getInt("officer_disabled") == 1);

    private boolean nonceUsed(String keyId, String nonce) {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM signature_nonce WHERE key_id = :k AND nonce = :n")
                        .bind("k", keyId)
                        .bind("n", nonce)
                        .mapTo(Integer.class)
                        .one())
                > 0;
    }

    /** Consumes the signer's nonce in {@code tx}; a nonce already used fails the whole unit. */
    public void consume(Tx tx, Signer signer) {
        // One statement: the same signed message reaching two nodes at once makes the second insert
        // wait for the first node's commit and then write nothing, a replay like any other.
        int stored = tx.handle()
                .createUpdate("""
                        INSERT INTO signature_nonce (key_id, nonce, created_at) VALUES (:k, :n, :at)
                        ON CONFLICT (key_id, nonce) DO NOTHING""")
                .bind("k", signer.keyId())
                .bind("n", signer.nonce())
                .bind("at", tx.now().toEpochMilli())
                .execute();
        if (stored == 0) {
            throw replayed(signer.nonce());
        }
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
        return tx.handle()
                .createUpdate("DELETE FROM signature_nonce WHERE created_at < :c")
                .bind("c", cutoff)
                .execute();
    }

    private static SignatureRejected replayed(String nonce) {
        return new SignatureRejected(
                Reason.REPLAYED,
                "nonce '" + nonce + "' was already used with this key; " + "every request needs a fresh nonce");
    }

    private record KeyRow(
            String keyId,
            String purpose,
            String publicKey,
            long createdAt,
            Long revokedAt,
            String revokedReason,
            String officerId,
            String agencyId,
            Long officerVerifiedAt,
            Long agencyVerifiedAt,
            boolean officerDisabled) {}
}
