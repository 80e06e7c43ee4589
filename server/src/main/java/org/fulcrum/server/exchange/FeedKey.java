package org.fulcrum.server.exchange;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.fulcrum.server.keys.Ed25519;
import org.fulcrum.server.store.Database;

/**
 * The Ed25519 key that signs the feeds of published banks. There is one per deployment, made at
 * its first use and kept in {@code exchange_key} with its seed sealed under a key every node holds
 * (the evidence key), so every node signs with the same key and followers pin one public key.
 */
public final class FeedKey {
    private static final String SEALED_FOR = "exchange-feed-key";

    /** Seals and opens secrets under the nodes' shared key. */
    public interface KeySealer {
        byte[] seal(byte[] plaintext, String associated);

        Optional<byte[]> open(byte[] sealed, String associated);
    }

    /**
     * The public half of the key, as followers pin it.
     *
     * @param keyId {@code ed25519:} and the first 16 hex digits of the SHA-256 of the public key
     * @param algorithm always {@code Ed25519}
     * @param publicKey base64 of the raw 32-byte public key
     */
    public record FeedPublicKey(String keyId, String algorithm, String publicKey) {}

    private final Database db;
    private final KeySealer sealer;
    private final Clock clock;
    private volatile LoadedFeedKey loaded;

    private record LoadedFeedKey(String keyId, byte[] publicKey, byte[] seed) {}

    public FeedKey(Database db, KeySealer sealer, Clock clock) {
        this.db = db;
        this.sealer = sealer;
        this.clock = clock;
    }

    /** The key's public half (made now if this is its first use). */
    public FeedPublicKey publicKey() {
        LoadedFeedKey k = load();
        return new FeedPublicKey(k.keyId(), "Ed25519", Base64.getEncoder().encodeToString(k.publicKey()));
    }

    String keyId() {
        return load().keyId();
    }

    byte[] sign(byte[] message) {
        return Ed25519.sign(load().seed(), message);
    }

    /** The key id of a public key. */
    public static String keyIdOf(byte[] publicKey) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(publicKey);
            return "ed25519:" + HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private LoadedFeedKey load() {
        LoadedFeedKey k = loaded;
        if (k != null) {
            return k;
        }
        synchronized (this) {
            if (loaded == null) {
                loaded = readOrMake();
            }
            return loaded;
        }
    }

    private LoadedFeedKey readOrMake() {
        Optional<StoredKey> row = read();
        if (row.isEmpty()) {
            byte[] seed = Ed25519.newSeed(new SecureRandom());
            byte[] pub = Ed25519.publicKeyOf(seed);
            String sealed = Base64.getEncoder().encodeToString(sealer.seal(seed, SEALED_FOR));
            db.write(tx -> tx.handle()
                    .createUpdate("""
                            INSERT INTO exchange_key (id, key_id, public_key, sealed_seed, created_at)
                            VALUES (1, :kid, :pub, :sealed, :now) ON CONFLICT (id) DO NOTHING""")
                    .bind("kid", keyIdOf(pub))
                    .bind("pub", Base64.getEncoder().encodeToString(pub))
                    .bind("sealed", sealed)
                    .bind("now", clock.millis())
                    .execute());
            row = read();
        }
        StoredKey r = row.orElseThrow();
        byte[] seed = sealer.open(Base64.getDecoder().decode(r.sealedSeed()), SEALED_FOR)
                .orElseThrow(() -> new IllegalStateException(
                        "the exchange feed key cannot be opened with this node's evidence key"));
        byte[] pub = Base64.getDecoder().decode(r.publicKey());
        if (!java.util.Arrays.equals(Ed25519.publicKeyOf(seed), pub)) {
            throw new IllegalStateException("the exchange feed key's public half does not match its seed");
        }
        return new LoadedFeedKey(r.keyId(), pub, seed);
    }

    /** The stored row: the seed sealed for this platform's nodes, the public key in Base64. */
    private record StoredKey(String keyId, String publicKey, String sealedSeed) {}

    private Optional<StoredKey> read() {
        return db.read(h -> h.createQuery("SELECT key_id, public_key, sealed_seed FROM exchange_key WHERE id = 1")
                .map((rs, ctx) ->
                        new StoredKey(rs.getString("key_id"), rs.getString("public_key"), rs.getString("sealed_seed")))
                .findOne());
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
