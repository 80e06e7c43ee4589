package org.fulcrum.server.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every periodic job of a node. On real time a single driver thread starts each job when it
 * falls due, on a virtual thread of its own, and never starts a job again while a run of it is in
 * progress; the next run comes one period after the end of the last, or at once when a run answers
 * that more is waiting or the job is woken. On a manual time nothing runs by itself: moving the
 * time runs what fell due, in the caller's thread and in order of due time.
 *
 * <p>A singleton job runs only on the node holding its lease. Every node renews its leases and
 * tries to take the expired ones every {@link Leases#RENEW_EVERY}; a lease lasts
 * {@link Leases#LEASE}, so when the holder dies another node holds the lease at most
 * {@code LEASE + RENEW_EVERY} (13 s) after the dead node's last renewal, and runs a job that was
 * due at once. A holder starts runs only within {@link Leases#TRUSTED_FOR} of its last renewal,
 * so two nodes never start the same singleton job at once while their clocks agree to within that
 * margin. Closing the scheduler gives up the leases, so a node that stops in order hands its
 * singleton jobs over at the others' next renewal.
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    private static final String LEASES = "job.leases";
    private static final long STOP_WAIT_NANOS = Duration.ofSeconds(5).toNanos();
    /** A manual time's runs at one instant stop after this many, so a job that always has more cannot hang a test. */
    private static final int MAX_RUNS_AT_ONE_INSTANT = 10_000;

    private final Time time;
    private final HeldLeases held;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private volatile Thread driver;
    private boolean started;
    private boolean closed;
    private long startedNanos;

    /**
     * @param time the time the jobs run on
     * @param leases the leases of singleton jobs of this node
     */
    public Scheduler(Time time, Leases leases) {
        this.time = time;
        this.held = new HeldLeases(time, leases);
        this.startedNanos = time.nanoseconds();
    }

    /** A job as the scheduler holds it. */
    public interface Scheduled {
        String name();

        /** Asks for a run as soon as the job's wake gap allows; a wake during a run asks for one more. */
        void wake();

        /** Stops scheduling the job and waits a bounded time for a run in progress to end; false if it did not. */
        boolean cancel();
    }

    /**
     * What a job has done on this node.
     *
     * @param job the job's name
     * @param scope where it runs
     * @param period its period
     * @param runs runs started on this node, failed ones included
     * @param failures runs that ended in an exception
     * @param lastSuccess when the last run without failure ended on this node
     * @param sinceLastSuccess the time since then, or since the scheduler started if none has
     * @param leaseHeld for a singleton, whether this node holds its lease now
     */
    public record Stats(
            String job,
            Job.Scope scope,
            Duration period,
            long runs,
            long failures,
            Optional<Instant> lastSuccess,
            Duration sinceLastSuccess,
            boolean leaseHeld) {}

    /** Schedules {@code job}; it first runs {@link Job#firstAfter()} after {@link #start()}. */
    public synchronized Scheduled add(Job job) {
        if (closed) {
            throw new IllegalStateException("the scheduler is closed");
        }
        if (entries.containsKey(job.name()) || LEASES.equals(job.name())) {
            throw new IllegalArgumentException("a job named " + job.name() + " is already scheduled");
        }
        Entry e = new Entry(job);
        entries.put(job.name(), e);
        if (started) {
            e.due = time.nanoseconds() + job.firstAfter().toNanos();
            LockSupport.unpark(driver);
        }
        return e;
    }

    /**
     * Takes the leases it can (so a singleton due at once runs on its holder), then hands itself to
     * the time: real time starts the driver thread, a manual time runs what is due as it moves.
     */
    public void start() {
        boolean singletons;
        synchronized (this) {
            if (started || closed) {
                return;
            }
            started = true;
            startedNanos = time.nanoseconds();
            for (Entry e : entries.values()) {
                e.due = startedNanos + e.job.firstAfter().toNanos();
            }
            singletons = entries.values().stream().anyMatch(e -> e.job.scope() == Job.Scope.SINGLETON);
        }
        if (singletons) {
            renewLeases();
            Entry keeper = new Entry(
                    new Job(LEASES, Leases.RENEW_EVERY, Leases.RENEW_EVERY, Job.Scope.PER_NODE, Duration.ZERO, () -> {
                        renewLeases();
                        return false;
                    }));
            synchronized (this) {
                keeper.due = time.nanoseconds() + Leases.RENEW_EVERY.toNanos();
                entries.put(LEASES, keeper);
            }
        }
        time.drive(this);
    }

    /** Starts the driver thread; called by real time from {@link #start()}. */
    void runOwnThread() {
        driver = Thread.ofVirtual().name("fulcrum-scheduler").start(this::drive);
    }

    private void drive() {
        while (true) {
            long wait;
            synchronized (this) {
                if (closed) {
                    return;
                }
                long now = time.nanoseconds();
                long next = Long.MAX_VALUE;
                for (Entry e : entries.values()) {
                    if (e.running) {
                        continue;
                    }
                    if (e.due <= now) {
                        e.running = true;
                        Thread.ofVirtual().name("fulcrum-job-" + e.job.name()).start(() -> runAndReschedule(e));
                    } else {
                        next = Math.min(next, e.due);
                    }
                }
                wait = next == Long.MAX_VALUE ? Long.MAX_VALUE : next - now;
            }
            // Parks until the next due time or an unpark from a wake, an end of run or a close.
            LockSupport.parkNanos(this, Math.min(wait, Duration.ofSeconds(1).toNanos()));
        }
    }

    /**
     * Runs, in the caller's thread, every job due at the current time, and again those that answer
     * that more is waiting; what a manual time calls after each move.
     */
    public void runDue() {
        for (int i = 0; i < MAX_RUNS_AT_ONE_INSTANT; i++) {
            Entry next = null;
            synchronized (this) {
                if (closed || !started) {
                    return;
                }
                long now = time.nanoseconds();
                // Leases first: after a long pause (a manual time's jump, a suspended host) every
                // lease has lapsed, and the singletons due at this instant run only once retaken.
                Entry keeper = entries.get(LEASES);
                if (keeper != null && !keeper.running && keeper.due <= now) {
                    next = keeper;
                } else {
                    for (Entry e : entries.values()) {
                        if (!e.running && e.due <= now && (next == null || e.due < next.due)) {
                            next = e;
                        }
                    }
                }
                if (next == null) {
                    return;
                }
                next.running = true;
            }
            runAndReschedule(next);
        }
        LOG.warn("jobs still had more to do after {} runs at one instant", MAX_RUNS_AT_ONE_INSTANT);
    }

    /** The monotonic time the next job falls due, or {@link Long#MAX_VALUE} if none will. */
    public synchronized long nextDue() {
        if (closed || !started) {
            return Long.MAX_VALUE;
        }
        long next = Long.MAX_VALUE;
        for (Entry e : entries.values()) {
            if (!e.running) {
                next = Math.min(next, e.due);
            }
        }
        return next;
    }

    /** Whether this node may start runs of the singleton job {@code name} now. */
    public boolean holdsLease(String name) {
        return held.holds(name);
    }

    private void runAndReschedule(Entry e) {
        long delay = e.job.period().toNanos();
        try {
            delay = runOnce(e);
        } finally {
            synchronized (this) {
                e.running = false;
                long now = time.nanoseconds();
                e.lastEnd = now;
                e.due = now + (e.woken ? Math.min(delay, e.job.wakeGap().toNanos()) : delay);
                e.woken = false;
                notifyAll();
            }
            LockSupport.unpark(driver);
        }
    }

    /** One run if this node may do it; answers the delay to the next. */
    private long runOnce(Entry e) {
        Job job = e.job;
        if (job.scope() == Job.Scope.SINGLETON && !holdsLease(job.name())) {
            e.awaitingLease = true;
            return Math.min(job.period().toNanos(), Leases.RENEW_EVERY.toNanos());
        }
        e.awaitingLease = false;
        e.runs++;
        try {
            boolean more = job.work().run();
            e.lastSuccess = time.milliseconds();
            e.lastSuccessNanos = time.nanoseconds();
            return more ? 0 : job.period().toNanos();
        } catch (RuntimeException ex) {
            e.failures++;
            LOG.atWarn()
                    .setCause(ex)
                    .addKeyValue("job", job.name())
                    .addKeyValue("retryInMs", job.period().toMillis())
                    .log("background job failed; it runs again after its period");
            return job.period().toNanos();
        }
    }

    private void renewLeases() {
        List<String> singletons;
        synchronized (this) {
            if (closed) {
                return;
            }
            singletons = entries.values().stream()
                    .filter(e -> e.job.scope() == Job.Scope.SINGLETON)
                    .map(e -> e.job.name())
                    .toList();
        }
        held.renew(singletons, this::wakeIfAwaitingLease);
    }

    /**
     * Runs at once a job that fell due while this node did not hold its lease (a take-over); a job
     * not yet due keeps its schedule, so taking or re-taking a lease never runs a job early.
     */
    private synchronized void wakeIfAwaitingLease(String name) {
        Entry e = entries.get(name);
        if (e != null && e.awaitingLease) {
            e.wake();
        }
    }

    /** What each job has done on this node, in the order they were added. */
    public synchronized List<Stats> stats() {
        List<Stats> out = new ArrayList<>();
        long now = time.nanoseconds();
        for (Entry e : entries.values()) {
            Job job = e.job;
            long since = now - (e.lastSuccess == null ? startedNanos : e.lastSuccessNanos);
            out.add(new Stats(
                    job.name(),
                    job.scope(),
                    job.period(),
                    e.runs,
                    e.failures,
                    Optional.ofNullable(e.lastSuccess).map(Instant::ofEpochMilli),
                    Duration.ofNanos(Math.max(0, since)),
                    job.scope() == Job.Scope.SINGLETON && holdsLease(job.name())));
        }
        return out;
    }

    /** Stops starting runs, waits a bounded time for those in progress, and gives up this node's leases. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        LockSupport.unpark(driver);
        awaitIdle(entries());
        held.giveUp(started);
    }

    private synchronized List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    /** Waits, up to its bound, until none of {@code of} runs; an interrupt stays set but does not end the wait. */
    private synchronized boolean awaitIdle(List<Entry> of) {
        long deadline = System.nanoTime() + STOP_WAIT_NANOS;
        boolean interrupted = false;
        while (of.stream().anyMatch(e -> e.running)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                LOG.warn(
                        "background jobs still running at stop: {}",
                        of.stream()
                                .filter(e -> e.running)
                                .map(e -> e.job.name())
                                .toList());
                break;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException ex) {
                // else a node closing from an interrupted thread would close its store under running jobs
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return of.stream().noneMatch(e -> e.running);
    }

    private final class Entry implements Scheduled {
        private final Job job;
        private long due = Long.MAX_VALUE;
        private long lastEnd = Long.MIN_VALUE / 2;
        private boolean running;
        private boolean woken;
        // Written by the one thread running the job at a time, read by the metrics.
        private volatile long runs;
        private volatile long failures;
        private volatile Long lastSuccess;
        private volatile long lastSuccessNanos;
        // The last time it fell due, this node did not hold the job's lease.
        private volatile boolean awaitingLease;

        Entry(Job job) {
            this.job = job;
        }

        @Override
        public String name() {
            return job.name();
        }

        @Override
        public void wake() {
            synchronized (Scheduler.this) {
                if (running) {
                    woken = true;
                } else if (started) {
                    due = Math.min(
                            due,
                            Math.max(time.nanoseconds(), lastEnd + job.wakeGap().toNanos()));
                }
            }
            LockSupport.unpark(driver);
        }

        @Override
        public boolean cancel() {
            synchronized (Scheduler.this) {
                entries.remove(job.name());
            }
            return awaitIdle(List.of(this));
        }
    }
}
