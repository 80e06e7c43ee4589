package org.fulcrum.server.keys;

import java.time.Clock;
import java.util.Optional;
import org.fulcrum.server.store.Database;

/**
 * The public half of each shared key as the database first recorded it. The first node to start
 * records its key; every later node must present the same one, so two nodes started at once with
 * different keys cannot both win.
 */
public final class SharedKeys {
    /** The transparency log's verifier key. */
    public static final String LOG = "log";
    /** The lawful answer-signing key's RFC 7638 thumbprint. */
    public static final String LAWFUL_ANSWERS = "lawful-answers";

    private SharedKeys() {}

    public static Optional<String> recorded(Database db, String purpose) {
        return db.read(h -> h.createQuery("SELECT public_key FROM shared_key WHERE purpose = :p")
                .bind("p", purpose)
                .mapTo(String.class)
                .findOne());
    }

    /** Records {@code publicKey} unless a key is already recorded; returns the recorded one. */
    public static String agree(Database db, String purpose, String publicKey, Clock clock) {
        db.write(tx -> tx.handle()
                .createUpdate("""
                        INSERT INTO shared_key (purpose, public_key, recorded_at) VALUES (:p, :k, :at)
                        ON CONFLICT (purpose) DO NOTHING""")
                .bind("p", purpose)
                .bind("k", publicKey)
                .bind("at", clock.millis())
                .execute());
        return recorded(db, purpose).orElseThrow();
    }
}
