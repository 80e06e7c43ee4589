package org.fulcrum.server.platform;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.fulcrum.server.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers outbox records in order of creation, each until the platform acknowledges it. A failed
 * attempt is retried with exponential backoff and jitter (1 s doubling, capped); nothing is ever
 * dropped, and records that keep failing stay visible to operators. Runs after every commit that
 * enqueues, and every half second in any case, so a restart resumes where it stopped.
 */
public final class OutboxDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);
    private static final int BATCH = 100;

    private final Database db;
    private final Outbox.Transport transport;
    private final Clock clock;
    private final Duration maxBackoff;
    private final Semaphore signal = new Semaphore(0);
    private final Thread thread;
    private volatile boolean running = true;

    public OutboxDispatcher(Database db, SqlOutbox outbox, Outbox.Transport transport, Clock clock, Duration maxBackoff) {
        this.db = db;
        this.transport = transport;
        this.clock = clock;
        this.maxBackoff = maxBackoff;
        outbox.onEnqueue(this::wake);
        this.thread = Thread.ofVirtual().name("fulcrum-outbox").unstarted(this::loop);
    }

    public OutboxDispatcher start() {
        thread.start();
        return this;
    }

    public void wake() {
        signal.release();
    }

    private record Due(String actionId, String payload, int attempts) {
    }

    private void loop() {
        while (running) {
            try {
                int handled = dispatchDue();
                if (handled < BATCH) {
                    signal.tryAcquire(500, TimeUnit.MILLISECONDS);
                    signal.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("outbox dispatch round failed", e);
                sleepQuietly();
            }
        }
    }

    /** Delivers what is due now; returns how many records were attempted. */
    public int dispatchDue() {
        long now = clock.millis();
        List<Due> due = db.read(h -> h.createQuery("""
                        SELECT action_id, payload, attempts FROM outbox
                        WHERE delivered_at IS NULL AND next_attempt_at <= :now
                        ORDER BY created_at, action_id LIMIT :limit""")
                .bind("now", now).bind("limit", BATCH)
                .map((rs, ctx) -> new Due(rs.getString(1), rs.getString(2), rs.getInt(3))).list());
        for (Due d : due) {
            if (!running) {
                break;
            }
            Outbox.Delivery result;
            try {
                result = transport.deliver(d.actionId(), d.payload());
            } catch (RuntimeException e) {
                result = new Outbox.Delivery.Failed(null, e.toString());
            }
            record(d, result);
        }
        return due.size();
    }

    private void record(Due d, Outbox.Delivery result) {
        long now = clock.millis();
        switch (result) {
            case Outbox.Delivery.Delivered ok -> db.write(tx -> tx.handle().createUpdate("""
                            UPDATE outbox SET delivered_at = :now, attempts = attempts + 1, last_status = :status,
                              last_error = NULL WHERE action_id = :id""")
                    .bind("now", now).bind("status", ok.status()).bind("id", d.actionId()).execute());
            case Outbox.Delivery.Failed failed -> {
                long delay = backoffMillis(d.attempts() + 1);
                LOG.atWarn().addKeyValue("actionId", d.actionId()).addKeyValue("attempt", d.attempts() + 1)
                        .addKeyValue("retryInMs", delay).addKeyValue("error", failed.error()).log("delivery failed");
                db.write(tx -> tx.handle().createUpdate("""
                                UPDATE outbox SET attempts = attempts + 1, next_attempt_at = :next, last_status = :status,
                                  last_error = :error WHERE action_id = :id""")
                        .bind("next", now + delay).bind("status", failed.status())
                        .bind("error", truncate(failed.error())).bind("id", d.actionId()).execute());
            }
        }
    }

    long backoffMillis(int attempt) {
        long base = 1000L << Math.min(attempt - 1, 20);
        long capped = Math.min(base, maxBackoff.toMillis());
        return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 500);
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        signal.release();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
