package org.fulcrum.server.jobs;

import java.time.Clock;
import java.util.Objects;

/**
 * Real time: intervals from {@link System#nanoTime()}, so a wall clock that jumps (or a test's
 * clock moved by hand) never makes periodic work run early or late.
 *
 * @param clock the wall clock
 */
public record SystemTime(Clock clock) implements Time {

    public SystemTime {
        Objects.requireNonNull(clock, "clock");
    }

    @Override
    public long milliseconds() {
        return clock.millis();
    }

    @Override
    public long nanoseconds() {
        return System.nanoTime();
    }

    @Override
    public void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
