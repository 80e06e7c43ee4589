package org.fulcrum.server.review;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.jobs.Job;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches SLA deadlines: every open case past its queue's deadline is marked breached once, and an
 * alert is raised for team leads (listed in the console and the API until acknowledged, and
 * logged). Scans as a singleton job, at start and then every interval; tests call {@link #scan()}
 * with their own clock.
 */
public final class SlaMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(SlaMonitor.class);
    private static final int BATCH = 1_000;

    private final Database db;
    private final Clock clock;
    private final Duration every;

    public SlaMonitor(Database db, Clock clock, Duration every) {
        this.db = db;
        this.clock = clock;
        this.every = every;
    }

    /**
     * An SLA alert.
     *
     * @param id the alert id
     * @param caseId the case past its deadline
     * @param queueId its queue
     * @param createdAt when the breach was noticed
     * @param acknowledgedAt when a lead acknowledged it
     */
    public record Alert(
            String id, String caseId, String queueId, Instant createdAt, Optional<Instant> acknowledgedAt) {}

    /** The scan as a job: on one node of a cluster, at start and then every interval. */
    public Job job() {
        return Job.singleton("review.sla", every, this::scan).firstAfter(Duration.ZERO);
    }

    /** Marks newly breached cases and raises their alerts; returns how many. */
    public int scan() {
        long now = clock.millis();
        return db.write(tx -> {
            List<String[]> due = tx.handle()
                    .createQuery("""
                            SELECT id, queue_id FROM review_case
                            WHERE status = 'open' AND due_at < :now AND sla_breached_at IS NULL
                            ORDER BY due_at LIMIT :limit""")
                    .bind("now", now)
                    .bind("limit", BATCH)
                    .map((rs, ctx) -> new String[] {rs.getString("id"), rs.getString("queue_id")})
                    .list();
            for (String[] c : due) {
                tx.handle()
                        .createUpdate("UPDATE review_case SET sla_breached_at = :now WHERE id = :id")
                        .bind("now", now)
                        .bind("id", c[0])
                        .execute();
                tx.handle()
                        .createUpdate("""
                        INSERT INTO review_alert (id, kind, case_id, queue_id, created_at)
                        VALUES (:id, 'sla_breach', :case, :queue, :now) ON CONFLICT (case_id, kind) DO NOTHING""")
                        .bind("id", Ids.next("al", clock))
                        .bind("case", c[0])
                        .bind("queue", c[1])
                        .bind("now", now)
                        .execute();
                LOG.atWarn()
                        .addKeyValue("caseId", c[0])
                        .addKeyValue("queueId", c[1])
                        .log("SLA breached");
            }
            return due.size();
        });
    }

    /** Alerts not yet acknowledged, oldest first. */
    public List<Alert> open(int limit) {
        return db.read(h -> h.createQuery("""
                        SELECT id, case_id, queue_id, created_at FROM review_alert WHERE acknowledged_at IS NULL
                        ORDER BY created_at, id LIMIT :limit""")
                .bind("limit", limit)
                .map((rs, ctx) -> new Alert(
                        rs.getString("id"),
                        rs.getString("case_id"),
                        rs.getString("queue_id"),
                        Columns.instant(rs, "created_at"),
                        Optional.empty()))
                .list());
    }

    public void acknowledge(String actor, String alertId) {
        db.write(tx -> {
            int n = tx.handle()
                    .createUpdate("""
                    UPDATE review_alert SET acknowledged_at = :now WHERE id = :id AND acknowledged_at IS NULL""")
                    .bind("now", tx.now().toEpochMilli())
                    .bind("id", alertId)
                    .execute();
            if (n == 0) {
                throw new FulcrumException.NotFound("open alert " + alertId);
            }
            Audit.record(tx, actor, "alert.acknowledge", "alert:" + alertId, null, null);
            return null;
        });
    }
}
