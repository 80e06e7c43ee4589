package org.fulcrum.server.jobs;

import java.time.Clock;

/**
 * The time source of a node, after the Kafka clients' {@code Time}: wall-clock milliseconds for
 * what is stored and compared between nodes, monotonic nanoseconds for intervals, and a sleep.
 * Production uses {@link SystemTime}; tests use a manual time that moves only when told and runs
 * the work that falls due on the way.
 */
public interface Time {

    /** Wall-clock milliseconds since the epoch, as {@link #clock()} tells them. */
    long milliseconds();

    /** A monotonic reading for measuring intervals; unrelated to the wall clock. */
    long nanoseconds();

    /** Waits {@code millis} milliseconds of this time; an interrupt ends it early and stays set. */
    void sleep(long millis);

    /** The wall clock as a {@link Clock}, for the code that takes one. */
    Clock clock();

    /**
     * Hands {@code scheduler} the means to run: real time starts its thread; a manual time keeps
     * it and runs its due jobs as the time is moved.
     */
    default void drive(Scheduler scheduler) {
        scheduler.runOwnThread();
    }

    /** Real time, with {@code clock} as the wall clock. */
    static Time system(Clock clock) {
        return new SystemTime(clock);
    }
}
