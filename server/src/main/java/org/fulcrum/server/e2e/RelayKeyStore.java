package org.fulcrum.server.e2e;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fulcrum.franking.RelayKey;
import org.fulcrum.franking.RelayKeyId;
import org.fulcrum.franking.RelayKeyRegistry;
import org.fulcrum.franking.RelayKeys;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.keys.Ed25519;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Database;

/**
 * The messenger relays' public stamping keys, registered by an admin. Fulcrum holds no relay
 * secret: a public key is all it needs to check a stamp. Retired keys still verify stamps from
 * their period; revoked keys verify nothing.
 */
public final class RelayKeyStore implements RelayKeyRegistry {
    private final Database db;
    private final Clock clock;

    public RelayKeyStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** A registered key as admins see it. */
    public record Info(String id, String publicKey, Instant notBefore, Optional<Instant> notAfter, boolean revoked) {}

    public void register(String actor, String id, String publicKeyBase64, Instant notBefore) {
        if (id == null || !id.matches("[\\x21-\\x7e]{1,64}")) {
            throw new FulcrumException.InvalidInput("keyId", "must be 1-64 visible ASCII characters");
        }
        try {
            Ed25519.parsePublicKey(publicKeyBase64);
        } catch (RuntimeException e) {
            throw new FulcrumException.InvalidInput("publicKey", "must be base64 of a raw 32-byte Ed25519 public key");
        }
        db.write(tx -> {
            int n = tx.handle()
                    .createUpdate("""
                    INSERT INTO relay_key (id, public_key, not_before, registered_by, created_at)
                    VALUES (:id, :pk, :nb, :by, :now) ON CONFLICT (id) DO NOTHING""")
                    .bind("id", id)
                    .bind("pk", publicKeyBase64)
                    .bind("nb", notBefore.toEpochMilli())
                    .bind("by", actor)
                    .bind("now", clock.millis())
                    .execute();
            if (n == 0) {
                throw new FulcrumException.Conflict("relay key " + id + " is already registered");
            }
            Audit.record(tx, actor, "relay_key.register", "relay_key:" + id, null, null);
            return null;
        });
    }

    public void retire(String actor, String id) {
        change(actor, id, "UPDATE relay_key SET not_after = :now WHERE id = :id AND not_after IS NULL", "retire");
    }

    public void revoke(String actor, String id) {
        change(actor, id, "UPDATE relay_key SET revoked = 1 WHERE id = :id AND revoked = 0 AND :now > 0", "revoke");
    }

    private void change(String actor, String id, String sql, String what) {
        db.write(tx -> {
            if (tx.handle()
                            .createUpdate(sql)
                            .bind("id", id)
                            .bind("now", clock.millis())
                            .execute()
                    == 0) {
                throw new FulcrumException.NotFound("relay key " + id + " that can be " + what + "d");
            }
            Audit.record(tx, actor, "relay_key." + what, "relay_key:" + id, null, null);
            return null;
        });
    }

    public List<Info> list() {
        return db.read(h -> h.createQuery(
                        "SELECT id, public_key, not_before, not_after, revoked FROM relay_key ORDER BY created_at")
                .map((rs, c) -> new Info(
                        rs.getString("id"),
                        rs.getString("public_key"),
                        Columns.instant(rs, "not_before"),
                        Columns.optionalInstant(rs, "not_after"),
                        rs.getInt("revoked") == 1))
                .list());
    }

    @Override
    public Optional<RelayKey> find(RelayKeyId id) {
        return list().stream()
                .filter(i -> i.id().equals(id.value()))
                .findFirst()
                .map(i -> new RelayKey(
                        id,
                        RelayKeys.decodePublicKey(i.publicKey()),
                        i.notBefore(),
                        i.notAfter().orElse(Instant.MAX),
                        i.revoked()));
    }
}
