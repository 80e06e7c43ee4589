package org.fulcrum.server.notice;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.auth.ApiTokens;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Database;
import org.jdbi.v3.core.Handle;

/** The registry of trusted flaggers: registration, credentials, status, and their accuracy. */
public final class TrustedFlaggers {
    private final Database db;
    private final ApiTokens tokens;
    private final Clock clock;

    public TrustedFlaggers(Database db, ApiTokens tokens, Clock clock) {
        this.db = db;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** A registered flagger and its first API token (the secret is shown once). */
    public record Registered(Flagger flagger, ApiTokens.Issued token) {}

    public Registered register(String actor, Flagger.Registration reg) {
        String id = Ids.next("tf", clock);
        db.write(tx -> {
            boolean taken = tx.handle()
                            .createQuery("SELECT COUNT(*) FROM trusted_flagger WHERE name = :n")
                            .bind("n", reg.name())
                            .mapTo(Integer.class)
                            .one()
                    > 0;
            if (taken) {
                throw new FulcrumException.Conflict("a trusted flagger named '" + reg.name() + "' is registered");
            }
            long now = tx.now().toEpochMilli();
            tx.handle()
                    .createUpdate("""
                    INSERT INTO trusted_flagger (id, name, expertise, designated_by, country, contact_email, status,
                                                 created_by, created_at, updated_at)
                    VALUES (:id, :name, :exp, :by, :country, :email, 'active', :actor, :now, :now)""")
                    .bind("id", id)
                    .bind("name", reg.name())
                    .bind("exp", reg.expertise().stream().map(Enum::name).collect(Collectors.joining(",")))
                    .bind("by", reg.designatedBy())
                    .bind("country", reg.country().orElse(null))
                    .bind("email", reg.contactEmail().orElse(null))
                    .bind("actor", actor)
                    .bind("now", now)
                    .execute();
            Audit.record(
                    tx,
                    actor,
                    "flagger.register",
                    "flagger:" + id,
                    null,
                    reg.name() + " designated by " + reg.designatedBy());
            return null;
        });
        ApiTokens.Issued token = tokens.issue(actor, Role.FLAGGER, id, reg.name());
        return new Registered(require(id), token);
    }

    public ApiTokens.Issued issueToken(String actor, String flaggerId) {
        Flagger f = require(flaggerId);
        return tokens.issue(actor, Role.FLAGGER, f.id(), f.name());
    }

    public Flagger setStatus(String actor, String flaggerId, Flagger.Status status, String reason) {
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            throw new FulcrumException.InvalidInput("reason", "must be 1-500 characters");
        }
        db.write(tx -> {
            int n = tx.handle()
                    .createUpdate("UPDATE trusted_flagger SET status = :s, updated_at = :now WHERE id = :id")
                    .bind("s", status.name())
                    .bind("now", tx.now().toEpochMilli())
                    .bind("id", flaggerId)
                    .execute();
            if (n == 0) {
                throw new FulcrumException.NotFound("trusted flagger " + flaggerId);
            }
            Audit.record(tx, actor, "flagger.status", "flagger:" + flaggerId, reason, status.name());
            return null;
        });
        return require(flaggerId);
    }

    public Flagger require(String id) {
        return db.read(h -> find(h, id)).orElseThrow(() -> new FulcrumException.NotFound("trusted flagger " + id));
    }

    public List<Flagger> list() {
        return db.read(h -> h.createQuery(SELECT + " ORDER BY name")
                .map((rs, ctx) -> map(rs))
                .list());
    }

    public Flagger.Accuracy accuracy(String flaggerId) {
        return db.read(h -> accuracy(h, flaggerId));
    }

    static Flagger.Accuracy accuracy(Handle h, String flaggerId) {
        long notices = h.createQuery("SELECT COUNT(*) FROM notice WHERE flagger_id = :id")
                .bind("id", flaggerId)
                .mapTo(Long.class)
                .one();
        ReporterReputation.Counts c = ReporterReputation.counts(h, "flagger:" + flaggerId);
        return new Flagger.Accuracy(
                notices, c.items(), c.founded(), c.unfounded() + c.manifestlyUnfounded(), c.pending(), c.accuracy());
    }

    private static final String SELECT = """
            SELECT id, name, expertise, designated_by, country, contact_email, status, created_at FROM trusted_flagger""";

    static Optional<Flagger> find(Handle h, String id) {
        return h.createQuery(SELECT + " WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    private static Flagger map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Flagger(
                rs.getString("id"),
                rs.getString("name"),
                Arrays.stream(rs.getString("expertise").split(","))
                        .filter(s -> !s.isBlank())
                        .map(DsaCategory::valueOf)
                        .collect(Collectors.toSet()),
                rs.getString("designated_by"),
                Columns.optionalString(rs, "country"),
                Columns.optionalString(rs, "contact_email"),
                Flagger.Status.valueOf(rs.getString("status")),
                Columns.instant(rs, "created_at"));
    }
}
