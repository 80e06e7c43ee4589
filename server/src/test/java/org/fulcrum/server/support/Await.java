package org.fulcrum.server.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
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

    /**
     * Reads {@code value} until it satisfies {@code done} and returns it; fails naming {@code reason}
     * and the last value read after {@code timeout}.
     */
    public static <T> T until(String reason, Duration timeout, Supplier<T> value, Predicate<? super T> done) {
        Object[] last = new Object[1];
        await(
                reason,
                timeout,
                () -> {
                    T v = value.get();
                    last[0] = v;
                    return done.test(v);
                },
                () -> "(last: " + last[0] + ")");
        @SuppressWarnings("unchecked")
        T result = (T) last[0];
        return result;
    }
}
