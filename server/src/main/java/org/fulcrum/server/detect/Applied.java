package org.fulcrum.server.detect;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;

/**
 * Writes whose in-memory effect must be in place before the caller is answered: a hash added to a
 * bank is matchable, and a rule changed is running, by the time the API says so. The in-memory
 * updates run as after-commit hooks, in commit order; this waits for them too.
 */
final class Applied {
    private Applied() {}

    static <T> T write(Database db, Tx.Work<T> work) {
        CompletableFuture<Void> applied = new CompletableFuture<>();
        T result = db.write(tx -> {
            T r = work.run(tx);
            tx.afterCommit(() -> applied.complete(null));
            return r;
        });
        try {
            applied.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new FulcrumException.Unavailable("the change is stored but not yet in effect on this node");
        }
        return result;
    }
}
