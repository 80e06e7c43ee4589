package org.fulcrum.server.notice;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;

/**
 * Reporting tasks that the law attaches to some notices and matches (SPEC 2.9): child sexual
 * abuse material is reported to NCMEC's CyberTipline for US accounts and to the national hotline
 * elsewhere; a threat to life or safety is notified to the competent authority under DSA Art. 18
 * (Europol when the member state cannot be identified). Each task has its deadline and is tracked
 * until staff record the report's reference. One task of each kind per case.
 */
public final class SafetyTasks {
    /** How long a hotline report may wait. */
    public static final Duration HOTLINE_DEADLINE = Duration.ofHours(24);
    /** DSA Art. 18 asks for prompt notification. */
    public static final Duration ART18_DEADLINE = Duration.ofHours(1);

    private static final Set<String> EU = Set.of(
            "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
            "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE");
    private static final Map<String, String> HOTLINES = Map.ofEntries(
            Map.entry("US", "NCMEC CyberTipline"),
            Map.entry("GB", "Internet Watch Foundation"),
            Map.entry("FR", "Point de Contact"),
            Map.entry("DE", "jugendschutz.net / eco / FSM"),
            Map.entry("NL", "Offlimits (EOKM)"),
            Map.entry("BE", "Child Focus"),
            Map.entry("IT", "Telefono Azzurro / Save the Children Italia"),
            Map.entry("ES", "INCIBE / ANAR"),
            Map.entry("IE", "Hotline.ie"),
            Map.entry("CA", "Cybertip.ca"),
            Map.entry("AU", "eSafety Commissioner"));

    private final Database db;

    public SafetyTasks(Database db) {
        this.db = db;
    }

    /** The kinds of task. */
    public enum Kind {
        hotline_report,
        art18_notification
    }

    /** A task as staff see it. */
    public record Task(
            String id,
            Kind kind,
            String caseId,
            String subjectId,
            Optional<String> country,
            String authority,
            Instant dueAt,
            String status,
            Optional<String> reference,
            Instant createdAt,
            Optional<Instant> completedAt) {
        public boolean overdue(Instant now) {
            return status.equals("open") && now.isAfter(dueAt);
        }
    }

    /** Where a child-safety report goes for an account in {@code country}. */
    public static String hotline(Optional<String> country) {
        return country.map(c -> HOTLINES.getOrDefault(c, "INHOPE member hotline for " + c))
                .orElse("INHOPE (country unknown)");
    }

    /** Who is notified of a threat to life under DSA Art. 18 for {@code country}. */
    public static String art18Authority(Optional<String> country) {
        return country.filter(EU::contains)
                .map(c -> "Law enforcement authority of " + c + " (DSA Art. 18(1))")
                .orElse("Europol (DSA Art. 18(2))");
    }

    /** Creates the tasks {@code reason} calls for on {@code caseId}, once per case and kind. */
    public void open(Tx tx, Reason reason, String caseId, String subjectId, Optional<String> country) {
        if (reason.childSafety()) {
            insert(tx, Kind.hotline_report, caseId, subjectId, country, hotline(country), HOTLINE_DEADLINE);
        }
        if (reason.threatToLife()) {
            insert(tx, Kind.art18_notification, caseId, subjectId, country, art18Authority(country), ART18_DEADLINE);
        }
    }

    private static void insert(
            Tx tx,
            Kind kind,
            String caseId,
            String subjectId,
            Optional<String> country,
            String authority,
            Duration deadline) {
        long now = tx.now().toEpochMilli();
        tx.handle()
                .createUpdate("""
                INSERT INTO safety_task (id, kind, case_id, subject_id, country, authority, due_at, status, created_at)
                VALUES (:id, :kind, :case, :subject, :country, :authority, :due, 'open', :now)
                ON CONFLICT (case_id, kind) DO NOTHING""")
                .bind("id", Ids.next("st", tx.clock()))
                .bind("kind", kind.name())
                .bind("case", caseId)
                .bind("subject", subjectId)
                .bind("country", country.orElse(null))
                .bind("authority", authority)
                .bind("due", now + deadline.toMillis())
                .bind("now", now)
                .execute();
    }

    /** Records that the report was made, with the hotline's or authority's reference. */
    public Task complete(String actor, String taskId, String reference) {
        Check.required("reference", reference);
        Check.text("reference", reference, 200);
        if (reference.isBlank()) {
            throw new FulcrumException.InvalidInput("reference", "must not be blank");
        }
        db.write(tx -> {
            int n = tx.handle()
                    .createUpdate("""
                    UPDATE safety_task SET status = 'done', reference = :ref, completed_at = :now, completed_by = :by
                    WHERE id = :id AND status = 'open'""")
                    .bind("ref", reference)
                    .bind("now", tx.now().toEpochMilli())
                    .bind("by", actor)
                    .bind("id", taskId)
                    .execute();
            if (n == 0) {
                throw new FulcrumException.Conflict("task " + taskId + " does not exist or is already done");
            }
            Audit.record(tx, actor, "safety_task.complete", "task:" + taskId, null, reference);
            return null;
        });
        return db.read(h -> h.createQuery(SELECT + " WHERE id = :id")
                .bind("id", taskId)
                .map((rs, ctx) -> map(rs))
                .one());
    }

    private static final String SELECT = """
            SELECT id, kind, case_id, subject_id, country, authority, due_at, status, reference, created_at,
                   completed_at FROM safety_task""";

    /**
     * What waits to be sent, as the navigation shows it.
     *
     * @param open open tasks
     * @param dueWithinTheHour of them, those due within the hour (every Art. 18 notification) or past due
     * @param overdue of them, those past their deadline
     */
    public record Waiting(long open, long dueWithinTheHour, long overdue) {}

    public Waiting waiting(Instant now) {
        return db.read(h -> h.createQuery("""
                        SELECT COUNT(*) AS open_tasks,
                               COALESCE(SUM(CASE WHEN due_at < :soon THEN 1 ELSE 0 END), 0) AS due_soon,
                               COALESCE(SUM(CASE WHEN due_at < :now THEN 1 ELSE 0 END), 0) AS overdue
                        FROM safety_task WHERE status = 'open'""")
                .bind("now", now.toEpochMilli())
                .bind("soon", now.plus(java.time.Duration.ofHours(1)).toEpochMilli())
                .map((rs, ctx) -> new Waiting(rs.getLong("open_tasks"), rs.getLong("due_soon"), rs.getLong("overdue")))
                .one());
    }

    /** Tasks, open ones first by deadline. */
    public List<Task> list(Optional<String> status, int limit) {
        return db.read(h -> {
            var q = h.createQuery(SELECT
                            + (status.isPresent() ? " WHERE status = :status" : "")
                            + " ORDER BY CASE WHEN status = 'open' THEN 0 ELSE 1 END, due_at LIMIT :limit")
                    .bind("limit", limit);
            status.ifPresent(s -> q.bind("status", s));
            return q.map((rs, ctx) -> map(rs)).list();
        });
    }

    private static Task map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Task(
                rs.getString("id"),
                Kind.valueOf(rs.getString("kind")),
                rs.getString("case_id"),
                rs.getString("subject_id"),
                Columns.optionalString(rs, "country"),
                rs.getString("authority"),
                Columns.instant(rs, "due_at"),
                rs.getString("status"),
                Columns.optionalString(rs, "reference"),
                Columns.instant(rs, "created_at"),
                Columns.optionalInstant(rs, "completed_at"));
    }
}
