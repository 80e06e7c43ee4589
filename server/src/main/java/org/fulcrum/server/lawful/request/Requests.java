package org.fulcrum.server.lawful.request;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.web.Bodies;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * SQL for lawful requests and their targets. A request's submission is stored as JSON; the reads and
 * writes of whole requests take the {@link Json} to read and write it with.
 */
public final class Requests {
    public static final String COLUMNS = """
            id, reference, lane, instrument, kind, jurisdiction, agency_id, officer_id, key_id, entered_by,
            addressed_to, entity, routed_from, status, verification, emergency, gag_until, flags, received_at,
            deadline_at, paused_at, paused_millis, alerted_at, closed_at, body, auto_executed""";

    private Requests() {}

    /**
     * Stores a request unless its agency already sent one under the same reference (false then,
     * nothing written). On PostgreSQL an insert racing another node's uncommitted one waits for it
     * and then writes nothing, so the caller can read the winner with {@link #byReference}.
     */
    public static boolean insert(Handle h, Json json, LawfulRequest r, String bodySha256) {
        return h.createUpdate("""
                INSERT INTO lawful_request (id, reference, lane, instrument, kind, jurisdiction, agency_id, officer_id,
                    key_id, entered_by, addressed_to, entity, routed_from, status, verification, emergency, gag_until,
                    flags, received_at, deadline_at, body, body_sha256, updated_at)
                VALUES (:id, :ref, :lane, :instrument, :kind, :j, :agency, :officer, :key, :entered, :addressed,
                    :entity, :routed, :status, :verification, :emergency, :gag, :flags, :received, :deadline, :body,
                    :sha, :received)
                ON CONFLICT (agency_id, reference, reference_repeat) DO NOTHING""")
                        .bind("id", r.id())
                        .bind("ref", r.reference())
                        .bind("lane", r.lane().name())
                        .bind("instrument", r.instrument().name())
                        .bind("kind", r.kind().name())
                        .bind("j", r.jurisdiction())
                        .bind("agency", r.parties().agencyId().orElse(null))
                        .bind("officer", r.parties().officerId().orElse(null))
                        .bind("key", r.parties().keyId().orElse(null))
                        .bind("entered", r.parties().enteredBy().orElse(null))
                        .bind("addressed", r.parties().addressedTo().orElse(null))
                        .bind("entity", r.parties().entity())
                        .bind("routed", r.parties().routedFrom().orElse(null))
                        .bind("status", r.state().status().name())
                        .bind("verification", r.state().verification().name())
                        .bind("emergency", r.state().emergency() ? 1 : 0)
                        .bind(
                                "gag",
                                r.state().gagUntil().map(Instant::toEpochMilli).orElse(null))
                        .bind("flags", String.join(",", r.state().flags()))
                        .bind("received", r.clock().receivedAt().toEpochMilli())
                        .bind("deadline", r.clock().deadlineAt().toEpochMilli())
                        .bind("body", json.write(r.submission()))
                        .bind("sha", bodySha256)
                        .execute()
                == 1;
    }

    /** The request an agency sent under its reference: its id, the submission as stored and the body's SHA-256. */
    public record Earlier(String id, String body, String bodySha256) {}

    public static Optional<Earlier> byReference(Handle h, String agencyId, String reference) {
        return h.createQuery("""
                        SELECT id, body, body_sha256 FROM lawful_request
                        WHERE agency_id = :a AND reference = :ref AND reference_repeat = 0""")
                .bind("a", agencyId)
                .bind("ref", reference)
                .map((rs, ctx) -> new Earlier(rs.getString("id"), rs.getString("body"), rs.getString("body_sha256")))
                .findOne();
    }

    public static void insertTarget(Handle h, String requestId, int seq, String locator, String subjectId) {
        h.createUpdate("INSERT INTO lawful_target (request_id, seq, locator, subject_id) VALUES (:r, :s, :l, :sub)")
                .bind("r", requestId)
                .bind("s", seq)
                .bind("l", locator)
                .bind("sub", subjectId)
                .execute();
    }

    /** A target as resolved at intake. */
    public record Target(String locator, Optional<String> subjectId) {}

    public static List<Target> targets(Handle h, String requestId) {
        return h.createQuery("SELECT locator, subject_id FROM lawful_target WHERE request_id = :r ORDER BY seq")
                .bind("r", requestId)
                .map((rs, ctx) -> new Target(rs.getString("locator"), Columns.optionalString(rs, "subject_id")))
                .list();
    }

    public static Optional<LawfulRequest> find(Handle h, Json json, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM lawful_request WHERE id = :id")
                .bind("id", id)
                .map(rows(json))
                .findOne();
    }

    public static LawfulRequest require(Handle h, Json json, String id) {
        return find(h, json, id).orElseThrow(() -> new FulcrumException.NotFound("request " + id));
    }

