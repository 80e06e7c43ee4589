package org.fulcrum.server.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The one way tests wait for something another thread does: a condition, polled until it holds or
 * the time is up, with the reason in the failure.
 */
public final class Await {
    private static final long POLL_MILLIS = 20;

    private Await() {}

    /** Waits until {@code condition} holds; fails naming {@code reason} after {@code timeout}. */
    public static void await(String reason, Duration timeout, BooleanSupplier condition) {
        await(reason, timeout, condition, () -> "");
    }

    /** As {@link #await(String, Duration, BooleanSupplier)}, adding {@code state} to the failure. */
    public static void await(String reason, Duration timeout, BooleanSupplier condition, Supplier<?> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(
                        "timed out after " + timeout.toMillis() + " ms waiting until " + reason + " " + state.get());
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + reason, e);
            }
        }
    }
}
