package org.fulcrum.server.auth;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.web.Omittable;

/**
 * API tokens for machines: the platform, trusted flaggers, officers' systems. The secret is shown
 * once; only its SHA-256 digest is stored. Lookups are cached briefly because every API call needs
 * one; revocation clears the cache on this node at once, and other nodes sharing the database see it
 * when their cached lookup expires, well within a second.
 */
public final class ApiTokens {
    /** How long a lookup is trusted: bounds how late another node notices a revocation. */
    static final long CACHE_MILLIS = 500;

    private final Database db;
    private final Clock clock;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    public ApiTokens(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** A new token and its secret, which is never shown again. */
    public record Issued(String id, String secret) {}

    /** A token as listed to admins (never the secret). */
    public record TokenInfo(
            String id,
            String kind,
            String ownerId,
            String name,
            long createdAt,
            @Omittable Long revokedAt) {}

    public Issued issue(String actor, Role kind, String ownerId, String name) {
        if (kind.staff()) {
            throw new FulcrumException.InvalidInput(
                    "kind", "tokens are for machines: platform, flagger, officer or hash_sharing");
        }
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new FulcrumException.InvalidInput("name", "must be 1-100 characters");
        }
        String secret = Tokens.newSecret("ful");
        String id = Ids.next("tk", clock);
        db.write(tx -> {
            tx.handle()
                    .createUpdate("""
                    INSERT INTO api_token (id, token_hash, kind, owner_id, name, created_by, created_at)
                    VALUES (:id, :h, :k, :o, :n, :by, :now)""")
                    .bind("id", id)
                    .bind("h", Tokens.digest(secret))
                    .bind("k", kind.key())
                    .bind("o", ownerId)
                    .bind("n", name)
                    .bind("by", actor)
                    .bind("now", clock.millis())
                    .execute();
            Audit.record(tx, actor, "token.issue", "token:" + id, null, kind.key() + " " + name);
            return null;
        });
        return new Issued(id, secret);
    }

    public void revoke(String actor, String id, String reason) {
        db.write(tx -> {
            int n = tx.handle()
                    .createUpdate("UPDATE api_token SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
                    .bind("now", clock.millis())
                    .bind("id", id)
                    .execute();
            if (n == 0) {
                throw new FulcrumException.NotFound("active token " + id);
            }
            Audit.record(tx, actor, "token.revoke", "token:" + id, reason, null);
            return null;
        });
        cache.clear();
    }

    public List<TokenInfo> list() {
        return db.read(h -> h.createQuery("""
                        SELECT id, kind, owner_id, name, created_at, revoked_at FROM api_token ORDER BY created_at DESC""")
                .map((rs, ctx) -> new TokenInfo(
                        rs.getString("id"),
                        rs.getString("kind"),
                        rs.getString("owner_id"),
                        rs.getString("name"),
                        rs.getLong("created_at"),
                        Columns.nullableLong(rs, "revoked_at")))
                .list());
    }

    /** The machine behind a bearer secret, if the token exists and is not revoked. */
    public Optional<Principal.Machine> authenticate(String secret) {
        String digest = Tokens.digest(secret);
        long now = clock.millis();
        Cached hit = cache.get(digest);
        if (hit != null && now - hit.at < CACHE_MILLIS) {
            return hit.machine;
        }
        Optional<Principal.Machine> machine = db.read(h -> h.createQuery("""
                        SELECT id, kind, owner_id, name FROM api_token WHERE token_hash = :h AND revoked_at IS NULL""")
                .bind("h", digest)
                .map((rs, ctx) -> new Principal.Machine(
                        rs.getString("id"),
                        Role.parse(rs.getString("kind")),
                        rs.getString("owner_id"),
                        rs.getString("name")))
                .findOne());
        if (cache.size() > 10_000) {
            cache.clear();
        }
        cache.put(digest, new Cached(machine, now));
        return machine;
    }

    private record Cached(Optional<Principal.Machine> machine, long at) {}
}
