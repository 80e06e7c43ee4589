package org.fulcrum.server.lawful.intake;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.lawful.request.Lane;
import org.fulcrum.server.lawful.signature.ContentDigest;
import org.fulcrum.server.lawful.signature.SignatureRejected;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.transparency.EntryKind;
import org.fulcrum.server.transparency.LogEntry;
import org.fulcrum.server.transparency.TransparencyLog;

/**
 * Lawful requests refused before anything of them was stored, kept in the database (every node
 * sees them, a restart loses none) under the {@code rejected_requests} retention class, and counted
 * in the transparency report through a {@code request_rejected} log entry whose public part names
 * only the reason and the lane, under the jurisdiction the request claimed. The body is not kept,
 * only its SHA-256, so a resend of the same forgery can be recognised.
 */
public final class Rejections {
    private static final int MAX_TEXT = 300;

    private final Database db;
    private final TransparencyLog log;
    private final Predicate<String> knownJurisdiction;
    private final Json json;

    public Rejections(Database db, TransparencyLog log, Predicate<String> knownJurisdiction, Json json) {
        this.db = db;
        this.json = json;
        this.log = log;
        this.knownJurisdiction = knownJurisdiction;
    }

    /**
     * A refused request as the rejection record keeps it.
     *
     * @param jurisdiction the jurisdiction the request claimed, or "unspecified" when it named none
     *                     that Fulcrum knows
     */
    public record Rejection(
            String id,
            Instant at,
            String reason,
            String detail,
            Lane lane,
            String jurisdiction,
            Optional<String> agencyId,
            Optional<String> officerId,
            Optional<String> keyId,
            Optional<String> address,
            String method,
            String path,
            String bodySha256,
            Optional<Long> logEntry) {}

    /** What is known of a refused request when it is refused. */
    public record Attempt(
            Lane lane,
            Optional<String> claimedJurisdiction,
            Optional<String> agencyId,
            Optional<String> officerId,
            Optional<String> keyId,
            Optional<String> address,
            String method,
            String path,
            byte[] body) {}

    /** Records a rejection in its own transaction, with its log entry; answers its id. */
    public String record(SignatureRejected e, Attempt a) {
        String jurisdiction = a.claimedJurisdiction().filter(knownJurisdiction).orElse("unspecified");
        String sha = HexFormat.of().formatHex(ContentDigest.digest("SHA-256", a.body()));
        return db.write(tx -> {
            Optional<String> keyId = a.keyId().map(k -> clip(k, 100));
            Optional<String[]> holder = keyId.flatMap(k -> tx.handle()
                    .createQuery("""
                            SELECT o.id AS officer_id, o.agency_id FROM officer_key k JOIN officer o ON o.id = k.officer_id
                            WHERE k.key_id = :k""")
                    .bind("k", k)
                    .map((rs, ctx) -> new String[] {rs.getString("officer_id"), rs.getString("agency_id")})
                    .findOne());
            Optional<String> officer = a.officerId().or(() -> holder.map(h -> h[0]));
            Optional<String> agency = a.agencyId().or(() -> holder.map(h -> h[1]));
            String id = Ids.next("rj", tx.clock());
            Map<String, Object> pub = new LinkedHashMap<>();
            pub.put("reason", e.reason().slug());
            pub.put("lane", a.lane().name());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("rejection", id);
            details.put("bodySha256", sha);
            keyId.ifPresent(k -> details.put("key", k));
            agency.ifPresent(x -> details.put("agency", x));
            officer.ifPresent(x -> details.put("officer", x));
            long entry = log.append(
                    tx,
                    LogEntry.of(
                            EntryKind.request_rejected,
                            tx.now(),
                            jurisdiction.equals("unspecified") ? null : jurisdiction,
                            null,
                            e.reason().slug(),
                            pub,
                            details,
                            null));
            tx.handle()
                    .createUpdate("""
                    INSERT INTO lawful_rejection (id, at, reason, detail, lane, jurisdiction, agency_id, officer_id,
                                                  key_id, address, method, path, body_sha256, log_entry)
                    VALUES (:id, :at, :reason, :detail, :lane, :j, :agency, :officer, :key, :address, :method, :path,
                            :sha, :entry)""")
                    .bind("id", id)
                    .bind("at", tx.now().toEpochMilli())
                    .bind("reason", e.reason().slug())
                    .bind("detail", clip(e.getMessage(), 1000))
                    .bind("lane", a.lane().name())
                    .bind("j", jurisdiction)
                    .bind("agency", agency.orElse(null))
                    .bind("officer", officer.orElse(null))
                    .bind("key", keyId.orElse(null))
                    .bind("address", a.address().map(x -> clip(x, 100)).orElse(null))
                    .bind("method", clip(a.method(), 10))
                    .bind("path", clip(a.path(), MAX_TEXT))
                    .bind("sha", sha)
                    .bind("entry", entry)
                    .execute();
            return id;
        });
    }

    /** The most recent rejections, newest first. */
    public List<Rejection> recent(int limit) {
        return db.read(h -> h.createQuery("""
                        SELECT id, at, reason, detail, lane, jurisdiction, agency_id, officer_id, key_id, address,
                               method, path, body_sha256, log_entry
                        FROM lawful_rejection ORDER BY at DESC, id DESC LIMIT :limit""")
                .bind("limit", limit)
                .map((rs, ctx) -> new Rejection(
                        rs.getString("id"),
                        Columns.instant(rs, "at"),
                        rs.getString("reason"),
                        rs.getString("detail"),
                        Lane.valueOf(rs.getString("lane")),
                        rs.getString("jurisdiction"),
                        Optional.ofNullable(rs.getString("agency_id")),
                        Optional.ofNullable(rs.getString("officer_id")),
                        Optional.ofNullable(rs.getString("key_id")),
                        Optional.ofNullable(rs.getString("address")),
                        rs.getString("method"),
                        rs.getString("path"),
                        rs.getString("body_sha256"),
                        Columns.optionalLong(rs, "log_entry")))
                .list());
    }

    /** The jurisdiction a JSON body claims, if it is one; a body that is not JSON claims none. */
    public Optional<String> claimedJurisdiction(byte[] body) {
        if (body.length == 0) {
            return Optional.empty();
        }
        try {
            JsonNode j = json.mapper().readTree(body).get("jurisdiction");
            return j != null && j.isTextual() && j.asText().matches("[A-Z]{2}")
                    ? Optional.of(j.asText())
                    : Optional.empty();
        } catch (java.io.IOException | RuntimeException e) {
            // a forgery's body need not be JSON; the rejection is recorded without a jurisdiction
            return Optional.empty();
        }
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
