package org.fulcrum.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SqliteStoreTest extends StoreContract {
    @BeforeAll
    static void start() {
        app = TestApp.sqlite();
    }

    @Test
    void theEmbeddedStoreIsDurableByConfiguration() {
        assertThat(db().dialect()).isEqualTo(Dialect.SQLITE);
        assertThat(app.queryString("PRAGMA journal_mode")).isEqualTo("wal");
        // 2 = FULL: the WAL is synced at every commit, so an acknowledged write survives power loss
        assertThat(app.queryLong("PRAGMA synchronous")).isEqualTo(2);
    }
}
