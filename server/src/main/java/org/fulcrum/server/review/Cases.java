package org.fulcrum.server.review;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.notice.Triage;
import org.fulcrum.server.platform.SubjectKind;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Dialect;
import org.fulcrum.server.store.Tx;
import org.jdbi.v3.core.Handle;

/**
 * Cases: folding notices into the one open case of each subject, routing and prioritising them,
 * and claims. A claim is a conditional update on the case row, so two moderators can never hold
 * the same case, on one node or many; a claim lapses after {@link #CLAIM_TTL} without a decision.
 */
public final class Cases implements Triage {
    public static final Duration CLAIM_TTL = Duration.ofMinutes(30);

    private final Database db;
    private final Clock clock;
    private final Queues queues;

    public Cases(Database db, Clock clock, Queues queues) {
        this.db = db;
        this.clock = clock;
        this.queues = queues;
    }

    private record Row(
            SubjectKind kind,
            long audience,
            Optional<String> language,
            Optional<String> country,
            Optional<String> caseId,
            int severity,
            int lane,
            long dueAt) {}

    @Override
    public Folded fold(Tx tx, Incoming in) {
        Handle h = tx.handle();
        long now = in.at().toEpochMilli();
        // A notice may name an item the platform has not streamed yet; it becomes known with what little
        // we have. Inserted (or found) first so that concurrent folds of one subject on several nodes
        // queue on its row lock: the second sees the first's case instead of failing on the unique index
        // of open cases. SQLite has one writer, so it needs no lock.
        h.createUpdate("""
                        INSERT INTO subject (id, kind, created_at, updated_at) VALUES (:id, :kind, :now, :now)
                        ON CONFLICT (id) DO NOTHING""")
                .bind("id", in.subjectId())
                .bind("kind", in.kindIfUnknown().name())
                .bind("now", now)
                .execute();
        if (db.dialect() == Dialect.POSTGRES) {
            h.createQuery("SELECT id FROM subject WHERE id = :id FOR UPDATE")
                    .bind("id", in.subjectId())
                    .mapTo(String.class)
                    .one();
        }
        Optional<Row> found = h.createQuery("""
                        SELECT s.kind, s.audience, s.language, s.country, c.id, c.severity, c.lane, c.due_at
                        FROM subject s LEFT JOIN review_case c ON c.subject_id = s.id AND c.status = 'open'
                        WHERE s.id = :id""")
                .bind("id", in.subjectId())
                .map((rs, ctx) -> new Row(
                        SubjectKind.valueOf(rs.getString(1)),
                        rs.getLong(2),
                        Optional.ofNullable(rs.getString(3)),
                        Optional.ofNullable(rs.getString(4)),
                        Optional.ofNullable(rs.getString(5)),
                        rs.getInt(6),
                        rs.getInt(7),
                        rs.getLong(8)))
                .findOne();
        Row row = found.orElse(
                new Row(in.kindIfUnknown(), 0, Optional.empty(), Optional.empty(), Optional.empty(), 0, 0, 0));
        int severity = in.reason().critical() ? 1 : 0;
        int lane = in.priorityLane() ? 1 : 0;
        String caseId = row.caseId().orElseGet(() -> Ids.next("case", clock));
        boolean newReporter = in.reporterKey()
                .map(k -> h.createUpdate("""
                        INSERT INTO case_reporter (case_id, reporter_key) VALUES (:c, :k) ON CONFLICT DO NOTHING""").bind("c", caseId).bind("k", k).execute() > 0)
                .orElse(true);
        if (row.caseId().isEmpty()) {
            String id = caseId;
            Queue q = queues.route(
                    new RoutingRule.Facts(in.reason(), in.source(), row.kind(), row.language(), row.country()));
            h.createUpdate("""
                    INSERT INTO review_case (id, subject_id, subject_kind, status, queue_id, reason, category, source,
                                             severity, lane, audience, priority, notice_count, reporter_count,
                                             trusted_count, first_notice_at, last_notice_at, due_at, created_at)
                    VALUES (:id, :subject, :kind, 'open', :queue, :reason, :category, :source, :severity, :lane,
                            :audience, :priority, 1, 1, :trusted, :now, :now, :due, :now)""")
                    .bind("id", id)
                    .bind("subject", in.subjectId())
                    .bind("kind", row.kind().name())
                    .bind("queue", q.id())
                    .bind("reason", in.reason().name())
                    .bind("category", in.reason().category().name())
                    .bind("source", in.source().name())
                    .bind("severity", severity)
                    .bind("lane", lane)
                    .bind("audience", row.audience())
                    .bind("priority", Case.priority(severity, lane, row.audience()))
                    .bind("trusted", lane)
                    .bind("now", now)
                    .bind("due", now + q.slaMinutes() * 60_000L)
                    .execute();
            return new Folded(id, true, row.country());
        }
        boolean escalates = severity > row.severity() || (severity == row.severity() && lane > row.lane());
        int s = Math.max(severity, row.severity());
        int l = escalates ? lane : row.lane();
        String counts = """
                notice_count = notice_count + 1, reporter_count = reporter_count + :r,
                trusted_count = trusted_count + :t, last_notice_at = :now, audience = :audience, priority = :priority""";
        if (escalates) {
            // The most urgent notice decides reason, source and queue; the deadline only ever gets closer.
            Queue q = queues.route(
                    new RoutingRule.Facts(in.reason(), in.source(), row.kind(), row.language(), row.country()));
            h.createUpdate("UPDATE review_case SET reason = :reason, category = :category, source = :source,"
                            + " severity = :severity, lane = :lane, queue_id = :queue, due_at = :due, " + counts
                            + " WHERE id = :id")
                    .bind("reason", in.reason().name())
                    .bind("category", in.reason().category().name())
                    .bind("source", in.source().name())
                    .bind("severity", severity)
                    .bind("lane", lane)
                    .bind("queue", q.id())
                    .bind("due", Math.min(row.dueAt(), now + q.slaMinutes() * 60_000L))
                    .bind("r", newReporter ? 1 : 0)
                    .bind("t", lane)
                    .bind("now", now)
                    .bind("audience", row.audience())
                    .bind("priority", Case.priority(s, l, row.audience()))
                    .bind("id", caseId)
                    .execute();
        } else {
            h.createUpdate("UPDATE review_case SET " + counts + " WHERE id = :id")
                    .bind("r", newReporter ? 1 : 0)
                    .bind("t", lane)
                    .bind("now", now)
                    .bind("audience", row.audience())
                    .bind("priority", Case.priority(s, l, row.audience()))
                    .bind("id", caseId)
                    .execute();
        }
        return new Folded(caseId, false, row.country());
    }

