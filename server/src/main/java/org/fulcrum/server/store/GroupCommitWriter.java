package org.fulcrum.server.store;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.fulcrum.server.core.FulcrumException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All writes go through one platform thread that holds one connection and commits in groups: it
 * takes every unit waiting, runs each inside a savepoint of one transaction, commits once (one
 * fsync for the group), then answers the callers. A caller is answered only after the commit, so
 * an acknowledged write is durable. A unit that fails is rolled back to its savepoint alone.
 *
 * <p>A platform thread, because the SQLite driver's native calls would pin a virtual thread; and
 * one writer, because SQLite allows one anyway and group commit is what makes fsync affordable.
 *
 * <p>A group takes what waits (up to 512 units) and commits; only a group that has run for
 * {@link #GROUP_WORK_NANOS} stops early, so that no caller waits behind an unbounded one. A lower
 * bound was measured to cost more than it saves: a batch of 100 notices is about 20 ms of writer
 * work, so a cap of a few milliseconds made a commit per batch, and the extra fsyncs cut the
 * sustained rate by a fifth and raised p99 eightfold (BENCHMARKS.md). Statements prepared through
 * {@link Tx#prepared} are reused by every unit of a group.
 *
 * <p>{@link #writeAlone} units (the outbox's claims and outcomes) go first, between two groups,
 * each in a transaction of its own: they never wait behind a queue of bulk work, and never share a
 * transaction, its locks or its failure with another unit.
 */
public final class GroupCommitWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final int MAX_GROUP = 512;
    private static final long YIELD_AFTER_NANOS = 20_000_000;
    /** Work after which a group commits and leaves what waits behind it to the next group. */
    static final long GROUP_WORK_NANOS = 1_000_000_000;

    private static final String SAVEPOINT = "SAVEPOINT unit";
    private static final String RELEASE = "RELEASE SAVEPOINT unit";
    private static final String ROLLBACK_TO = "ROLLBACK TO SAVEPOINT unit";

    private final Jdbi jdbi;
    private final Clock clock;
    private final Retries retries;
    private final BlockingQueue<Pending<?>> queue = new ArrayBlockingQueue<>(16_384);
    private final BlockingQueue<Pending<?>> alone = new ArrayBlockingQueue<>(1_024);
    private final Semaphore waiting = new Semaphore(0);
    private final WriterStats stats = new WriterStats();
    private final Thread thread;
    private volatile boolean running = true;

    public GroupCommitWriter(Jdbi jdbi, Clock clock, Retries retries) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.retries = retries;
        this.thread = Thread.ofPlatform().name("fulcrum-writer").daemon(true).unstarted(this::loop);
        this.thread.start();
    }

    /** What the writer did since it started: group sizes, queue waits, work and commit times. */
    public WriterStats stats() {
        return stats;
    }

    /** Units waiting for a group commit now. */
    public int queued() {
        return queue.size() + alone.size();
    }

    /** Runs {@code work} in a transaction and returns once it is committed durably. */
    public <T> T write(Tx.Work<T> work) {
        return submit(queue, work);
    }

    /**
     * Runs {@code work} like {@link #write}, and runs it again, in a later group, when PostgreSQL
     * rolled it back as a deadlock victim or for a serialisation failure (see {@link Retries});
     * {@code work} must be re-runnable: nothing outside the transaction changed but through
     * {@link Tx#afterCommit} and {@link Tx#onRollback}.
     */
    public <T> T writeRetrying(Tx.Work<T> work) {
        return retries.run(() -> submit(queue, work));
    }

    /**
     * Runs {@code work} in a transaction of its own, ahead of the units waiting to be grouped, and
     * returns once it is committed durably.
     */
    public <T> T writeAlone(Tx.Work<T> work) {
        return submit(alone, work);
    }

    private <T> T submit(BlockingQueue<Pending<?>> to, Tx.Work<T> work) {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("nested write from inside a write unit");
        }
        Pending<T> pending = new Pending<>(work, new CompletableFuture<>(), System.nanoTime());
        try {
            if (!running || !to.offer(pending, 5, TimeUnit.SECONDS)) {
                throw new FulcrumException.Unavailable("the store is not accepting writes now");
            }
            waiting.release();
            return pending.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FulcrumException.Unavailable("interrupted while waiting for the store");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new FulcrumException("write failed: " + cause.getMessage(), cause);
        }
    }

    private void loop() {
        List<Pending<?>> group = new ArrayList<>(MAX_GROUP);
        List<Pending<?>> carried = new ArrayList<>();
        while (running || !queue.isEmpty() || !alone.isEmpty() || !carried.isEmpty()) {
            try {
                if (queue.isEmpty() && alone.isEmpty() && carried.isEmpty()) {
                    waiting.tryAcquire(100, TimeUnit.MILLISECONDS);
                }
                waiting.drainPermits();
                Pending<?> solo;
                while ((solo = alone.poll()) != null) {
                    group.add(solo);
                    commitGroup(group);
                    group.clear();
                }
                group.addAll(carried);
                carried.clear();
                queue.drainTo(group, MAX_GROUP - group.size());
                if (!group.isEmpty()) {
                    int committed = commitGroup(group);
                    carried.addAll(group.subList(committed, group.size()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | Error e) {
                LOG.error("writer group failed", e);
                group.forEach(p -> p.result.completeExceptionally(e));
            } finally {
                group.clear();
            }
        }
        Pending<?> left;
        while ((left = queue.poll()) != null || (left = alone.poll()) != null) {
            left.result.completeExceptionally(new FulcrumException.Unavailable("the store is shutting down"));
        }
    }

    /**
     * Runs the units of {@code group} in one transaction and commits; returns how many it ran. It
     * stops early, leaving the rest for the next group, once it has run {@link #GROUP_WORK_NANOS}
     * (so that no caller waits behind an unbounded group), or
     * {@link #YIELD_AFTER_NANOS} while a {@link #writeAlone} unit waits. At least one unit runs.
     */
    private int commitGroup(List<Pending<?>> group) {
        List<Object> results = new ArrayList<>(group.size());
        List<Throwable> failures = new ArrayList<>(group.size());
        List<Tx> txs = new ArrayList<>(group.size());
        long started = System.nanoTime();
        int ran = group.size();
        try (Handle handle = jdbi.open();
                Tx.Group shared = new Tx.Group()) {
            handle.begin();
            try {
                for (int i = 0; i < group.size(); i++) {
                    long spent = System.nanoTime() - started;
                    if (i > 0 && (spent > GROUP_WORK_NANOS || (!alone.isEmpty() && spent > YIELD_AFTER_NANOS))) {
                        ran = i;
                        break;
                    }
                    Tx tx = new Tx(handle, clock, shared);
                    // One savepoint name for every unit, through statements prepared once per group:
                    // each unit's savepoint is released (or rolled back to and released) before the next.
                    shared.execute(handle, SAVEPOINT);
                    try {
                        results.add(group.get(i).work.run(tx));
                        failures.add(null);
                        txs.add(tx);
                        shared.execute(handle, RELEASE);
                    } catch (Exception | Error e) {
                        shared.execute(handle, ROLLBACK_TO);
                        shared.execute(handle, RELEASE);
                        tx.rolledBack();
                        results.add(null);
                        failures.add(e);
                        txs.add(null);
                    }
                }
                shared.beforeCommit(handle);
                long committing = System.nanoTime();
                handle.commit();
                long committed = System.nanoTime();
                for (int i = 0; i < ran; i++) {
                    stats.waited(started - group.get(i).queuedAt);
                }
                stats.group(ran, committing - started, committed - committing);
            } catch (RuntimeException | Error e) {
                try {
                    handle.rollback();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                // The units that had run are rolled back with the group: undo what they buffered.
                for (Tx tx : txs) {
                    if (tx != null) {
                        tx.rolledBack();
                    }
                }
                throw e;
            }
        }
        for (int i = 0; i < ran; i++) {
            complete(group.get(i), results.get(i), failures.get(i));
            Tx tx = txs.get(i);
            if (tx != null) {
                for (Runnable hook : tx.afterCommitHooks()) {
                    try {
                        hook.run();
                    } catch (RuntimeException e) {
                        LOG.warn("after-commit hook failed", e);
                    }
                }
            }
        }
        return ran;
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Pending<T> pending, Object result, Throwable failure) {
        if (failure != null) {
            pending.result.completeExceptionally(failure);
        } else {
            pending.result.complete((T) result);
        }
    }

    @Override
    public void close() {
        running = false;
        // Wakes the loop now rather than after its idle wait.
        waiting.release();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Pending<T>(Tx.Work<T> work, CompletableFuture<T> result, long queuedAt) {}
}
