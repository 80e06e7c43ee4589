package org.fulcrum.server.review;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.jdbi.v3.core.Handle;

/**
 * Queues and routing rules. Routing reads a snapshot of the rules kept in memory, because every
 * notice is routed; the snapshot is replaced after each change here and refreshed every few
 * seconds, so other nodes see changes soon after.
 */
public final class Queues {
    private static final long REFRESH_MILLIS = 10_000;

    private final Database db;
    private final Clock clock;
    private volatile Snapshot snapshot;

    public Queues(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    private record Snapshot(List<Queue> queues, List<RoutingRule> rules, long loadedAt) {}

    private Snapshot snapshot() {
        Snapshot s = snapshot;
        if (s == null || clock.millis() - s.loadedAt() > REFRESH_MILLIS) {
            s = db.read(h -> new Snapshot(queues(h), rules(h), clock.millis()));
            snapshot = s;
        }
        return s;
    }

    private void invalidate() {
        snapshot = null;
    }

    /**
     * The queue a case with these facts goes to: the first matching rule's (a catch-all rule is
     * installed last), else, if an admin removed it, the first queue.
     */
    public Queue route(RoutingRule.Facts facts) {
        Snapshot s = snapshot();
        for (RoutingRule r : s.rules()) {
            if (r.matches(facts)) {
                Optional<Queue> q = s.queues().stream()
                        .filter(x -> x.id().equals(r.queueId()))
                        .findFirst();
                if (q.isPresent()) {
                    return q.get();
                }
            }
        }
        return s.queues().getFirst();
    }

    public List<Queue> list() {
        return snapshot().queues();
    }

    public List<RoutingRule> rules() {
        return snapshot().rules();
    }

    /**
     * What waits in the queues as the navigation shows it.
     *
     * @param unclaimed open cases nobody is working on
     * @param atRisk open cases with less than a quarter of their SLA left, or past it
     * @param pastSla open cases past their SLA, whoever works on them
     */
    public record Waiting(long unclaimed, long atRisk, long pastSla) {}

    public Waiting waiting() {
        long now = clock.millis();
        return db.read(h -> h.createQuery("""
                        SELECT COALESCE(SUM(CASE WHEN c.assigned_to IS NULL OR c.claim_expires_at <= :now
                                            THEN 1 ELSE 0 END), 0) AS unclaimed,
                               COALESCE(SUM(CASE WHEN (c.due_at - :now) * 4 < q.sla_minutes * 60000
                                            THEN 1 ELSE 0 END), 0) AS at_risk,
                               COALESCE(SUM(CASE WHEN c.due_at < :now THEN 1 ELSE 0 END), 0) AS past_sla
                        FROM review_case c JOIN review_queue q ON q.id = c.queue_id
                        WHERE c.status = 'open'""")
                .bind("now", now)
                .map((rs, ctx) -> new Waiting(rs.getLong("unclaimed"), rs.getLong("at_risk"), rs.getLong("past_sla")))
                .one());
    }

    public Queue require(String id) {
        return list().stream()
                .filter(q -> q.id().equals(id))
                .findFirst()
                .orElseGet(() -> db.read(h -> queues(h)).stream()
                        .filter(q -> q.id().equals(id))
                        .findFirst()
                        .orElseThrow(() -> new FulcrumException.NotFound("queue " + id)));
    }

    public Queue create(String actor, Queue.Draft d) {
        String id = Ids.next("q", clock);
        db.write(tx -> {
            if (tx.handle()
                            .createQuery("SELECT COUNT(*) FROM review_queue WHERE name = :n")
                            .bind("n", d.name())
                            .mapTo(Integer.class)
                            .one()
                    > 0) {
                throw new FulcrumException.Conflict("a queue named " + d.name() + " exists");
            }
            tx.handle()
                    .createUpdate("""
                    INSERT INTO review_queue (id, name, description, sla_minutes, position, created_at)
                    VALUES (:id, :name, :d, :sla, :pos, :now)""")
                    .bind("id", id)
                    .bind("name", d.name())
                    .bind("d", d.description().orElse(""))
                    .bind("sla", d.slaMinutes())
                    .bind("pos", d.position())
                    .bind("now", tx.now().toEpochMilli())
                    .execute();
            Audit.record(tx, actor, "queue.create", "queue:" + id, null, d.name() + " sla " + d.slaMinutes() + " min");
            return null;
        });
        invalidate();
        return require(id);
    }

    public RoutingRule addRule(String actor, RoutingRule.Draft d) {
        require(d.queueId());
        String id = Ids.next("rr", clock);
        db.write(tx -> {
            tx.handle()
                    .createUpdate("""
                    INSERT INTO routing_rule (id, position, queue_id, reason, category, source, subject_kind, language,
                                              country, created_at)
                    VALUES (:id, :pos, :q, :reason, :category, :source, :kind, :lang, :country, :now)""")
                    .bind("id", id)
                    .bind("pos", d.position())
                    .bind("q", d.queueId())
                    .bind("reason", d.reason().map(Enum::name).orElse(null))
                    .bind("category", d.category().map(Enum::name).orElse(null))
                    .bind("source", d.source().map(Enum::name).orElse(null))
                    .bind("kind", d.subjectKind().map(Enum::name).orElse(null))
                    .bind("lang", d.language().orElse(null))
                    .bind("country", d.country().orElse(null))
                    .bind("now", tx.now().toEpochMilli())
                    .execute();
            Audit.record(tx, actor, "routing.add", "rule:" + id, null, "to " + d.queueId());
            return null;
        });
        invalidate();
        return rules().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    public void removeRule(String actor, String id) {
        db.write(tx -> {
            if (tx.handle()
                            .createUpdate("DELETE FROM routing_rule WHERE id = :id")
                            .bind("id", id)
                            .execute()
                    == 0) {
                throw new FulcrumException.NotFound("routing rule " + id);
            }
            Audit.record(tx, actor, "routing.remove", "rule:" + id, null, null);
            return null;
        });
        invalidate();
    }

    /** Figures for every queue. */
    public List<Queue.Stats> stats() {
        long now = clock.millis();
        long since = now - Duration.ofDays(30).toMillis();
        return db.read(h -> {
            Map<String, long[]> open = new HashMap<>();
            h.createQuery("""
                            SELECT queue_id, COUNT(*) AS open_cases,
                                   COALESCE(SUM(CASE WHEN assigned_to IS NOT NULL AND claim_expires_at > :now THEN 1 ELSE 0 END), 0)
                                     AS claimed,
                                   COALESCE(SUM(CASE WHEN due_at < :now THEN 1 ELSE 0 END), 0) AS overdue,
                                   MIN(first_notice_at) AS oldest_notice_at
                            FROM review_case WHERE status = 'open' GROUP BY queue_id""")
                    .bind("now", now)
                    .map((rs, ctx) -> open.put(rs.getString("queue_id"), new long[] {
                        rs.getLong("open_cases"),
                        rs.getLong("claimed"),
                        rs.getLong("overdue"),
                        rs.getLong("oldest_notice_at")
                    }))
                    .list();
            Map<String, Long> breaches = new HashMap<>();
            h.createQuery("""
                            SELECT queue_id, COUNT(*) AS breaches FROM review_case
                            WHERE sla_breached_at IS NOT NULL AND sla_breached_at >= :since GROUP BY queue_id""")
                    .bind("since", since)
                    .map((rs, ctx) -> breaches.put(rs.getString("queue_id"), rs.getLong("breaches")))
                    .list();
            List<Queue.Stats> out = new ArrayList<>();
            for (Queue q : queues(h)) {
                List<Long> handling = h.createQuery("""
                                SELECT decided_at - first_notice_at FROM review_case
                                WHERE queue_id = :q AND status = 'decided' AND decided_at >= :since
                                ORDER BY decided_at DESC LIMIT 2000""")
                        .bind("q", q.id())
                        .bind("since", since)
                        .mapTo(Long.class)
                        .list();
                long[] o = open.getOrDefault(q.id(), new long[] {0, 0, 0, 0});
                out.add(new Queue.Stats(
                        q,
                        o[0],
                        o[1],
                        o[2],
                        breaches.getOrDefault(q.id(), 0L),
                        median(handling).map(ms -> ms / 60_000.0),
                        handling.size(),
                        o[0] == 0 ? Optional.empty() : Optional.of((now - o[3]) / 60_000)));
            }
            return out;
        });
    }

    static Optional<Double> median(List<Long> values) {
        if (values.isEmpty()) {
            return Optional.empty();
        }
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return Optional.of(n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0);
    }

    private static List<Queue> queues(Handle h) {
        return h.createQuery(
                        "SELECT id, name, description, sla_minutes, position FROM review_queue ORDER BY position, name")
                .map((rs, ctx) -> new Queue(
                        rs.getString("id"),
                        rs.getString("name"),
                        rs.getString("description"),
                        rs.getInt("sla_minutes"),
                        rs.getInt("position")))
                .list();
    }

    private static List<RoutingRule> rules(Handle h) {
        return h.createQuery("""
                        SELECT id, position, queue_id, reason, category, source, subject_kind, language, country
                        FROM routing_rule ORDER BY position, id""")
                .map((rs, ctx) -> new RoutingRule(
                        rs.getString("id"),
                        rs.getInt("position"),
                        rs.getString("queue_id"),
                        Columns.optionalString(rs, "reason").map(Reason::valueOf),
                        Columns.optionalString(rs, "category").map(DsaCategory::valueOf),
                        Columns.optionalString(rs, "source").map(Source::valueOf),
                        Columns.optionalString(rs, "subject_kind").map(SubjectKind::valueOf),
                        Columns.optionalString(rs, "language"),
                        Columns.optionalString(rs, "country")))
                .list();
    }
}
