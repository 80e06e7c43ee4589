package org.fulcrum.server.jobs;

import java.time.Duration;
import java.util.Objects;

/**
 * A periodic piece of background work.
 *
 * @param name a stable name: the lease key of a singleton and the {@code job} label of its metrics
 * @param period the time from the end of one run to the start of the next
 * @param firstAfter the time from the start of the scheduler to the first run
 * @param scope whether every node runs it or one node of the cluster at a time
 * @param wakeGap the least time from the end of a run to a run that a wake asks for
 * @param work the work of one run
 */
public record Job(String name, Duration period, Duration firstAfter, Scope scope, Duration wakeGap, Work work) {

    /** Where a job runs. */
    public enum Scope {
        /** Every node runs it, on its own state (caches, its own claims). */
        PER_NODE,
        /** One node at a time, the holder of the job's lease: work on shared state done once. */
        SINGLETON
    }

    /** One run of a job. */
    @FunctionalInterface
    public interface Work {
        /** Does one run; answers true when more is waiting, so the job runs again at once. */
        boolean run();
    }

    public Job {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-z][a-z0-9_.]{0,63}")) {
            throw new IllegalArgumentException("a job name is lower case letters, digits, '.' and '_': " + name);
        }
        if (period.isNegative() || period.isZero() || firstAfter.isNegative() || wakeGap.isNegative()) {
            throw new IllegalArgumentException("a job runs every positive period, first after zero or more: " + name);
        }
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(work, "work");
    }

    /** Work every node does every {@code period}, first one period after the start. */
    public static Job perNode(String name, Duration period, Runnable work) {
        return new Job(name, period, period, Scope.PER_NODE, Duration.ZERO, once(work));
    }

    /** Work one node of the cluster does every {@code period}, first one period after the start. */
    public static Job singleton(String name, Duration period, Runnable work) {
        return new Job(name, period, period, Scope.SINGLETON, Duration.ZERO, once(work));
    }

    /** This job, first run {@code delay} after the start. */
    public Job firstAfter(Duration delay) {
        return new Job(name, period, delay, scope, wakeGap, work);
    }

    /** This job, woken no sooner than {@code gap} after the end of its last run (a burst of wakes is one run). */
    public Job wakeGap(Duration gap) {
        return new Job(name, period, firstAfter, scope, gap, work);
    }

    /** This job, run again at once while a run answers that more is waiting. */
    public Job whileMore(Work more) {
        return new Job(name, period, firstAfter, scope, wakeGap, more);
    }

    private static Work once(Runnable work) {
        Objects.requireNonNull(work, "work");
        return () -> {
            work.run();
            return false;
        };
    }
}
