package org.fulcrum.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.fulcrum.server.config.ConfigLoader;
import org.fulcrum.server.config.StoreSync;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Test;

/** {@code store.sync}: the embedded store syncs every commit unless a test or demo server says otherwise. */
class StoreSyncTest {
    @Test
    void everyCommitIsSyncedUnlessTheServerIsToldOtherwise() {
        assertThat(new ConfigLoader().load().storeSync()).isEqualTo(StoreSync.full);
        assertThat(new ConfigLoader().set("store.sync", "normal").load().storeSync())
                .isEqualTo(StoreSync.normal);
        assertThatThrownBy(() -> new ConfigLoader().set("store.sync", "off").load())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("store.sync must be full or normal, was 'off'");
    }

    @Test
    void aTestServerSyncsAtCheckpointsOnly() {
        try (TestApp app = TestApp.sqlite()) {
            // 1 = NORMAL: in WAL mode the log is synced at checkpoints, not at every commit
            assertThat(app.queryLong("PRAGMA synchronous")).isEqualTo(1);
            assertThat(app.queryString("PRAGMA journal_mode")).isEqualTo("wal");
        }
    }
}
