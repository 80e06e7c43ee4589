package org.fulcrum.server.lawful.registry;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.auth.Passwords;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.lawful.signature.Jwk;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.web.Omittable;
import org.jdbi.v3.core.Handle;

/**
 * The registry of authorities: agencies, their officers, and the officers' keys. Onboarding is
 * verified out of band (who verified, how, when); keys are registered by staff, rotated and
 * revoked, and a revoked key never signs again.
 */
public final class Authorities {
    private final Database db;
    private final Clock clock;

    private final Passwords passwords;

    public Authorities(Database db, Clock clock, Passwords passwords) {
        this.passwords = passwords;
        this.db = db;
        this.clock = clock;
    }

    /** Who verified something out of band, how, and when. */
    public record OutOfBand(String by, String how, Instant at) {}

    /** An agency: police, court, prosecutor, regulator. */
    public record Agency(
            String id,
            String name,
            String country,
            String kind,
            List<String> jurisdictions,
            String contactPhone,
            String contactEmail,
            Instant createdAt,
            Optional<OutOfBand> verification) {}

    /** An officer of an agency. */
    public record Officer(
            String id,
            String agencyId,
            String name,
            String email,
            String phone,
            String username,
            Instant createdAt,
            Optional<OutOfBand> verification,
            boolean disabled) {}

    /** A registered key. */
    public record OfficerKey(
            String keyId,
            String officerId,
            String purpose,
            String publicKey,
            Instant createdAt,
            Optional<Instant> revokedAt,
            Optional<String> revokedReason) {
        public boolean active() {
            return revokedAt.isEmpty();
        }
    }

    /** A new agency. */
    public record NewAgency(
            String name,
            String country,
            String kind,
            @Omittable List<String> jurisdictions,
            String contactPhone,
            String contactEmail) {
        public NewAgency {
            name = required("name", name, 300);
            Check.required("country", country);
            Check.country("country", country);
            kind = required("kind", kind, 40);
            if (!kind.matches("police|court|prosecutor|regulator|agency")) {
                throw new FulcrumException.InvalidInput(
                        "kind", "must be police, court, prosecutor, regulator or agency");
            }
            jurisdictions =
                    jurisdictions == null || jurisdictions.isEmpty() ? List.of(country) : List.copyOf(jurisdictions);
            for (int i = 0; i < jurisdictions.size(); i++) {
                Check.country("jurisdictions[" + i + "]", jurisdictions.get(i));
            }
            contactPhone = required("contactPhone", contactPhone, 40);
            contactEmail = required("contactEmail", contactEmail, 200);
        }
    }

    /** A new officer; the password is for the portal. */
    public record NewOfficer(
            String agencyId, String name, String email, String phone, String username, String password) {
        public NewOfficer {
            Check.id("agencyId", agencyId);
            name = required("name", name, 200);
            email = required("email", email, 200);
            phone = required("phone", phone, 40);
            if (username == null || !username.matches("[a-z0-9._-]{3,40}")) {
                throw new FulcrumException.InvalidInput("username", "must be 3-40 characters of a-z 0-9 . _ -");
            }
            if (password == null || password.length() < 12 || password.length() > 200) {
                throw new FulcrumException.InvalidInput("password", "must have 12 to 200 characters");
            }
        }
    }