    /** The status of request {@code id} as stored now, if there is such a request. */
    public static Optional<RequestStatus> currentStatus(Handle h, String id) {
        return h.createQuery("SELECT status FROM lawful_request WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> RequestStatus.valueOf(rs.getString("status")))
                .findOne();
    }

    /** Requests in the given statuses, the most urgent deadline first. */
    public static List<LawfulRequest> queue(Handle h, Json json, List<RequestStatus> statuses, int limit) {
        return h.createQuery("SELECT " + COLUMNS + " FROM lawful_request WHERE status IN (<statuses>) "
                        // alerted first: a clock nearly out, or an order on a one-hour clock held for review
                        + "ORDER BY CASE WHEN alerted_at IS NULL THEN 1 ELSE 0 END, deadline_at, id LIMIT :limit")
                .bindList("statuses", statuses.stream().map(Enum::name).toList())
                .bind("limit", limit)
                .map(rows(json))
                .list();
    }

    /** Requests executed without a person that came from a new officer or a new key, newest first. */
    public static List<LawfulRequest> autoExecutedForNewSenders(Handle h, Json json, int limit) {
        return h.createQuery("SELECT " + COLUMNS + " FROM lawful_request WHERE auto_executed = 1 "
                        + "AND (flags LIKE '%" + Flags.NEW_OFFICER + "%' OR flags LIKE '%" + Flags.NEW_KEY + "%') "
                        + "ORDER BY received_at DESC, id DESC LIMIT :limit")
                .bind("limit", limit)
                .map(rows(json))
                .list();
    }

    public static List<LawfulRequest> ofOfficer(Handle h, Json json, String officerId, int limit) {
        return h.createQuery("SELECT " + COLUMNS + " FROM lawful_request WHERE officer_id = :o "
                        + "ORDER BY received_at DESC, id DESC LIMIT :limit")
                .bind("o", officerId)
                .bind("limit", limit)
                .map(rows(json))
                .list();
    }

    public static List<LawfulRequest> recent(Handle h, Json json, int limit) {
        return h.createQuery(
                        "SELECT " + COLUMNS + " FROM lawful_request ORDER BY received_at DESC, id DESC LIMIT :limit")
                .bind("limit", limit)
                .map(rows(json))
                .list();
    }

    public static void status(Handle h, String id, RequestStatus status, Instant now) {
        h.createUpdate("""
                UPDATE lawful_request SET status = :s, updated_at = :now,
                    closed_at = CASE WHEN :closed = 1 THEN :now ELSE closed_at END
                WHERE id = :id""")
                .bind("s", status.name())
                .bind("now", now.toEpochMilli())
                .bind("closed", status.open() ? 0 : 1)
                .bind("id", id)
                .execute();
    }

    public static void verification(Handle h, String id, Verification v, Instant now) {
        h.createUpdate("UPDATE lawful_request SET verification = :v, updated_at = :now WHERE id = :id")
                .bind("v", v.name())
                .bind("now", now.toEpochMilli())
                .bind("id", id)
                .execute();
    }

    public static void addFlag(Handle h, LawfulRequest r, String flag, Instant now) {
        List<String> present = r.state().flags();
        if (present.contains(flag)) {
            return;
        }
        String flags = present.isEmpty() ? flag : String.join(",", present) + "," + flag;
        h.createUpdate("UPDATE lawful_request SET flags = :f, updated_at = :now WHERE id = :id")
                .bind("f", flags)
                .bind("now", now.toEpochMilli())
                .bind("id", r.id())
                .execute();
    }

    public static void autoExecuted(Handle h, String id) {
        h.createUpdate("UPDATE lawful_request SET auto_executed = 1 WHERE id = :id")
                .bind("id", id)
                .execute();
    }

    /** Stops the clock (a clarification is pending); a clock already stopped stays as it is. */
    public static void pause(Handle h, String id, Instant now) {
        h.createUpdate(
                        "UPDATE lawful_request SET paused_at = :now, updated_at = :now WHERE id = :id AND paused_at IS NULL")
                .bind("now", now.toEpochMilli())
                .bind("id", id)
                .execute();
    }

    /** Restarts the clock, moving the deadline by the time it stood still. */
    public static void resume(Handle h, String id, Instant now) {
        h.createUpdate("""
                UPDATE lawful_request SET deadline_at = deadline_at + (:now - paused_at),
                    paused_millis = paused_millis + (:now - paused_at), paused_at = NULL, updated_at = :now
                WHERE id = :id AND paused_at IS NOT NULL""").bind("now", now.toEpochMilli()).bind("id", id).execute();
    }

    /**
     * Reads rows selected with {@link #COLUMNS}, the stored submission bound with {@code json} as
     * strictly as it was on intake.
     */
    public static RowMapper<LawfulRequest> rows(Json json) {
        Bodies stored = new Bodies(Long.MAX_VALUE, json);
        return (rs, ctx) -> new LawfulRequest(
                rs.getString("id"),
                rs.getString("reference"),
                Lane.valueOf(rs.getString("lane")),
                Instrument.valueOf(rs.getString("instrument")),
                RequestKind.valueOf(rs.getString("kind")),
                rs.getString("jurisdiction"),
                parties(rs),
                state(rs),
                clock(rs),
                Submission.stored(
                        stored.parse(rs.getString("body").getBytes(StandardCharsets.UTF_8), Submission.Wire.class)));
    }

    private static Parties parties(ResultSet rs) throws SQLException {
        return new Parties(
                Columns.optionalString(rs, "agency_id"),
                Columns.optionalString(rs, "officer_id"),
                Columns.optionalString(rs, "key_id"),
                Columns.optionalString(rs, "entered_by"),
                Columns.optionalString(rs, "addressed_to"),
                rs.getString("entity"),
                Columns.optionalString(rs, "routed_from"));
    }

    private static RequestState state(ResultSet rs) throws SQLException {
        String flags = rs.getString("flags");
        return new RequestState(
                RequestStatus.valueOf(rs.getString("status")),
                Verification.valueOf(rs.getString("verification")),
                rs.getInt("emergency") == 1,
                Columns.optionalInstant(rs, "gag_until"),
                flags == null || flags.isEmpty() ? List.of() : Arrays.asList(flags.split(",")),
                rs.getInt("auto_executed") == 1);
    }

    private static RequestClock clock(ResultSet rs) throws SQLException {
        return new RequestClock(
                Columns.instant(rs, "received_at"),
                Columns.instant(rs, "deadline_at"),
                Columns.optionalInstant(rs, "paused_at"),
                rs.getLong("paused_millis"),
                Columns.optionalInstant(rs, "alerted_at"),
                Columns.optionalInstant(rs, "closed_at"));
    }
}
