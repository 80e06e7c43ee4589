package org.fulcrum.server.privacy;

import com.fasterxml.jackson.core.type.TypeReference;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.auth.Principal;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.notice.Idempotency;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;
import org.fulcrum.server.transparency.EntryKind;
import org.fulcrum.server.transparency.LogEntry;
import org.fulcrum.server.transparency.LogWriter;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Data subject requests (GDPR Art. 15 and 17), relayed by the platform for its user or entered by
 * staff: an export of everything Fulcrum holds about an account, or its erasure where no obligation
 * or hold prevents it. Each request is recorded with its outcome and logged; a refusal carries its
 * reason. The record of an erased account keeps only a salted digest of the account id.
 */
public final class DataSubjectRequests {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;
    private final Json json;
    private final Clock clock;
    private final LogWriter log;
    private final TableRegistry registry;

    public DataSubjectRequests(Database db, Clock clock, LogWriter log, TableRegistry registry, Json json) {
        this.json = json;
        Erasure.check(registry);
        this.registry = registry;
        this.db = db;
        this.clock = clock;
        this.log = log;
    }

    /** What the data subject asks for. */
    public enum Kind {
        export,
        erasure
    }

    /**
     * A data subject request.
     *
     * @param kind export or erasure
     * @param accountId the platform's id of the data subject's account
     */
    public record Request(Kind kind, String accountId) {
        public Request {
            Check.required("kind", kind);
            Check.id("accountId", accountId);
        }
    }

    /**
     * A request as recorded.
     *
     * @param id the request's id
     * @param kind export or erasure
     * @param accountId the account, until it is erased
     * @param accountDigest hex SHA-256 of the salt, a colon and the account id
     * @param salt the salt of the digest
     * @param requestedBy who relayed or entered it
     * @param outcome exported, erased, partly_erased, nothing_held or refused
     * @param reason for a refusal, why
     * @param detail the outcome in words
     * @param counts for an export, records per section; for an erasure, rows per table
     * @param logIndex the index of its entry in the transparency log
     * @param createdAt when
     */
    public record DsrRecord(
            String id,
            Kind kind,
            Optional<String> accountId,
            String accountDigest,
            String salt,
            String requestedBy,
            String outcome,
            Optional<Refusal> reason,
            Optional<String> detail,
            Map<String, Integer> counts,
            long logIndex,
            Instant createdAt) {}

    /**
     * Handles {@code r} once per idempotency key; the answer is the record as JSON. What needs whole
     * scans (the export, the log's secrets) is read first, outside the write transaction, so a data
     * subject request never holds up the writer that every other request shares.
     */
    public Idempotency.Answer submit(Principal who, Request r, Optional<String> key, String requestSha) {
        Prepared prepared = db.read(h -> prepare(h, registry, r, clock.instant()));
        return Idempotency.run(
                db,
                "privacy:" + who.actor(),
                key,
                requestSha,
                201,
                tx -> json.write(handle(tx, who.actor(), r, prepared)));
    }

    /** What was read before the write: how many records the export holds, and the erasure's candidates. */
    private record Prepared(int records, Optional<ErasureScan> erasure) {}

    private static Prepared prepare(Handle h, TableRegistry registry, Request r, Instant now) {
        int records = Exporter.export(h, registry, r.accountId(), now).records();
        Optional<ErasureScan> erasure = r.kind() == Kind.erasure && records > 0
                ? Optional.of(
                        ErasureScan.of(h, AccountScope.of(h, r.accountId(), now).ids(), now.toEpochMilli()))
                : Optional.empty();
        return new Prepared(records, erasure);
    }

    private DsrRecord handle(Tx tx, String actor, Request r, Prepared prepared) {
        String id = Ids.next("dsr", clock);
        Instant now = tx.now();
        String account = r.accountId();
        DsrOutcome outcome = switch (r.kind()) {
            case export -> new DsrOutcome.Exported(prepared.records());
            case erasure ->
                prepared.erasure().map(p -> erase(tx, account, now, p)).orElseGet(DsrOutcome.NothingHeld::new);
        };
        Map<String, Integer> counts = switch (outcome) {
            case DsrOutcome.Exported e -> Map.of("records", e.records());
            case DsrOutcome.Erased e -> e.erased();
            case DsrOutcome.NothingHeld n -> Map.of();
            case DsrOutcome.Refused f -> Map.of();
        };
        Optional<Refusal> reason = outcome instanceof DsrOutcome.Refused f ? Optional.of(f.reason()) : Optional.empty();
        String detail = switch (outcome) {
            case DsrOutcome.Exported e -> "export of " + e.records() + " records";
            // The hold's source is not named: it may be an order under a secrecy order.
            case DsrOutcome.Erased e ->
                e.keptUnderHold() == 0 ? "erased" : "erased, except data a legal hold keeps for now; ask again later";
            case DsrOutcome.NothingHeld n -> "Fulcrum holds no data about this account";
            case DsrOutcome.Refused f -> f.detail();
        };
        boolean erased = outcome instanceof DsrOutcome.Erased || outcome instanceof DsrOutcome.NothingHeld;
        String salt = HexFormat.of().formatHex(salt());
        String digest = digest(salt, account);
        long index = log.append(tx, entry(r.kind(), outcome, id, erased ? digest : account, erased, now));
        tx.handle()
                .createUpdate("""
                INSERT INTO data_subject_request (id, kind, account_id, account_digest, salt, requested_by, outcome,
                                                  reason, detail, counts, log_index, created_at)
                VALUES (:id, :kind, :account, :digest, :salt, :by, :outcome, :reason, :detail, :counts, :idx, :now)""")
                .bind("id", id)
                .bind("kind", r.kind().name())
                .bind("account", erased ? null : account)
                .bind("digest", digest)
                .bind("salt", salt)
                .bind("by", actor)
                .bind("outcome", outcome.name())
                .bind("reason", reason.map(Enum::name).orElse(null))
                .bind("detail", detail)
                .bind("counts", json.write(counts))
                .bind("idx", index)
                .bind("now", now.toEpochMilli())
                .execute();
        Audit.record(
                tx,
                actor,
                "dsr." + r.kind(),
                "dsr:" + id,
                reason.map(Enum::name).orElse(null),
                outcome.name());
        return find(tx.handle(), id).orElseThrow();
    }