    /** The present, by the injected clock. */
    public java.time.Instant now() {
        return clock.instant();
    }

    public Case require(String id) {
        return db.read(h -> find(h, id)).orElseThrow(() -> new FulcrumException.NotFound("case " + id));
    }

    public static Optional<Case> find(Handle h, String id) {
        return h.createQuery("SELECT " + Case.COLUMNS + " FROM review_case WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> Case.map(rs))
                .findOne();
    }

    /** Whether any case on {@code subjectId} was reported as child sexual abuse or exploitation. */
    public static boolean childSafety(Handle h, String subjectId) {
        return h.createQuery("""
                        SELECT COUNT(*) FROM review_case
                        WHERE subject_id = :s AND reason IN ('csam', 'child_sexual_exploitation')""").bind("s", subjectId).mapTo(Long.class).one() > 0;
    }

    /** Open cases of a queue in review order: critical first, then the priority lane, then reach, then age. */
    public List<Case> openInQueue(String queueId, int limit, int offset) {
        return db.read(h -> h.createQuery("SELECT " + Case.COLUMNS + " FROM review_case"
                        + " WHERE queue_id = :q AND status = 'open'"
                        + " ORDER BY priority DESC, first_notice_at, id LIMIT :limit OFFSET :offset")
                .bind("q", queueId)
                .bind("limit", limit)
                .bind("offset", offset)
                .map((rs, ctx) -> Case.map(rs))
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
                            ? "case " + caseId + " is being worked by another moderator"
                            : "case " + caseId + " is already decided");
        }
        Audit.record(tx, actor, "case.claim", "case:" + caseId, null, null);
        return c;
    }

    /** Claims the first unclaimed case of {@code queueId} in review order, if any. */
    public Optional<Case> next(String actor, String queueId) {
        queues.require(queueId);
        return db.write(tx -> {
            long now = tx.now().toEpochMilli();
            Optional<String> id = tx.handle()
                    .createQuery("""
                            SELECT id FROM review_case WHERE queue_id = :q AND status = 'open'
                              AND (assigned_to IS NULL OR claim_expires_at <= :now)
                            ORDER BY priority DESC, first_notice_at, id LIMIT 1""")
                    .bind("q", queueId)
                    .bind("now", now)
                    .mapTo(String.class)
                    .findOne();
            return id.map(caseId -> claim(tx, actor, caseId));
        });
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
