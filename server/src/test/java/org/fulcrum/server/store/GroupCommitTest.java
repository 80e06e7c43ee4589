package org.fulcrum.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.support.Await;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How the single writer groups its commits on SQLite: what queued while a group ran is committed as
 * the next group, whatever its size, and copying the write-ahead log into the database file is left
 * to a thread of its own instead of to the commit that grows the log.
 */
class GroupCommitTest {
    static TestApp app;

    @BeforeAll
    static void start() {
        app = TestApp.sqlite();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static Database db() {
        return app.app().module(StoreModule.class).db();
    }

    @Test
    void unitsQueuedWhileAGroupRunsAreCommittedTogetherAsTheNextGroup() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> blocker = CompletableFuture.supplyAsync(() -> db().write(tx -> {
            running.countDown();
            release.await(10, TimeUnit.SECONDS);
            return 0;
        }));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Integer>> queued = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            queued.add(CompletableFuture.supplyAsync(
                    () -> db().write(tx -> n), Executors.newVirtualThreadPerTaskExecutor()));
        }
        Await.await(
                "the twenty units queue behind the blocked one",
                Duration.ofSeconds(10),
                () -> db().writerQueued() >= 20,
                () -> db().writerQueued() + " queued");
        WriterStats.Snapshot before = db().writerStats().snapshot();
        release.countDown();
        assertThat(blocker.get(10, TimeUnit.SECONDS)).isZero();
        for (int i = 0; i < 20; i++) {
            assertThat(queued.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i);
        }
        WriterStats.Snapshot during = db().writerStats().snapshot().since(before);
        // The blocked unit's group, then one group of the twenty (and any background unit that queued
        // with them): not twenty commits.
        int upTo32 = WriterStats.SIZE_BOUNDS.indexOf(32L);
        assertThat(during.groupSizes()[upTo32]).as("groups of 17 to 32 units").isEqualTo(1);
        assertThat(during.units()).isGreaterThanOrEqualTo(21);
        assertThat(during.groups()).isLessThan(6);
        assertThat(during.maxWaitNanos()).isPositive();
    }

    @Test
    void theWritersCommitsLeaveCopyingTheLogToTheCheckpointThread() throws Exception {
        long autocheckpoint = db().write(tx -> tx.handle()
                .createQuery("PRAGMA wal_autocheckpoint")
                .mapTo(Long.class)
                .one());
        assertThat(autocheckpoint)
                .as("the writer's connection never checkpoints")
                .isZero();
        db().write(tx -> tx.handle().execute("CREATE TABLE IF NOT EXISTS wal_filler (b BLOB)"));
        long copied = db().checkpointer().copiedPages();
        // One commit of about 2,000 pages, more than SQLite's own threshold of 1,000.
        db().write(tx -> {
            for (int i = 0; i < 2_000; i++) {
                tx.handle().execute("INSERT INTO wal_filler (b) VALUES (randomblob(4000))");
            }
            return null;
        });
        Await.await(
                "the checkpoint thread copies the commit's pages into the database file",
                Duration.ofSeconds(20),
                () -> db().checkpointer().copiedPages() - copied >= 2_000,
                () -> (db().checkpointer().copiedPages() - copied) + " pages copied");
    }
}
