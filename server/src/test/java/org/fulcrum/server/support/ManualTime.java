package org.fulcrum.server.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.fulcrum.server.jobs.Scheduler;
import org.fulcrum.server.jobs.Time;

/**
 * A time tests move by hand, after the Kafka clients' {@code MockTime}. Given to an app as its
 * {@link Time}, nothing scheduled runs by itself: {@link #advance} moves the time from one due job
 * to the next and runs each in the caller's thread, so a test sees exactly the runs that fell due.
 * Given only as a {@link #clock()}, the app's jobs run on real time and read this clock.
 *
 * <p>{@link #followingRealTime()} makes a clock that runs with real time plus the moves made, for
 * tests that move deadlines forward while the app goes on working.
 */
public final class ManualTime implements Time {
    private final boolean follows;
    private final long startMillis;
    private final List<Scheduler> driven = new CopyOnWriteArrayList<>();
    private volatile long offsetNanos;
    private final Clock clock = new View();

    private ManualTime(long startMillis, boolean follows) {
        this.startMillis = startMillis;
        this.follows = follows;
    }

    /** Stands at {@code start} until moved. */
    public ManualTime(Instant start) {
        this(start.toEpochMilli(), false);
    }

    /** Stands at the current instant, to the millisecond, until moved. */
    public static ManualTime startingNow() {
        return new ManualTime(Instant.now());
    }

    /** Runs with real time, plus every move made. */
    public static ManualTime followingRealTime() {
        return new ManualTime(0, true);
    }

    @Override
    public long milliseconds() {
        return (follows ? System.currentTimeMillis() : startMillis) + offsetNanos / 1_000_000;
    }

    @Override
    public long nanoseconds() {
        return (follows ? System.nanoTime() : 0) + offsetNanos;
    }

    /** Moves the time on by {@code millis}, running what falls due. */
    @Override
    public void sleep(long millis) {
        advance(Duration.ofMillis(millis));
    }

    @Override
    public Clock clock() {
        return clock;
    }

    public Instant instant() {
        return Instant.ofEpochMilli(milliseconds());
    }

    /** The same as {@link #milliseconds()}, read as a clock is. */
    public long millis() {
        return milliseconds();
    }

    @Override
    public void drive(Scheduler scheduler) {
        driven.add(scheduler);
        scheduler.runDue();
    }

    /**
     * Stops running {@code scheduler}'s jobs, as if its node had stopped dead: it renews no lease
     * and runs nothing more, and what it held stays held until it expires.
     */
    public void stopDriving(Scheduler scheduler) {
        driven.remove(scheduler);
    }

    /**
     * Moves the time on by {@code by}, stopping at each instant a driven job falls due to run it,
     * in order of due time, in this thread.
     */
    public synchronized void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time moves forward only: " + by);
        }
        long target = offsetNanos + by.toNanos();
        long base = nanoseconds() - offsetNanos;
        while (true) {
            long next = driven.stream().mapToLong(Scheduler::nextDue).min().orElse(Long.MAX_VALUE);
            if (next == Long.MAX_VALUE || next - base > target) {
                break;
            }
            offsetNanos = Math.max(offsetNanos, next - base);
            driven.forEach(Scheduler::runDue);
            long again = driven.stream().mapToLong(Scheduler::nextDue).min().orElse(Long.MAX_VALUE);
            if (again != Long.MAX_VALUE && again - base <= offsetNanos) {
                throw new IllegalStateException(
                        "a job is due again at the instant it ran; it would never let time move");
            }
        }
        offsetNanos = target;
        driven.forEach(Scheduler::runDue);
    }

    /**
     * Moves the time on by {@code by} at once, then runs what is due: each job once (again only while
     * it answers that more is waiting), as a node whose host was suspended that long sees it. For
     * moves of hours or days, where {@link #advance} would stop at every due instant on the way and
     * run a 500 ms job millions of times; use {@link #advance} when the runs on the way matter.
     */
    public synchronized void jump(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time moves forward only: " + by);
        }
        offsetNanos += by.toNanos();
        driven.forEach(Scheduler::runDue);
    }

    /** Moves the time to {@code at}, which must not be in the past, running what falls due. */
    public void set(Instant at) {
        advance(Duration.ofMillis(at.toEpochMilli() - milliseconds()));
    }

    private final class View extends Clock {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public long millis() {
            return milliseconds();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(milliseconds());
        }
    }
}
