package org.fulcrum.server.platform;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers outbox records in order of creation, each until the platform acknowledges it. A failed
 * attempt is retried with exponential backoff and jitter (1 s doubling, capped); nothing is ever
 * dropped, and records that keep failing stay visible to operators. Runs after every commit that
 * enqueues, and every half second in any case, so a restart resumes where it stopped.
 *
 * <p>Each round first claims the due records through {@link OutboxClaims}, so dispatchers of
 * several nodes on one database never send the same record at the same time, and a subject's
 * actions go out strictly in order: the next one only once the previous one was acknowledged.
 * The claimed records are handed to the transport in batches of its {@link Outbox.Transport#batchSize()};
 * a batch is started only while the claim has at least one transport timeout left to run.
 */
public final class OutboxDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);
    private static final int BATCH = 100;

    private final OutboxClaims claims;
    private final Outbox.Transport transport;
    private final Clock clock;
    private final Duration maxBackoff;
    private final Semaphore signal = new Semaphore(0);
    private final AtomicLong deliveredTotal = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    public OutboxDispatcher(OutboxClaims claims, SqlOutbox outbox, Outbox.Transport transport, Clock clock,
                            Duration maxBackoff) {
        if (claims.lease().compareTo(transport.timeout()) <= 0) {
            throw new IllegalArgumentException("the outbox claim lease (" + claims.lease().toSeconds()
                    + " s, outbox.claim.seconds) must be longer than one delivery attempt ("
                    + transport.timeout().toSeconds() + " s)");
        }
        this.claims = claims;
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

    private void loop() {
        while (running) {
            try {
                // A delivery may have made the next action of its subject due: look again at once.
                if (dispatchDue().delivered() == 0) {
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

    /** What one round did. */
    public record Round(int claimed, int delivered, int failed) {
    }

    /** Claims and delivers what is due now. */
    public Round dispatchDue() {
        List<OutboxClaims.Claimed> claimed = claims.claim(BATCH);
        int delivered = 0;
        int failed = 0;
        int size = Math.max(1, transport.batchSize());
        for (int from = 0; from < claimed.size(); from += size) {
            List<OutboxClaims.Claimed> batch = claimed.subList(from, Math.min(claimed.size(), from + size));
            long deadline = clock.millis() + transport.timeout().toMillis();
            if (!running || deadline >= batch.getFirst().claimUntil()) {
                claims.release(claimed.subList(from, claimed.size()));
                break;
            }
            List<OutboxClaims.Attempt> attempts = attempt(batch);
            claims.record(attempts);
            for (OutboxClaims.Attempt a : attempts) {
                if (a.result() instanceof Outbox.Delivery.Delivered) {
                    delivered++;
                } else {
                    failed++;
                }
            }
        }
        deliveredTotal.addAndGet(delivered);
        return new Round(claimed.size(), delivered, failed);
    }

    /** Records this dispatcher delivered since it was built. */
    public long deliveredCount() {
        return deliveredTotal.get();
    }

    private List<OutboxClaims.Attempt> attempt(List<OutboxClaims.Claimed> batch) {
        List<Outbox.Delivery> results;
        try {
            results = transport.deliverAll(batch.stream().map(OutboxClaims.Claimed::envelope).toList());
        } catch (RuntimeException e) {
            Outbox.Delivery failure = new Outbox.Delivery.Failed(null, e.toString());
            results = batch.stream().map(c -> failure).toList();
        }
        if (results.size() != batch.size()) {
            throw new IllegalStateException("the transport answered " + results.size() + " times for "
                    + batch.size() + " records");
        }
        long now = clock.millis();
        List<OutboxClaims.Attempt> attempts = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            OutboxClaims.Claimed c = batch.get(i);
            Outbox.Delivery result = results.get(i);
            long retryAt = now;
            if (result instanceof Outbox.Delivery.Failed failed) {
                long delay = backoffMillis(c.attempts() + 1);
                retryAt = now + delay;
                LOG.atWarn().addKeyValue("actionId", c.actionId()).addKeyValue("attempt", c.attempts() + 1)
                        .addKeyValue("retryInMs", delay).addKeyValue("error", failed.error()).log("delivery failed");
            }
            attempts.add(new OutboxClaims.Attempt(c, result, retryAt));
        }
        return attempts;
    }

    long backoffMillis(int attempt) {
        long base = 1000L << Math.min(attempt - 1, 20);
        long capped = Math.min(base, maxBackoff.toMillis());
        return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
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
        if (!thread.isAlive()) {
            try {
                claims.releaseAll();
            } catch (RuntimeException e) {
                LOG.warn("could not release the outbox claims of node {}; they expire with their lease", claims.node(), e);
            }
        }
    }
}
