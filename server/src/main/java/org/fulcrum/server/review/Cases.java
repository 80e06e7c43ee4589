package org.fulcrum.server.review;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.notice.DsaCategory;
import org.fulcrum.server.notice.Reason;
import org.fulcrum.server.notice.Source;
import org.fulcrum.server.platform.SubjectKind;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Cases: reading them in review order, claims and reopening on appeal ({@link CaseFolds} folds
 * notices into them). A claim is a conditional update on the case row, so two moderators can never hold
 * the same case, on one node or many; a claim lapses after {@link #CLAIM_TTL} without a decision.
 */
public final class Cases {
    public static final Duration CLAIM_TTL = Duration.ofMinutes(30);

    private final Database db;
    private final Clock clock;
    private final Queues queues;

    public Cases(Database db, Clock clock, Queues queues) {
        this.db = db;
        this.clock = clock;
        this.queues = queues;
    }

    /** The present, by the injected clock. */
    public java.time.Instant now() {
        return clock.instant();
    }

    public Case require(String id) {
        return db.read(h -> find(h, id)).orElseThrow(() -> new FulcrumException.NotFound("case " + id));
    }

    /** The columns of {@code review_case} that {@link #ROW} reads. */
    static final String COLUMNS = """
            id, subject_id, subject_kind, status, queue_id, reason, category, source, severity, lane, audience, priority,
            notice_count, reporter_count, trusted_count, first_notice_at, last_notice_at, due_at, sla_breached_at,
            assigned_to, claim_expires_at, decided_at, decision_id""";

    /** Reads a case row selected with {@link #COLUMNS} (a join may prefix them with its table's alias). */
    static final RowMapper<Case> ROW = (rs, ctx) -> new Case(
            rs.getString("id"),
            rs.getString("subject_id"),
            SubjectKind.valueOf(rs.getString("subject_kind")),
            rs.getString("status"),
            rs.getString("queue_id"),
            urgency(rs),
            tally(rs),
            clock(rs),
            new Claim(Columns.optionalString(rs, "assigned_to"), Columns.optionalInstant(rs, "claim_expires_at")),
            new Resolution(Columns.optionalInstant(rs, "decided_at"), Columns.optionalString(rs, "decision_id")));

    private static Urgency urgency(ResultSet rs) throws SQLException {
        return new Urgency(
                Reason.valueOf(rs.getString("reason")),
                DsaCategory.valueOf(rs.getString("category")),
                Source.valueOf(rs.getString("source")),
                rs.getInt("severity"),
                rs.getInt("lane"),
                rs.getLong("audience"),
                rs.getLong("priority"));
    }

    private static NoticeTally tally(ResultSet rs) throws SQLException {
        return new NoticeTally(
                rs.getInt("notice_count"),
                rs.getInt("reporter_count"),
                rs.getInt("trusted_count"),
                Columns.instant(rs, "first_notice_at"),
                Columns.instant(rs, "last_notice_at"));
    }

    private static CaseClock clock(ResultSet rs) throws SQLException {
        return new CaseClock(Columns.instant(rs, "due_at"), Columns.optionalInstant(rs, "sla_breached_at"));
    }

    public static Optional<Case> find(Handle h, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM review_case WHERE id = :id")
                .bind("id", id)
                .map(ROW)
                .findOne();
    }

    /** Whether {@code subjectId} has an open case (a sweep or a direct decision must leave it to the case). */
    static boolean hasOpenCase(Handle h, String subjectId) {
        return h.createQuery("SELECT COUNT(*) FROM review_case WHERE subject_id = :s AND status = 'open'")
                        .bind("s", subjectId)
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    /** Whether any case on {@code subjectId} was reported as child sexual abuse or exploitation. */
    public static boolean childSafety(Handle h, String subjectId) {
        return h.createQuery("""
                        SELECT COUNT(*) FROM review_case
                        WHERE subject_id = :s AND reason IN ('csam', 'child_sexual_exploitation')""").bind("s", subjectId).mapTo(Long.class).one() > 0;
    }

    /** Open cases of a queue in review order: critical first, then the priority lane, then reach, then age. */
    public List<Case> openInQueue(String queueId, int limit, int offset) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM review_case"
                        + " WHERE queue_id = :q AND status = 'open'"
                        + " ORDER BY priority DESC, first_notice_at, id LIMIT :limit OFFSET :offset")
                .bind("q", queueId)
                .bind("limit", limit)
                .bind("offset", offset)
                .map(ROW)
                .list());
    }

    /** Claims {@code caseId} for {@code actor}; refused if another moderator holds it. */
    public Case claim(String actor, String caseId) {
        return db.write(tx -> claim(tx, actor, caseId));
    }

    Case claim(Tx tx, String actor, String caseId) {
        long now = tx.now().toEpochMilli();
        int n = tx.handle()
                .createUpdate("""
                UPDATE review_case SET assigned_to = :me, claimed_at = :now, claim_expires_at = :exp
                WHERE id = :id AND status = 'open'
                  AND (assigned_to IS NULL OR assigned_to = :me OR claim_expires_at <= :now)""")
                .bind("me", actor)
                .bind("now", now)
                .bind("exp", now + CLAIM_TTL.toMillis())
                .bind("id", caseId)
                .execute();
        Case c = find(tx.handle(), caseId).orElseThrow(() -> new FulcrumException.NotFound("case " + caseId));
        if (n == 0) {
            throw new FulcrumException.Conflict(
                    c.open()
                            ? "case " + caseId + " is being worked by "
                                    + c.claim().assignedTo().orElse("another moderator")
                                    + claimedAt(tx.handle(), caseId)
                                            .map(t -> " since " + Words.time(t))
                                            .orElse("")
                                    + c.claim()
                                            .claimExpiresAt()
                                            .map(t -> "; the claim lapses at " + Words.time(t)
                                                    + " unless they decide or release it first")
                                            .orElse("")
                            : "case " + caseId + " is already decided");
        }
        Audit.record(tx, actor, "case.claim", "case:" + caseId, null, null);
        return c;
    }

    /** When the present claim on {@code caseId} was taken, if the case is claimed. */
    public static Optional<Instant> claimedAt(Handle h, String caseId) {
        return h.createQuery("SELECT claimed_at FROM review_case WHERE id = :id AND assigned_to IS NOT NULL")
                .bind("id", caseId)
                .map((rs, ctx) -> Columns.optionalInstant(rs, "claimed_at"))
                .findOne()
                .flatMap(t -> t);
    }

    /** Claims the first unclaimed case of {@code queueId} in review order, if any. */
    public Optional<Case> next(String actor, String queueId) {
        return next(actor, queueId, false);
    }

    /**
     * Claims the first unclaimed case of {@code queueId} in review order, if any; with {@code
     * passCritical} (a moderator's break from critical cases) the first that is not critical.
     */
    public Optional<Case> next(String actor, String queueId, boolean passCritical) {
        queues.require(queueId);
        return db.write(tx -> {
            long now = tx.now().toEpochMilli();
            Optional<String> id = tx.handle()
                    .createQuery("SELECT id FROM review_case WHERE queue_id = :q AND status = 'open'"
                            + " AND (assigned_to IS NULL OR claim_expires_at <= :now)"
                            + (passCritical ? " AND severity = 0" : "")
                            + " ORDER BY priority DESC, first_notice_at, id LIMIT 1")
                    .bind("q", queueId)
                    .bind("now", now)
                    .mapTo(String.class)
                    .findOne();
            return id.map(caseId -> claim(tx, actor, caseId));
        });
    }

    /** Whether {@code queueId} has a critical case nobody is working on now. */
    public boolean criticalWaiting(String queueId) {
        return db.read(h -> h.createQuery("""
                                SELECT COUNT(*) FROM review_case WHERE queue_id = :q AND status = 'open' AND severity = 1
                                  AND (assigned_to IS NULL OR claim_expires_at <= :now)""")
                        .bind("q", queueId)
                        .bind("now", clock.instant().toEpochMilli())
                        .mapTo(Long.class)
                        .one())
                > 0;
    }

    public Case release(String actor, String caseId) {
        return db.write(tx -> {
            int n = tx.handle()
                    .createUpdate("""
                    UPDATE review_case SET assigned_to = NULL, claimed_at = NULL, claim_expires_at = NULL
                    WHERE id = :id AND status = 'open' AND assigned_to = :me""")
                    .bind("id", caseId)
                    .bind("me", actor)
                    .execute();
            if (n == 0) {
                throw new FulcrumException.Conflict("case " + caseId + " is not claimed by you");
            }
            Audit.record(tx, actor, "case.release", "case:" + caseId, null, null);
            return find(tx.handle(), caseId).orElseThrow();
        });
    }

    /** Opens a new case for {@code subjectId} (or returns its open one), for a decision reopened on appeal. */
    String reopen(Tx tx, String subjectId, Case from, Instant now) {
        Optional<String> open = tx.handle()
                .createQuery("SELECT id FROM review_case WHERE subject_id = :s AND status = 'open'")
                .bind("s", subjectId)
                .mapTo(String.class)
                .findOne();
        if (open.isPresent()) {
            return open.get();
        }
        String id = Ids.next("case", clock);
        Queue q = queues.require(from.queueId());
        long at = now.toEpochMilli();
        tx.handle()
                .createUpdate("""
                INSERT INTO review_case (id, subject_id, subject_kind, status, queue_id, reason, category, source,
                                         severity, lane, audience, priority, notice_count, reporter_count, trusted_count,
                                         first_notice_at, last_notice_at, due_at, reopened_from, created_at)
                SELECT :id, subject_id, subject_kind, 'open', queue_id, reason, category, source, severity, lane,
                       audience, priority, notice_count, reporter_count, trusted_count, :now, :now, :due, id, :now
                FROM review_case WHERE id = :from""")
                .bind("id", id)
                .bind("now", at)
                .bind("due", at + q.slaMinutes() * 60_000L)
                .bind("from", from.id())
                .execute();
        tx.handle().createUpdate("""
                INSERT INTO case_reporter (case_id, reporter_key)
                SELECT :id, reporter_key FROM case_reporter WHERE case_id = :from""").bind("id", id).bind("from", from.id()).execute();
        return id;
    }
}