    static String required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new FulcrumException.InvalidInput(field, "is required");
        }
        Check.text(field, value, max);
        return value.strip();
    }

    public String createAgency(String actor, NewAgency a) {
        String id = Ids.next("ag", clock);
        db.write(tx -> {
            tx.handle()
                    .createUpdate("""
                    INSERT INTO agency (id, name, country, kind, jurisdictions, contact_phone, contact_email,
                                        created_by, created_at)
                    VALUES (:id, :name, :country, :kind, :j, :phone, :email, :by, :at)""")
                    .bind("id", id)
                    .bind("name", a.name())
                    .bind("country", a.country())
                    .bind("kind", a.kind())
                    .bind("j", String.join(",", a.jurisdictions()))
                    .bind("phone", a.contactPhone())
                    .bind("email", a.contactEmail())
                    .bind("by", actor)
                    .bind("at", clock.millis())
                    .execute();
            Audit.record(tx, actor, "agency.create", "agency:" + id, null, a.name());
            return null;
        });
        return id;
    }

    /** Records the out-of-band verification of an agency or an officer ({@code table} is fixed by the caller). */
    public void verify(String actor, String what, String id, String how) {
        String table = switch (what) {
            case "agency" -> "agency";
            case "officer" -> "officer";
            default -> throw new IllegalArgumentException(what);
        };
        String method = required("how", how, 500);
        db.write(tx -> {
            int n = tx.handle()
                    .createUpdate("UPDATE " + table
                            + " SET verified_by = :by, verified_how = :how, verified_at = :at WHERE id = :id")
                    .bind("by", actor)
                    .bind("how", method)
                    .bind("at", clock.millis())
                    .bind("id", id)
                    .execute();
            if (n == 0) {
                throw new FulcrumException.NotFound(what + " " + id);
            }
            Audit.record(tx, actor, what + ".verify", what + ":" + id, method, null);
            return null;
        });
    }

    public String createOfficer(String actor, NewOfficer o) {
        String hash = passwords.hash(o.password());
        String id = Ids.next("of", clock);
        db.write(tx -> {
            var h = tx.handle();
            if (agency(h, o.agencyId()).isEmpty()) {
                throw new FulcrumException.NotFound("agency " + o.agencyId());
            }
            if (h.createQuery("SELECT COUNT(*) FROM officer WHERE username = :u")
                            .bind("u", o.username())
                            .mapTo(Integer.class)
                            .one()
                    > 0) {
                throw new FulcrumException.Conflict("username '" + o.username() + "' is taken");
            }
            h.createUpdate("""
                    INSERT INTO officer (id, agency_id, name, email, phone, username, password_hash, must_change_password,
                                         created_by, created_at)
                    VALUES (:id, :ag, :name, :email, :phone, :u, :hash, 1, :by, :at)""")
                    .bind("id", id)
                    .bind("ag", o.agencyId())
                    .bind("name", o.name())
                    .bind("email", o.email())
                    .bind("phone", o.phone())
                    .bind("u", o.username())
                    .bind("hash", hash)
                    .bind("by", actor)
                    .bind("at", clock.millis())
                    .execute();
            Audit.record(tx, actor, "officer.create", "officer:" + id, null, o.agencyId());
            return null;
        });
        return id;
    }

    /**
     * Registers a public key for an officer. With {@code rotate}, the officer's other active keys
     * of the same purpose are revoked in the same transaction.
     */
    public OfficerKey addKey(String actor, String officerId, String purpose, String publicKey, boolean rotate) {
        String crv = switch (purpose == null ? "" : purpose) {
            case "sign" -> Jwk.ED25519;
            case "encrypt" -> Jwk.X25519;
            default -> throw new FulcrumException.InvalidInput("purpose", "must be sign or encrypt");
        };
        Jwk jwk = Jwk.publicKey(crv, publicKey);
        long now = clock.millis();
        return db.write(tx -> {
            var h = tx.handle();
            if (officer(h, officerId).isEmpty()) {
                throw new FulcrumException.NotFound("officer " + officerId);
            }
            if (h.createQuery("SELECT COUNT(*) FROM officer_key WHERE key_id = :k")
                            .bind("k", jwk.kid())
                            .mapTo(Integer.class)
                            .one()
                    > 0) {
                throw new FulcrumException.Conflict("key " + jwk.kid() + " is already registered");
            }
            if (rotate) {
                h.createUpdate("""
                        UPDATE officer_key SET revoked_at = :at, revoked_by = :by, revoked_reason = 'rotated'
                        WHERE officer_id = :o AND purpose = :p AND revoked_at IS NULL""")
                        .bind("at", now)
                        .bind("by", actor)
                        .bind("o", officerId)
                        .bind("p", purpose)
                        .execute();
            }
            h.createUpdate("""
                    INSERT INTO officer_key (key_id, officer_id, purpose, public_key, created_by, created_at)
                    VALUES (:k, :o, :p, :x, :by, :at)""")
                    .bind("k", jwk.kid())
                    .bind("o", officerId)
                    .bind("p", purpose)
                    .bind("x", jwk.x())
                    .bind("by", actor)
                    .bind("at", now)
                    .execute();
            Audit.record(
                    tx,
                    actor,
                    rotate ? "key.rotate" : "key.add",
                    "officer:" + officerId,
                    null,
                    purpose + " " + jwk.kid());
            return new OfficerKey(
                    jwk.kid(),
                    officerId,
                    purpose,
                    jwk.x(),
                    Instant.ofEpochMilli(now),
                    Optional.empty(),
                    Optional.empty());
        });
    }

    public void revokeKey(String actor, String keyId, String reason) {
        String why = required("reason", reason, 500);
        db.write(tx -> {
            int n = tx.handle()
                    .createUpdate("""
                    UPDATE officer_key SET revoked_at = :at, revoked_by = :by, revoked_reason = :r
                    WHERE key_id = :k AND revoked_at IS NULL""")
                    .bind("at", clock.millis())
                    .bind("by", actor)
                    .bind("r", why)
                    .bind("k", keyId)
                    .execute();
            if (n == 0) {
                throw new FulcrumException.NotFound("active key " + keyId);
            }
            Audit.record(tx, actor, "key.revoke", "key:" + keyId, why, null);
            return null;
        });
    }

    public List<Agency> agencies() {
        return db.read(h -> h.createQuery(AuthorityRows.AGENCY + " ORDER BY name")
                .map(AuthorityRows.AGENCY_ROW)
                .list());
    }

    public Optional<Agency> agency(String id) {
        return db.read(h -> agency(h, id));
    }

    public static Optional<Agency> agency(Handle h, String id) {
        return h.createQuery(AuthorityRows.AGENCY + " WHERE id = :id")
                .bind("id", id)
                .map(AuthorityRows.AGENCY_ROW)
                .findOne();
    }

    public Optional<Officer> officer(String id) {
        return db.read(h -> officer(h, id));
    }

    public static Optional<Officer> officer(Handle h, String id) {
        return h.createQuery(AuthorityRows.OFFICER + " WHERE id = :id")
                .bind("id", id)
                .map(AuthorityRows.OFFICER_ROW)
                .findOne();
    }

    public List<Officer> officers(String agencyId) {
        return db.read(h -> h.createQuery(AuthorityRows.OFFICER + " WHERE agency_id = :a ORDER BY name")
                .bind("a", agencyId)
                .map(AuthorityRows.OFFICER_ROW)
                .list());
    }

    public List<OfficerKey> keys(String officerId) {
        return db.read(h -> h.createQuery(AuthorityRows.KEY + " WHERE officer_id = :o ORDER BY created_at")
                .bind("o", officerId)
                .map(AuthorityRows.KEY_ROW)
                .list());
    }

    public Optional<OfficerKey> key(String keyId) {
        return db.read(h -> key(h, keyId));
    }

    static Optional<OfficerKey> key(Handle h, String keyId) {
        return h.createQuery(AuthorityRows.KEY + " WHERE key_id = :k")
                .bind("k", keyId)
                .map(AuthorityRows.KEY_ROW)
                .findOne();
    }

    /** The officer's newest active encryption key: answers and disclosures are encrypted to it. */
    public static Optional<OfficerKey> encryptionKey(Handle h, String officerId) {
        return h.createQuery(
                        AuthorityRows.KEY + " WHERE officer_id = :o AND purpose = 'encrypt' AND revoked_at IS NULL "
                                + "ORDER BY created_at DESC LIMIT 1")
                .bind("o", officerId)
                .map(AuthorityRows.KEY_ROW)
                .findOne();
    }
}