    private DsrOutcome erase(Tx tx, String account, Instant now, ErasureScan prepared) {
        AccountScope scope = AccountScope.of(tx.handle(), account, now);
        Optional<Refusal> refusal = Obligations.first(tx.handle(), scope, now);
        if (refusal.isPresent()) {
            return new DsrOutcome.Refused(refusal.get(), refusal.get().text());
        }
        return new DsrOutcome.Erased(
                Erasure.erase(tx, log, registry, scope, prepared), scope.held().size());
    }

    private static LogEntry entry(Kind kind, DsrOutcome outcome, String id, String who, boolean erased, Instant now) {
        Map<String, Object> pub = new LinkedHashMap<>();
        if (outcome instanceof DsrOutcome.Refused f) {
            pub.put("reason", f.reason().name());
        }
        if (outcome instanceof DsrOutcome.Erased e) {
            pub.put(
                    "rows",
                    e.erased().values().stream().mapToLong(Integer::longValue).sum());
            pub.put("keptUnderHold", e.keptUnderHold());
        }
        if (outcome instanceof DsrOutcome.Exported e) {
            pub.put("records", e.records());
        }
        Map<String, Object> details = Map.of("request", id, erased ? "accountDigest" : "account", who);
        return LogEntry.of(
                kind == Kind.export ? EntryKind.data_export : EntryKind.erasure,
                now,
                null,
                null,
                outcome.name(),
                pub,
                details,
                erased ? null : who);
    }

    /** The export of a recorded export request, made now; never for an erased account. */
    public AccountExport export(Principal who, String id) {
        DsrRecord r = find(id).orElseThrow(() -> new FulcrumException.NotFound("data subject request " + id));
        if (r.kind() != Kind.export) {
            throw new FulcrumException.Conflict("request " + id + " is an " + r.kind() + ", not an export");
        }
        String account = r.accountId()
                .orElseThrow(() -> new FulcrumException.Conflict(
                        "the account of request " + id + " was erased; there is nothing left to export"));
        AccountExport export = db.read(h -> Exporter.export(h, registry, account, clock.instant()));
        db.write(tx -> {
            Audit.record(tx, who.actor(), "personal_data.view", "dsr:" + id, null, "data subject export");
            return null;
        });
        return export;
    }

    public Optional<DsrRecord> find(String id) {
        return db.read(h -> find(h, id));
    }

    public List<DsrRecord> recent(int limit) {
        return db.read(h -> h.createQuery(SELECT + " ORDER BY created_at DESC, id DESC LIMIT :limit")
                .bind("limit", limit)
                .map(this::map)
                .list());
    }

    private Optional<DsrRecord> find(Handle h, String id) {
        return h.createQuery(SELECT + " WHERE id = :id")
                .bind("id", id)
                .map(this::map)
                .findOne();
    }

    private static final String SELECT = """
            SELECT id, kind, account_id, account_digest, salt, requested_by, outcome, reason, detail, counts, log_index,
                   created_at FROM data_subject_request""";

    private DsrRecord map(ResultSet rs, StatementContext ctx) throws SQLException {
        Map<String, Integer> counts;
        try {
            counts = json.mapper()
                    .readValue(rs.getString("counts"), new TypeReference<LinkedHashMap<String, Integer>>() {});
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored request counts are unreadable", e);
        }
        return new DsrRecord(
                rs.getString("id"),
                Kind.valueOf(rs.getString("kind")),
                Columns.optionalString(rs, "account_id"),
                rs.getString("account_digest"),
                rs.getString("salt"),
                rs.getString("requested_by"),
                rs.getString("outcome"),
                Columns.optionalString(rs, "reason").map(Refusal::valueOf),
                Columns.optionalString(rs, "detail"),
                counts,
                rs.getLong("log_index"),
                Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    /** Hex SHA-256 of {@code salt:account}: lets the account holder show a request was theirs. */
    public static String digest(String salt, String account) {
        return Idempotency.digest(salt + ":" + account);
    }

    private static byte[] salt() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return b;
    }
}
