package org.fulcrum.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.fulcrum.server.config.StoreSync;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SqliteStoreTest extends StoreContract {
    @BeforeAll
    static void start() {
        app = TestApp.sqlite(c -> c.withStoreSync(StoreSync.full));
    }

    @Test
    void theEmbeddedStoreIsDurableByConfiguration() {
        assertThat(db().dialect()).isEqualTo(Dialect.SQLITE);
        assertThat(app.queryString("PRAGMA journal_mode")).isEqualTo("wal");
        // 2 = FULL: the WAL is synced at every commit, so an acknowledged write survives power loss
        assertThat(app.queryLong("PRAGMA synchronous")).isEqualTo(2);
        // 2 = MEMORY: the writer keeps its units' savepoint journals in memory, not in a temporary file
        int tempStore = db().write(tx -> tx.handle()
                .createQuery("PRAGMA temp_store")
                .mapTo(Integer.class)
                .one());
        assertThat(tempStore).isEqualTo(2);
    }

    /**
     * The CLI writes to a running node's folder from another process. A write unit that reads before
     * it writes must not fail because the other process wrote in between: each write transaction
     * takes the write lock when it begins, and the other waits for it.
     */
    @Test
    void anotherProcessWritingToTheFolderWaitsForTheWriteLockInsteadOfFailingAUnit() throws Exception {
        String counter = "SELECT last FROM bank_item_counter WHERE id = 1";
        long before = app.queryLong(counter);
        CompletableFuture<Integer> other = new CompletableFuture<>();
        try (Database second = Database.open(app.app().config(), Clock.systemUTC())) {
            long read = db().write(tx -> {
                long last = tx.handle().createQuery(counter).mapTo(Long.class).one();
                Thread.ofPlatform().start(() -> {
                    try {
                        other.complete(second.write(
                                t -> t.handle().execute("UPDATE bank_item_counter SET last = last + 1 WHERE id = 1")));
                    } catch (RuntimeException e) {
                        other.completeExceptionally(e);
                    }
                });
                // While this unit is open, the other process's write waits (it would commit at once,
                // and this unit's write below fail, if the unit had begun without the lock).
                assertThatThrownBy(() -> other.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
                tx.handle().execute("UPDATE bank_item_counter SET last = last + 1 WHERE id = 1");
                return last;
            });
            assertThat(read).isEqualTo(before);
            assertThat(other.get(15, TimeUnit.SECONDS)).isEqualTo(1);
        }
        assertThat(app.queryLong(counter)).isEqualTo(before + 2);
    }
}
