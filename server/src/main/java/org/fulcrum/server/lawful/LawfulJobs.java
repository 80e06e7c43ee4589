package org.fulcrum.server.lawful;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background work of the lawful capability: raises an alert on every open request whose clock is
 * nearly run out (before the breach), and forgets nonces whose signatures have expired anyway.
 */
public final class LawfulJobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LawfulJobs.class);

    private final Database db;
    private final Clock clock;
    private final LawfulSettings settings;
    private final SignedRequests signatures;
    private final LawfulMetrics metrics;
    private ScheduledExecutorService executor;

    LawfulJobs(Database db, Clock clock, LawfulSettings settings, SignedRequests signatures, LawfulMetrics metrics) {
        this.db = db;
        this.clock = clock;
        this.settings = settings;
        this.signatures = signatures;
        this.metrics = metrics;
    }

    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("fulcrum-lawful-jobs")
                .daemon(true).factory());
        executor.scheduleWithFixedDelay(this::runSafely, settings.jobIntervalSeconds(), settings.jobIntervalSeconds(),
                TimeUnit.SECONDS);
    }

    private void runSafely() {
        try {
            alerts();
            db.write(signatures::purgeNonces);
        } catch (RuntimeException e) {
            LOG.warn("lawful jobs failed; they run again at the next interval", e);
        }
    }

    /** Alerts on open, running clocks with at most the configured share left; returns how many. */
    public int alerts() {
        long now = clock.millis();
        record Running(String id, long received, long deadline, long paused) {
        }
        List<Running> running = db.read(h -> h.createQuery("""
                        SELECT id, received_at, deadline_at, paused_millis FROM lawful_request
                        WHERE status NOT IN ('completed', 'refused', 'withdrawn') AND paused_at IS NULL AND alerted_at IS NULL""")
                .map((rs, ctx) -> new Running(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).list());
        int raised = 0;
        for (Running c : running) {
            long length = c.deadline() - c.received() - c.paused();
            long remaining = c.deadline() - now;
            if (remaining <= length * settings.alertWhenRemaining()) {
                raised += db.write(tx -> {
                    int n = tx.handle().createUpdate("UPDATE lawful_request SET alerted_at = :now WHERE id = :id "
                            + "AND alerted_at IS NULL").bind("now", now).bind("id", c.id()).execute();
                    if (n > 0) {
                        Audit.record(tx, "system", remaining < 0 ? "clock.breached" : "clock.alert",
                                "request:" + c.id(), null, (remaining / 1000) + " s left");
                        tx.afterCommit(metrics::alert);
                    }
                    return n;
                });
            }
        }
        return raised;
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }
}
