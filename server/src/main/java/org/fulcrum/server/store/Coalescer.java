package org.fulcrum.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.fulcrum.server.core.FulcrumException;

/**
 * Writes single requests that arrive together as one write unit, as if their client had sent them
 * in one batch. A request is one unit of the group commit otherwise, and at thousands of requests a
 * second the per-unit work (a savepoint, a lookup per statement rather than per batch, a log batch
 * per unit) costs the single writer about twice what the same requests cost in a batch.
 *
 * <p>A request joins a queue; if no unit is on its way to the writer, its caller sends one. That
 * unit, when the writer runs it, takes every request queued by then, so the requests that arrived
 * while the previous group was being written go in the next group together. Each caller is
 * answered after the commit that makes its own request durable, with its own outcome: the combined
 * work decides per request (a refusal or a replayed answer for one does not touch the others). If
 * the combined unit fails as a whole, it is rolled back and each of its requests is written again in
 * a unit of its own, by its own caller, so one bad request costs the others only time.
 *
 * @param <I> a request, with everything its write needs
 * @param <O> the answer to its caller
 */
public final class Coalescer<I, O> {
    /** The write of the requests taken together, in one unit: one outcome per request, in order. */
    @FunctionalInterface
    public interface Combined<I, O> {
        List<Outcome<O>> run(Tx tx, List<I> requests) throws Exception;
    }

    /** What became of one request in a combined unit. */
    public sealed interface Outcome<O> {
        /** Written (or answered without a write); {@code answer} goes to its caller after the commit. */
        record Done<O>(O answer) implements Outcome<O> {}

        /** Refused; {@code failure} is thrown to its caller after the commit, and it wrote nothing. */
        record Refused<O>(RuntimeException failure) implements Outcome<O> {}

        /** Not written in this unit (it would clash with another request of it): written alone afterwards. */
        record Alone<O>() implements Outcome<O> {}
    }

    private final Database db;
    private final Combined<I, O> combined;
    private final Function<I, O> alone;
    private final ConcurrentLinkedQueue<Waiter<I, O>> queued = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean unitOnItsWay = new AtomicBoolean();

    /**
     * @param combined the write of several requests in one unit
     * @param alone the write of one request in a unit of its own (with its own retries), used when
     *     a combined unit fails or leaves a request out
     */
    public Coalescer(Database db, Combined<I, O> combined, Function<I, O> alone) {
        this.db = db;
        this.combined = combined;
        this.alone = alone;
    }

    /** Writes {@code request} durably, with those that arrive at the same time; answers its outcome. */
    public O submit(I request) {
        Waiter<I, O> me = new Waiter<>(request, new CompletableFuture<>());
        queued.add(me);
        if (unitOnItsWay.compareAndSet(false, true)) {
            send();
        }
        Outcome<O> outcome;
        try {
            outcome = me.outcome.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FulcrumException.Unavailable("interrupted while waiting for the store");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new FulcrumException("write failed", e.getCause());
        }
        return switch (outcome) {
            case Outcome.Done<O> done -> done.answer();
            case Outcome.Refused<O> refused -> throw refused.failure();
            case Outcome.Alone<O> ignored -> alone.apply(request);
        };
    }

    /** Requests waiting for a unit to take them now. */
    public int waiting() {
        return queued.size();
    }

    /** Sends a unit that takes what is queued when it runs; a unit the writer never ran fails what waits. */
    private void send() {
        AtomicBoolean ran = new AtomicBoolean();
        try {
            db.write(tx -> {
                ran.set(true);
                run(tx);
                return null;
            });
        } catch (RuntimeException e) {
            if (ran.get()) {
                // It ran and was rolled back: its requests were told to go alone (see run).
                return;
            }
            // Refused before it ran (the store is full or closing): no unit takes the queue now, so
            // what waits is answered with the same refusal rather than left waiting.
            unitOnItsWay.set(false);
            Waiter<I, O> w;
            while ((w = queued.poll()) != null) {
                w.outcome.completeExceptionally(e);
            }
        }
    }

    private void run(Tx tx) throws Exception {
        // Cleared before the queue is taken: a request queued after this point sends a unit of its own.
        unitOnItsWay.set(false);
        List<Waiter<I, O>> taken = new ArrayList<>();
        Waiter<I, O> w;
        while ((w = queued.poll()) != null) {
            taken.add(w);
        }
        if (taken.isEmpty()) {
            return;
        }
        tx.onRollback(() -> taken.forEach(t -> t.outcome.complete(new Outcome.Alone<>())));
        List<Outcome<O>> outcomes =
                combined.run(tx, taken.stream().map(Waiter::request).toList());
        if (outcomes.size() != taken.size()) {
            throw new IllegalStateException(outcomes.size() + " outcomes for " + taken.size() + " requests");
        }
        tx.afterCommit(() -> {
            for (int i = 0; i < taken.size(); i++) {
                taken.get(i).outcome.complete(Objects.requireNonNull(outcomes.get(i)));
            }
        });
    }

    private record Waiter<I, O>(I request, CompletableFuture<Outcome<O>> outcome) {}
}
