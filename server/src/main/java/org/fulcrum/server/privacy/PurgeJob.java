package org.fulcrum.server.privacy;

import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.jobs.Job;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;
import org.fulcrum.server.transparency.EntryKind;
import org.fulcrum.server.transparency.LogEntry;
import org.fulcrum.server.transparency.TransparencyLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what has expired, class by class, in batches; the tables of each class are those the table
 * registry keeps under it. Each batch is one transaction that deletes
 * the rows and appends a purge entry to the transparency log (class, counts, rule) and a purge
 * record, so nothing is ever purged without its entry, and a run cut short by a stop or a crash
 * leaves consistent state: the next run (soon after a start, then every interval) carries on where
 * it ended. On a schedule it is a singleton job, run by one node of a cluster at a time; a run
 * started by hand may overlap it, and each counts only the rows it actually deleted.
 */
public final class PurgeJob {
    private static final Logger LOG = LoggerFactory.getLogger(PurgeJob.class);
    private static final Duration FIRST_RUN = Duration.ofMinutes(5);

    private final Database db;
    private final Json json;
    private final Clock clock;
    private final RetentionSettings settings;
    private final TransparencyLog log;
    private final String node;
    private final TableRegistry registry;

    public PurgeJob(
            Database db,
            Clock clock,
            RetentionSettings settings,
            TransparencyLog log,
            String node,
            TableRegistry registry,
            Json json) {
        this.json = json;
        Purges.check(registry);
        this.registry = registry;
        this.db = db;
        this.clock = clock;
        this.settings = settings;
        this.log = log;
        this.node = node;
    }

    /** The scheduled purge: a few minutes after the start, then every {@code purge_interval_minutes}. */
    public Job job() {
        Duration every = Duration.ofMinutes(settings.file().purgeIntervalMinutes());
        // The first run comes soon after a start, so a restart catches up without waiting a full interval.
        return Job.singleton("privacy.purge", every, () -> run("system"))
                .firstAfter(every.compareTo(FIRST_RUN) < 0 ? every : FIRST_RUN);
    }

    /** One run over every class; answers what it purged, batch by batch. */
    public synchronized List<PurgeRecord> run(String actor) {
        Instant now = clock.instant();
        String runId = Ids.next("pr", clock);
        db.write(tx -> tx.handle()
                .createUpdate("""
                INSERT INTO purge_run (id, node, actor, started_at) VALUES (:id, :node, :actor, :now)""")
                .bind("id", runId)
                .bind("node", node)
                .bind("actor", actor)
                .bind("now", now.toEpochMilli())
                .execute());
        List<PurgeRecord> records = new ArrayList<>();
        int batchSize = settings.file().purgeBatchSize();
        for (RetentionRule rule : settings.rules()) {
            Purges.Batch batch = new Purges.Batch(now, Retention.cutoff(now, rule.period()), batchSize);
            for (int i = 0; i < settings.file().purgeMaxBatches(); i++) {
                PurgeRecord r = db.write(tx -> batch(tx, runId, rule, batch));
                if (r == null) {
                    break;
                }
                records.add(r);
                if (r.stores().values().stream().allMatch(n -> n < batchSize)) {
                    break;
                }
            }
        }
        long purged = records.stream().mapToLong(PurgeRecord::purged).sum();
        db.write(tx -> tx.handle()
                .createUpdate("UPDATE purge_run SET finished_at = :at, purged = :n WHERE id = :id")
                .bind("at", clock.millis())
                .bind("n", purged)
                .bind("id", runId)
                .execute());
        if (purged > 0) {
            LOG.atInfo()
                    .addKeyValue("purged", purged)
                    .addKeyValue("batches", records.size())
                    .log("purge run");
        }
        return records;
    }

    private PurgeRecord batch(Tx tx, String runId, RetentionRule rule, Purges.Batch b) {
        Map<String, Integer> stores = Purges.purge(tx.handle(), registry, rule.dataClass(), b);
        long purged = stores.values().stream().mapToLong(Integer::longValue).sum();
        if (purged == 0) {
            return null;
        }
        Map<String, Object> pub = new LinkedHashMap<>();
        pub.put("class", rule.dataClass().name());
        pub.put("count", purged);
        pub.put("stores", new TreeMap<>(stores));
        pub.put("period", rule.period().toString());
        pub.put("rule", rule.describe());
        long index = log.append(
                tx,
                LogEntry.of(
                        EntryKind.purge,
                        tx.now(),
                        null,
                        null,
                        "purged",
                        pub,
                        Map.of("run", runId, "cutoff", b.cutoff().toString()),
                        null));
        String id = Ids.next("pg", clock);
        tx.handle()
                .createUpdate("""
                INSERT INTO purge_record (id, run_id, data_class, rule, purged, stores, cutoff, log_index, at)
                VALUES (:id, :run, :class, :rule, :purged, :stores, :cutoff, :idx, :at)""")
                .bind("id", id)
                .bind("run", runId)
                .bind("class", rule.dataClass().name())
                .bind("rule", rule.describe())
                .bind("purged", purged)
                .bind("stores", json.write(stores))
                .bind("cutoff", b.cutoffMillis())
                .bind("idx", index)
                .bind("at", tx.now().toEpochMilli())
                .execute();
        return new PurgeRecord(
                id, runId, rule.dataClass(), rule.describe(), purged, stores, b.cutoff(), index, tx.now());
    }

    /** The latest purged batches, newest first. */
    public List<PurgeRecord> recent(int limit) {
        return db.read(h -> h.createQuery("""
                        SELECT id, run_id, data_class, rule, purged, stores, cutoff, log_index, at FROM purge_record
                        ORDER BY at DESC, id DESC LIMIT :limit""")
                .bind("limit", limit)
                .map((rs, ctx) -> new PurgeRecord(
                        rs.getString("id"),
                        rs.getString("run_id"),
                        DataClass.valueOf(rs.getString("data_class")),
                        rs.getString("rule"),
                        rs.getLong("purged"),
                        stores(rs.getString("stores")),
                        Instant.ofEpochMilli(rs.getLong("cutoff")),
                        rs.getLong("log_index"),
                        Instant.ofEpochMilli(rs.getLong("at"))))
                .list());
    }

    /**
     * A purge run: when, where, by whom, and how much; a run with no end was cut short.
     *
     * @param id the run's id
     * @param node the node that ran it
     * @param actor who started it ("system" for the schedule)
     * @param startedAt when it started
     * @param finishedAt when it finished, if it did
     * @param purged rows purged in all
     */
    public record Run(
            String id,
            String node,
            String actor,
            Instant startedAt,
            java.util.Optional<Instant> finishedAt,
            long purged) {}

    public List<Run> runs(int limit) {
        return db.read(h -> h.createQuery("""
                        SELECT id, node, actor, started_at, finished_at, purged FROM purge_run
                        ORDER BY started_at DESC, id DESC LIMIT :limit""")
                .bind("limit", limit)
                .map((rs, ctx) -> new Run(
                        rs.getString("id"),
                        rs.getString("node"),
                        rs.getString("actor"),
                        Instant.ofEpochMilli(rs.getLong("started_at")),
                        Columns.optionalInstant(rs, "finished_at"),
                        rs.getLong("purged")))
                .list());
    }

    private Map<String, Integer> stores(String stored) {
        try {
            return json.read(stored, new TypeReference<LinkedHashMap<String, Integer>>() {});
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored purge counts are unreadable", e);
        }
    }
}
