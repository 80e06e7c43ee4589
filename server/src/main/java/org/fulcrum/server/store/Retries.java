package org.fulcrum.server.store;

import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.fulcrum.server.core.FulcrumException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a write unit again when PostgreSQL rolled it back for a reason that says nothing against the
 * unit: it was chosen as the victim of a deadlock with another node's transaction (SQLSTATE
 * {@code 40P01}) or could not be serialised with one ({@code 40001}). Nodes sharing one schema
 * lock shared rows (subjects, the log's size row) in orders no single unit controls: a group
 * commit holds every lock its earlier units took until it commits, so two nodes' groups can wait
 * for each other whatever order each unit keeps. The victim's unit is rolled back to its savepoint
 * alone; its caller waits a short, random, growing time (by then the group it was in has committed
 * and released its locks) and submits it again, at most {@link #ATTEMPTS} times in all. A unit
 * that fails every time is answered as unavailable (503), not as a server error.
 *
 * <p>Retried units are counted by reason ({@code fulcrum_store_retries_total}).
 */
public final class Retries {
    private static final Logger LOG = LoggerFactory.getLogger(Retries.class);
    /** Runs of one unit at most, the first included. */
    static final int ATTEMPTS = 5;
    /** The first wait's upper bound; each further wait's doubles. */
    static final long FIRST_BACKOFF_MILLIS = 20;

    /** Why a unit was run again. */
    public enum Reason {
        deadlock("40P01"),
        serialization("40001");

        private final String sqlState;

        Reason(String sqlState) {
            this.sqlState = sqlState;
        }

        /** The reason {@code failure} (or a cause of it) reports, if it is one to retry. */
        public static Optional<Reason> of(Throwable failure) {
            for (Throwable c = failure; c != null; c = c.getCause()) {
                if (c instanceof SQLException sql) {
                    for (Reason r : values()) {
                        if (r.sqlState.equals(sql.getSQLState())) {
                            return Optional.of(r);
                        }
                    }
                }
                if (c.getCause() == c) {
                    break;
                }
            }
            return Optional.empty();
        }
    }

    private final LongAdder[] counts = new LongAdder[Reason.values().length];

    public Retries() {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    /** Units run again for {@code reason} since the store opened. */
    public long count(Reason reason) {
        return counts[reason.ordinal()].sum();
    }

    /** Runs {@code submit} (one submission of a unit) until it commits, fails otherwise, or runs out of attempts. */
    <T> T run(Supplier<T> submit) {
        for (int attempt = 1; ; attempt++) {
            try {
                return submit.get();
            } catch (RuntimeException e) {
                Optional<Reason> reason = Reason.of(e);
                if (reason.isEmpty()) {
                    throw e;
                }
                if (attempt >= ATTEMPTS) {
                    LOG.warn("write unit failed {} times, the last for {}; giving up", attempt, reason.get(), e);
                    FulcrumException.Unavailable busy =
                            new FulcrumException.Unavailable("the store is busy with other nodes' writes; try again");
                    busy.initCause(e);
                    throw busy;
                }
                counts[reason.get().ordinal()].increment();
                LOG.debug("write unit rolled back for {}; running it again", reason.get());
                pause(attempt);
            }
        }
    }

    /** A random wait up to {@link #FIRST_BACKOFF_MILLIS} doubled per attempt so far. */
    private static void pause(int attempt) {
        long bound = FIRST_BACKOFF_MILLIS << (attempt - 1);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(bound / 2, bound + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FulcrumException.Unavailable("interrupted while waiting to run a write again");
        }
    }
}
