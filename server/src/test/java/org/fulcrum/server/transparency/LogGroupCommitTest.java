package org.fulcrum.server.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.TransparencyModule;
import org.fulcrum.server.support.TestApp;
import org.fulcrum.tlog.merkle.MemoryHashStore;
import org.fulcrum.tlog.merkle.StoredTree;
import org.junit.jupiter.api.Test;

/**
 * Appends from many concurrent units, some of which fail after appending: the log holds exactly
 * the entries of the units that committed, at the indexes they were told, and its stored tree is
 * the tree of those entries.
 */
class LogGroupCommitTest {

    @Test
    void failedUnitsLeaveNoEntryAndTheTreeMatchesTheEntries() throws Exception {
        try (TestApp app = TestApp.sqlite()) {
            // entries the app appends on start (the policy version in force) come first
            long base = app.queryLong("SELECT size FROM log_state");
            Map<Long, Integer> indexOfUnit = new ConcurrentHashMap<>();
            List<Future<?>> futures = new ArrayList<>();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 400; i++) {
                    int unit = i;
                    futures.add(pool.submit(() -> app.app()
                            .module(StoreModule.class)
                            .db()
                            .write(tx -> {
                                long first = app.app()
                                        .module(TransparencyModule.class)
                                        .log()
                                        .append(tx, entry(unit, 0));
                                long second = app.app()
                                        .module(TransparencyModule.class)
                                        .log()
                                        .append(tx, entry(unit, 1));
                                if (unit % 7 == 3) {
                                    throw new IllegalStateException("unit " + unit + " fails after appending");
                                }
                                assertThat(second).isEqualTo(first + 1);
                                indexOfUnit.put(first, unit);
                                return first;
                            })));
                }
            }
            long failures = futures.stream()
                    .filter(f -> {
                        try {
                            f.get();
                            return false;
                        } catch (Exception e) {
                            return true;
                        }
                    })
                    .count();
            long expected = base + (400 - failures) * 2;
            assertThat(app.queryLong("SELECT size FROM log_state")).isEqualTo(expected);
            List<byte[]> data = app.app()
                    .module(StoreModule.class)
                    .db()
                    .read(h -> h.createQuery("SELECT data FROM log_entry ORDER BY idx")
                            .mapTo(byte[].class)
                            .list());
            assertThat(data).hasSize((int) expected);
            indexOfUnit.forEach((idx, unit) -> assertThat(
                            CanonicalJson.parse(data.get(idx.intValue())).get("fields"))
                    .isEqualTo(Map.of("unit", unit, "part", 0)));
            MemoryHashStore naive = new MemoryHashStore();
            data.forEach(d -> naive.appendLeaf(org.fulcrum.tlog.merkle.Rfc6962.leafHash(d)));
            byte[] stored = app.app()
                    .module(StoreModule.class)
                    .db()
                    .read(h -> StoredTree.treeHash(expected, new SqlHashReader(h)));
            assertThat(stored).isEqualTo(naive.root());
        }
    }

    static LogEntry entry(int unit, int part) {
        return LogEntry.of(
                EntryKind.moderation_decision,
                java.time.Instant.parse("2026-11-29T10:00:00Z"),
                "FR",
                null,
                "removed",
                Map.of("unit", unit, "part", part),
                Map.of(),
                null);
    }
}
