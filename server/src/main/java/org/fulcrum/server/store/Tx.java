package org.fulcrum.server.store;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * One unit of work inside a write transaction. Gives the JDBI handle, the clock, and a place to
 * register what must happen only once the unit is durably committed (waking a dispatcher, say).
 */
public final class Tx {
    private final Handle handle;
    private final Clock clock;
    private final List<Runnable> afterCommit = new ArrayList<>();

    Tx(Handle handle, Clock clock) {
        this.handle = handle;
        this.clock = clock;
    }

    public Handle handle() {
        return handle;
    }

    public Clock clock() {
        return clock;
    }

    public Instant now() {
        return clock.instant();
    }

    /** Runs {@code hook} after the commit that makes this unit durable; never if it is rolled back. */
    public void afterCommit(Runnable hook) {
        afterCommit.add(hook);
    }

    List<Runnable> afterCommitHooks() {
        return afterCommit;
    }

    /** Work to run in a write transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Tx tx) throws Exception;
    }
}
