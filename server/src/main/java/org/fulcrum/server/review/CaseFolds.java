package org.fulcrum.server.review;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.notice.Triage;
import org.fulcrum.server.platform.SubjectKind;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Dialect;
import org.fulcrum.server.store.Tx;

/**
 * Folding notices into cases: each notice item joins the one open case of its subject, or opens it,
 * routed to a queue with its priority and SLA; the items of a unit of work fold together in a few
 * batched statements, with the outcome of each as if folded one at a time.
 */
public final class CaseFolds implements Triage {
    private final Database db;
    private final Clock clock;
    private final Queues queues;

    public CaseFolds(Database db, Clock clock, Queues queues) {
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

    private static final String INSERT_SUBJECT = """
            INSERT INTO subject (id, kind, created_at, updated_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (id) DO NOTHING""";
    private static final String LOCK_SUBJECT = "SELECT id FROM subject WHERE id = ? FOR UPDATE";
    private static final String FIND_OPEN = """
            SELECT s.kind AS subject_kind, s.audience, s.language, s.country, c.id AS case_id, c.severity, c.lane,
                   c.due_at
            FROM subject s LEFT JOIN review_case c ON c.subject_id = s.id AND c.status = 'open'
            WHERE s.id = ?""";
    private static final String ADD_REPORTER =
            "INSERT INTO case_reporter (case_id, reporter_key) VALUES (?, ?) ON CONFLICT DO NOTHING";
    private static final String INSERT_CASE = """
            INSERT INTO review_case (id, subject_id, subject_kind, status, queue_id, reason, category, source,
                                     severity, lane, audience, priority, notice_count, reporter_count,
                                     trusted_count, first_notice_at, last_notice_at, due_at, created_at)
            VALUES (?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String COUNTS = """
            notice_count = notice_count + ?, reporter_count = reporter_count + ?,
            trusted_count = trusted_count + ?, last_notice_at = ?, audience = ?, priority = ?""";
    private static final String ESCALATE = "UPDATE review_case SET reason = ?, category = ?, source = ?,"
            + " severity = ?, lane = ?, queue_id = ?, due_at = ?, " + COUNTS + " WHERE id = ?";
    private static final String COUNT = "UPDATE review_case SET " + COUNTS + " WHERE id = ?";

    /** Folds one notice item into its subject's open case ({@link #foldAll} of one item). */
    @Override
    public Folded fold(Tx tx, Incoming in) {
        return foldAll(tx, List.of(in)).getFirst();
    }

    /**
     * Folds the items of a unit of work, in order, as if one by one, with a few statements for all of
     * them: one batch of subject inserts, one open-case lookup per distinct subject, one batch of
     * reporter inserts, then one insert or update per case with the items' counts added up (the most
     * urgent item deciding reason, source and queue, as it would one at a time). The statements are
     * prepared once per group commit ({@link Tx#prepared}) and reused by every unit of it.
     */
    @Override
    public List<Folded> foldAll(Tx tx, List<Incoming> items) {
        try {
            return foldPrepared(tx, items);
        } catch (SQLException e) {
            throw new Tx.SqlFailure("case fold", e);
        }
    }

    /** One subject's open case as the items of a unit fold into it. */
    private static final class Open {
        final Row row;
        final String caseId;
        final boolean created;
        Incoming urgent;
        Queue queue;
        long dueAt;
        int severity;
        int lane;
        boolean escalated;
        int notices;
        int reporters;
        int trusted;
        long first;
        long last;

        Open(Row row, String caseId) {
            this.row = row;
            this.caseId = caseId;
            this.created = row.caseId().isEmpty();
            this.severity = row.severity();
            this.lane = row.lane();
            this.dueAt = row.dueAt();
        }
    }

    private List<Folded> foldPrepared(Tx tx, List<Incoming> items) throws SQLException {
        // A notice may name an item the platform has not streamed yet; it becomes known with what little
        // we have. On PostgreSQL it is inserted (or found) first so that concurrent folds of one subject on
        // several nodes queue on its row lock: the second sees the first's case instead of failing on the
        // unique index of open cases. SQLite has one writer, so it needs no lock.
        // Subjects in id order, for the inserts as for the locks: two units naming the same new subjects
        // wait for each other rather than deadlock on the subject's key.
        Map<String, Incoming> first = new TreeMap<>();
        for (Incoming in : items) {
            first.putIfAbsent(in.subjectId(), in);
        }
        boolean sqlite = db.dialect() == Dialect.SQLITE;
        if (!sqlite) {
            insertSubjects(tx, first.values());
            PreparedStatement lock = tx.prepared(LOCK_SUBJECT);
            for (String subjectId : first.keySet()) {
                lock.setString(1, subjectId);
                try (ResultSet rs = lock.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("subject " + subjectId + " vanished while folding");
                    }
                }
            }
        }
        PreparedStatement findOpen = tx.prepared(FIND_OPEN);
        Map<String, Open> open = new HashMap<>();
        List<Incoming> unknown = new ArrayList<>();
        for (Incoming in : first.values()) {
            findOpen.setString(1, in.subjectId());
            Row row;
            try (ResultSet rs = findOpen.executeQuery()) {
                if (rs.next()) {
                    // severity, lane and due_at are NULL (read as 0) when the subject has no open case
                    row = new Row(
                            SubjectKind.valueOf(rs.getString("subject_kind")),
                            rs.getLong("audience"),
                            Columns.optionalString(rs, "language"),
                            Columns.optionalString(rs, "country"),
                            Columns.optionalString(rs, "case_id"),
                            rs.getInt("severity"),
                            rs.getInt("lane"),
                            rs.getLong("due_at"));
                } else {
                    row = new Row(in.kindIfUnknown(), 0, Optional.empty(), Optional.empty(), Optional.empty(), 0, 0, 0);
                    unknown.add(in);
                }
            }
            open.put(in.subjectId(), new Open(row, row.caseId().orElseGet(() -> Ids.next("case", clock))));
        }
        // SQLite has one writer, so nothing inserts a subject between the lookup and here: only the
        // subjects not found are inserted, one statement fewer for each item on a known subject.
        if (sqlite && !unknown.isEmpty()) {
            insertSubjects(tx, unknown);
        }
        // Which reporters are new to their case: the insert's count, row by row, in the items' order.
        PreparedStatement addReporter = tx.prepared(ADD_REPORTER);
        addReporter.clearBatch();
        boolean anyReporter = false;
        for (Incoming in : items) {
            if (in.reporterKey().isPresent()) {
                addReporter.setString(1, open.get(in.subjectId()).caseId);
                addReporter.setString(2, in.reporterKey().get());
                addReporter.addBatch();
                anyReporter = true;
            }
        }
        int[] added = anyReporter ? addReporter.executeBatch() : new int[0];
        List<Folded> folded = new ArrayList<>(items.size());
        int r = 0;
        for (Incoming in : items) {
            Open o = open.get(in.subjectId());
            boolean newReporter = true;
            if (in.reporterKey().isPresent()) {
                int count = added[r++];
                if (count < 0) {
                    throw new IllegalStateException("the driver did not count the rows of a batch");
                }
                newReporter = count > 0;
            }
            int severity = in.reason().critical() ? 1 : 0;
            int lane = in.priorityLane() ? 1 : 0;
            long now = in.at().toEpochMilli();
            boolean opens = o.created && o.notices == 0;
            // The most urgent notice decides reason, source and queue; the deadline only ever gets closer.
            if (opens || severity > o.severity || (severity == o.severity && lane > o.lane)) {
                Queue q = queues.route(new RoutingRule.Facts(
                        in.reason(), in.source(), o.row.kind(), o.row.language(), o.row.country()));
                long due = now + q.slaMinutes() * 60_000L;
                o.dueAt = opens ? due : Math.min(o.dueAt, due);
                o.first = opens ? now : o.first;
                o.urgent = in;
                o.queue = q;
                o.escalated = !o.created;
                o.lane = lane;
            }
            o.severity = Math.max(severity, o.severity);
            o.notices++;
            o.reporters += newReporter ? 1 : 0;
            o.trusted += lane;
            o.last = now;
            folded.add(new Folded(o.caseId, opens, o.row.country()));
        }
        for (Open o : new LinkedHashSet<>(orderOf(items, open))) {
            write(tx, o);
        }
        return folded;
    }

    private static void insertSubjects(Tx tx, Collection<Incoming> subjects) throws SQLException {
        PreparedStatement insertSubject = tx.prepared(INSERT_SUBJECT);
        // A batch left by a unit that failed while filling it is dropped, not run with this one.
        insertSubject.clearBatch();
        for (Incoming in : subjects) {
            long at = in.at().toEpochMilli();
            insertSubject.setString(1, in.subjectId());
            insertSubject.setString(2, in.kindIfUnknown().name());
            insertSubject.setLong(3, at);
            insertSubject.setLong(4, at);
            insertSubject.addBatch();
        }
        insertSubject.executeBatch();
    }

    private static List<Open> orderOf(List<Incoming> items, Map<String, Open> open) {
        List<Open> order = new ArrayList<>(items.size());
        for (Incoming in : items) {
            order.add(open.get(in.subjectId()));
        }
        return order;
    }

    /** The case row after the unit's items: inserted if they opened it, else their counts added. */
    private static void write(Tx tx, Open o) throws SQLException {
        long priority = Urgency.priority(o.severity, o.lane, o.row.audience());
        if (o.created) {
            Incoming in = o.urgent;
            PreparedStatement insert = tx.prepared(INSERT_CASE);
            int p = 1;
            insert.setString(p++, o.caseId);
            insert.setString(p++, in.subjectId());
            insert.setString(p++, o.row.kind().name());
            insert.setString(p++, o.queue.id());
            insert.setString(p++, in.reason().name());
            insert.setString(p++, in.reason().category().name());
            insert.setString(p++, in.source().name());
            insert.setInt(p++, o.severity);
            insert.setInt(p++, o.lane);
            insert.setLong(p++, o.row.audience());
            insert.setLong(p++, priority);
            insert.setInt(p++, o.notices);
            insert.setInt(p++, o.reporters);
            insert.setInt(p++, o.trusted);
            insert.setLong(p++, o.first);
            insert.setLong(p++, o.last);
            insert.setLong(p++, o.dueAt);
            insert.setLong(p, o.first);
            insert.executeUpdate();
            return;
        }
        PreparedStatement update;
        int p = 1;
        if (o.escalated) {
            Incoming in = o.urgent;
            update = tx.prepared(ESCALATE);
            update.setString(p++, in.reason().name());
            update.setString(p++, in.reason().category().name());
            update.setString(p++, in.source().name());
            update.setInt(p++, o.severity);
            update.setInt(p++, o.lane);
            update.setString(p++, o.queue.id());
            update.setLong(p++, o.dueAt);
        } else {
            update = tx.prepared(COUNT);
        }
        update.setInt(p++, o.notices);
        update.setInt(p++, o.reporters);
        update.setInt(p++, o.trusted);
        update.setLong(p++, o.last);
        update.setLong(p++, o.row.audience());
        update.setLong(p++, priority);
        update.setString(p, o.caseId);
        update.executeUpdate();
    }
}
