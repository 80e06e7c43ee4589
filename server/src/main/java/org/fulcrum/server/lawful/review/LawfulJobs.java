package org.fulcrum.server.lawful.review;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.jobs.Job;
import org.fulcrum.server.lawful.disclosure.UserNotices;
import org.fulcrum.server.lawful.request.LawfulMetrics;
import org.fulcrum.server.lawful.request.LawfulSettings;
import org.fulcrum.server.lawful.signature.SignedRequests;
import org.fulcrum.server.platform.Outbox;
import org.fulcrum.server.store.Database;

/**
 * Background work of the lawful capability: raises an alert on every open request whose clock is
 * nearly run out (before the breach), and forgets nonces whose signatures have expired anyway.
 */
public final class LawfulJobs {
    private final Database db;
    private final Clock clock;
    private final LawfulSettings settings;
    private final SignedRequests signatures;
    private final LawfulMetrics metrics;
    private final Outbox outbox;

    public LawfulJobs(
            Database db,
            Clock clock,
            LawfulSettings settings,
            SignedRequests signatures,
            LawfulMetrics metrics,
            Outbox outbox) {
        this.outbox = outbox;
        this.db = db;
        this.clock = clock;
        this.settings = settings;
        this.signatures = signatures;
        this.metrics = metrics;
    }

    /** Pushes the user notices whose gag has expired through the outbox; returns how many. */
    public int pushNotices() {
        return db.write(tx -> UserNotices.push(tx, outbox));
    }

    /** Clock alerts, nonce expiry and notices released by an expired gag, as one singleton job, every {@code job_interval_seconds}. */
    public Job job() {
        return Job.singleton("lawful.clocks", Duration.ofSeconds(settings.jobIntervalSeconds()), () -> {
            alerts();
            db.write(signatures::purgeNonces);
            pushNotices();
        });
    }

    /** Alerts on open, running clocks with at most the configured share left; returns how many. */
    public int alerts() {
        long now = clock.millis();
        record Running(String id, long received, long deadline, long paused) {}
        List<Running> running = db.read(h -> h.createQuery("""
                        SELECT id, received_at, deadline_at, paused_millis FROM lawful_request
                        WHERE status NOT IN ('completed', 'refused', 'withdrawn') AND paused_at IS NULL AND alerted_at IS NULL""")
                .map((rs, ctx) -> new Running(
                        rs.getString("id"),
                        rs.getLong("received_at"),
                        rs.getLong("deadline_at"),
                        rs.getLong("paused_millis")))
                .list());
        int raised = 0;
        for (Running c : running) {
            long length = c.deadline() - c.received() - c.paused();
            long remaining = c.deadline() - now;
            if (remaining <= length * settings.alertWhenRemaining()) {
                raised += db.write(tx -> {
                    int n = tx.handle()
                            .createUpdate("UPDATE lawful_request SET alerted_at = :now WHERE id = :id "
                                    + "AND alerted_at IS NULL")
                            .bind("now", now)
                            .bind("id", c.id())
                            .execute();
                    if (n > 0) {
                        Audit.record(
                                tx,
                                "system",
                                remaining < 0 ? "clock.breached" : "clock.alert",
                                "request:" + c.id(),
                                null,
                                (remaining / 1000) + " s left");
                        tx.afterCommit(metrics::alert);
                    }
                    return n;
                });
            }
        }
        return raised;
    }
}
