package org.fulcrum.server.platform;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.fulcrum.server.jobs.Job;
import org.fulcrum.server.jobs.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers outbox records in order of creation, each until the platform acknowledges it. A failed
 * attempt is retried with exponential backoff and jitter (1 s doubling, capped); nothing is ever
 * dropped, and records that keep failing stay visible to operators. Runs as jobs of every node,
 * woken by every commit that enqueues, and every half second in any case, so a restart resumes
 * where it stopped.
 *
 * <p>Each round claims up to {@link #ROUND} due records through {@link OutboxClaims} (so dispatchers
 * of several nodes on one database never send the same record at the same time), hands them to the
 * transport in batches of its {@link Outbox.Transport#batchSize()}, up to {@code concurrency}
 * batches in flight, and writes every outcome of the round in one transaction. A claim holds only
 * the oldest undelivered record of each subject, so the records in flight are all of distinct
 * subjects and a subject's next record is claimed only once the one before was acknowledged: per
 * subject, order is kept however many requests are in flight. Two rounds run side by side (two
 * jobs), so one round's claim and outcome writes overlap the other's deliveries; a job whose round
 * was full or delivered something runs again at once.
 *
 * <p>A batch is started only while its claim has at least one transport timeout left to run; the
 * others are released unsent, for the next round.
 */
public final class OutboxDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);
    /** The most records one round claims. */
    static final int ROUND = 1_000;
    /** Rounds in progress at once. */
    private static final int LANES = 2;
    /** How often an idle dispatcher looks for due records that no commit woke it for (retries, take-overs). */
    static final Duration POLL = Duration.ofMillis(500);
    /** Requests in flight when nothing else is configured. */
    public static final int DEFAULT_CONCURRENCY = 64;

    private final OutboxClaims claims;
    private final Outbox.Transport transport;
    private final Clock clock;
    private final Duration maxBackoff;
    private final Semaphore inFlight;
    private final int round;
    private final AtomicLong deliveredTotal = new AtomicLong();
    private final List<Scheduler.Scheduled> lanes = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    public OutboxDispatcher(
            OutboxClaims claims, SqlOutbox outbox, Outbox.Transport transport, Clock clock, Duration maxBackoff) {
        this(claims, outbox, transport, clock, maxBackoff, DEFAULT_CONCURRENCY);
    }

    /**
     * @param concurrency the most transport batches in flight at once ({@code outbox.concurrency})
     */
    public OutboxDispatcher(
            OutboxClaims claims,
            SqlOutbox outbox,
            Outbox.Transport transport,
            Clock clock,
            Duration maxBackoff,
            int concurrency) {
        if (claims.lease().compareTo(transport.timeout()) <= 0) {
            throw new IllegalArgumentException(
                    "the outbox claim lease (" + claims.lease().toSeconds()
                            + " s, outbox.claim.seconds) must be longer than one delivery attempt ("
                            + transport.timeout().toSeconds() + " s)");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("outbox.concurrency must be at least 1");
        }
        this.claims = claims;
        this.transport = transport;
        this.clock = clock;
        this.maxBackoff = maxBackoff;
        this.inFlight = new Semaphore(concurrency);
        // A round of a few waves keeps every request slot busy without claiming far ahead.
        this.round = Math.min(ROUND, Math.max(10, concurrency * Math.max(1, transport.batchSize()) * 4));
        outbox.onEnqueue(this::wake);
    }

    /** Adds the dispatch rounds, every node's jobs: each node delivers what it claims. */
    public void schedule(Scheduler scheduler) {
        for (int i = 0; i < LANES; i++) {
            lanes.add(scheduler.add(new Job(
                    "outbox.dispatch." + i, POLL, Duration.ZERO, Job.Scope.PER_NODE, Duration.ZERO, this::lane)));
        }
    }

    public void wake() {
        lanes.forEach(Scheduler.Scheduled::wake);
    }

    /** One round; true when more may be waiting (a full round, or a delivery that made a subject's next record due). */
    private boolean lane() {
        if (!running) {
            return false;
        }
        Round r = dispatchDue();
        return r.claimed() >= round || r.delivered() > 0;
    }

    /** What one round did; {@code failed} counts attempts that failed, not records left unsent. */
    public record Round(int claimed, int delivered, int failed) {}

    /** Claims and delivers what is due now, then records every outcome in one write. */
    public Round dispatchDue() {
        List<OutboxClaims.Claimed> claimed = claims.claim(round);
        if (claimed.isEmpty()) {
            return new Round(0, 0, 0);
        }
        int size = Math.max(1, transport.batchSize());
        List<Future<List<OutboxClaims.Attempt>>> sends = new ArrayList<>();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int from = 0; from < claimed.size(); from += size) {
                List<OutboxClaims.Claimed> batch = claimed.subList(from, Math.min(claimed.size(), from + size));
                sends.add(senders.submit(() -> send(batch)));
            }
        }
        List<OutboxClaims.Attempt> attempts = new ArrayList<>(claimed.size());
        for (Future<List<OutboxClaims.Attempt>> f : sends) {
            attempts.addAll(f.resultNow());
        }
        claims.record(attempts);
        int delivered = 0;
        int failed = 0;
        for (OutboxClaims.Attempt a : attempts) {
            switch (a.result()) {
                case Outbox.Delivery.Delivered ok -> delivered++;
                case Outbox.Delivery.Failed f -> failed++;
                case Outbox.Delivery.NotAttempted n -> {}
            }
        }
        deliveredTotal.addAndGet(delivered);
        return new Round(claimed.size(), delivered, failed);
    }

    private List<OutboxClaims.Attempt> send(List<OutboxClaims.Claimed> batch) {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return notAttempted(batch);
        }
        try {
            long deadline = clock.millis() + transport.timeout().toMillis();
            if (!running || deadline >= batch.getFirst().claimUntil()) {
                return notAttempted(batch);
            }
            return attempt(batch);
        } finally {
            inFlight.release();
        }
    }

    private static List<OutboxClaims.Attempt> notAttempted(List<OutboxClaims.Claimed> batch) {
        return batch.stream()
                .map(c -> new OutboxClaims.Attempt(c, new Outbox.Delivery.NotAttempted(), 0))
                .toList();
    }

    /** Records this dispatcher delivered since it was built. */
    public long deliveredCount() {
        return deliveredTotal.get();
    }

    private List<OutboxClaims.Attempt> attempt(List<OutboxClaims.Claimed> batch) {
        List<Outbox.Delivery> results;
        try {
            results = transport.deliverAll(
                    batch.stream().map(OutboxClaims.Claimed::envelope).toList());
        } catch (RuntimeException e) {
            Outbox.Delivery failure = new Outbox.Delivery.Failed(null, e.toString());
            results = batch.stream().map(c -> failure).toList();
        }
        if (results.size() != batch.size()) {
            throw new IllegalStateException(
                    "the transport answered " + results.size() + " times for " + batch.size() + " records");
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
                LOG.atWarn()
                        .addKeyValue("actionId", c.actionId())
                        .addKeyValue("attempt", c.attempts() + 1)
                        .addKeyValue("retryInMs", delay)
                        .addKeyValue("error", failed.error())
                        .log("delivery failed");
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

    @Override
    public void close() {
        running = false;
        boolean stopped = true;
        for (Scheduler.Scheduled lane : lanes) {
            stopped &= lane.cancel();
        }
        if (stopped) {
            try {
                claims.releaseAll();
            } catch (RuntimeException e) {
                LOG.warn(
                        "could not release the outbox claims of node {}; they expire with their lease",
                        claims.node(),
                        e);
            }
        }
    }
}
