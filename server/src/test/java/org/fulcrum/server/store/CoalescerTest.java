package org.fulcrum.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.support.Await;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Single requests written together: those that arrive while the writer is busy go in one unit of
 * the next group, each caller gets its own outcome after the commit, and a unit that fails as a
 * whole leaves each request to be written alone. The requests here are rows of the idempotency
 * table, under a scope of each test's own.
 */
class CoalescerTest {
    static TestApp app;
    static ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeAll
    static void start() {
        app = TestApp.sqlite();
    }

    @AfterAll
    static void stop() {
        callers.close();
        app.close();
    }

    static Database db() {
        return app.app().module(StoreModule.class).db();
    }

    /** Writes each request as a row; a request named "refuse" is refused, one named "alone" goes alone. */
    static final class Rows {
        final String scope;
        final List<Integer> unitSizes = new CopyOnWriteArrayList<>();
        final AtomicInteger alone = new AtomicInteger();
        volatile boolean failNextUnit;

        Rows(String scope) {
            this.scope = scope;
        }

        Coalescer<String, String> coalescer(Database db) {
            return new Coalescer<>(
                    db,
                    (tx, requests) -> {
                        unitSizes.add(requests.size());
                        List<Coalescer.Outcome<String>> out = new ArrayList<>();
                        for (String r : requests) {
                            switch (r) {
                                case "refuse" ->
                                    out.add(new Coalescer.Outcome.Refused<>(
                                            new FulcrumException.Forbidden("refused " + r)));
                                case "alone" -> out.add(new Coalescer.Outcome.Alone<>());
                                default -> {
                                    insert(tx, r);
                                    out.add(new Coalescer.Outcome.Done<>("stored " + r));
                                }
                            }
                        }
                        if (failNextUnit) {
                            failNextUnit = false;
                            throw new IllegalStateException("the unit fails after writing its rows");
                        }
                        return out;
                    },
                    r -> db.write(tx -> {
                        alone.incrementAndGet();
                        insert(tx, r);
                        return "stored alone " + r;
                    }));
        }

        void insert(Tx tx, String key) {
            tx.handle()
                    .execute(
                            "INSERT INTO idempotency (scope, key, request_sha, status, response, created_at)"
                                    + " VALUES (?, ?, 'sha', 202, '{}', 0)",
                            scope,
                            key);
        }

        long rows() {
            return app.queryLong("SELECT COUNT(*) FROM idempotency WHERE scope = '" + scope + "'");
        }
    }

    /** Holds the writer in a unit until released, so that what is sent meanwhile queues. */
    static CountDownLatch holdTheWriter() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        callers.submit(() -> db().write(tx -> {
            running.countDown();
            return release.await(10, TimeUnit.SECONDS);
        }));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        return release;
    }

    static List<CompletableFuture<String>> send(Coalescer<String, String> c, List<String> requests) {
        return requests.stream()
                .map(r -> CompletableFuture.supplyAsync(() -> c.submit(r), callers))
                .toList();
    }

    @Test
    void requestsSentWhileTheWriterIsBusyAreWrittenInOneUnitEachWithItsOwnAnswer() throws Exception {
        Rows rows = new Rows("coalesce-together");
        Coalescer<String, String> c = rows.coalescer(db());
        CountDownLatch release = holdTheWriter();
        List<String> requests = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            requests.add("r" + i);
        }
        List<CompletableFuture<String>> answers = send(c, requests);
        Await.await("the forty requests queue behind the busy writer", Duration.ofSeconds(10), () -> c.waiting() == 40);
        assertThat(rows.rows())
                .as("nothing written before the writer takes the unit")
                .isZero();
        release.countDown();
        for (int i = 0; i < 40; i++) {
            assertThat(answers.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("stored r" + i);
        }
        assertThat(rows.unitSizes).containsExactly(40);
        assertThat(rows.rows()).isEqualTo(40);
        assertThat(rows.alone).hasValue(0);
    }

    @Test
    void aRefusalReachesOnlyItsOwnCallerAndWritesNothing() throws Exception {
        Rows rows = new Rows("coalesce-refusal");
        Coalescer<String, String> c = rows.coalescer(db());
        CountDownLatch release = holdTheWriter();
        List<CompletableFuture<String>> answers = send(c, List.of("a", "refuse", "b"));
        Await.await("three requests queue", Duration.ofSeconds(10), () -> c.waiting() == 3);
        release.countDown();
        CompletableFuture<String> refused = answers.get(1);
        assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(FulcrumException.Forbidden.class)
                .hasMessageContaining("refused refuse");
        assertThat(answers.get(0).get(10, TimeUnit.SECONDS)).isEqualTo("stored a");
        assertThat(answers.get(2).get(10, TimeUnit.SECONDS)).isEqualTo("stored b");
        assertThat(rows.rows()).isEqualTo(2);
    }

    @Test
    void aUnitThatFailsIsRolledBackAndEachOfItsRequestsIsWrittenAlone() throws Exception {
        Rows rows = new Rows("coalesce-failure");
        Coalescer<String, String> c = rows.coalescer(db());
        rows.failNextUnit = true;
        CountDownLatch release = holdTheWriter();
        List<CompletableFuture<String>> answers = send(c, List.of("x", "y", "z"));
        Await.await("three requests queue", Duration.ofSeconds(10), () -> c.waiting() == 3);
        release.countDown();
        for (String r : List.of("x", "y", "z")) {
            assertThat(answers.get(List.of("x", "y", "z").indexOf(r)).get(10, TimeUnit.SECONDS))
                    .isEqualTo("stored alone " + r);
        }
        assertThat(rows.unitSizes).containsExactly(3);
        assertThat(rows.alone).hasValue(3);
        assertThat(rows.rows())
                .as("each row once: the failed unit's rows were rolled back")
                .isEqualTo(3);
    }

    @Test
    void aRequestTheUnitLeavesOutIsWrittenAloneAfterIt() throws Exception {
        Rows rows = new Rows("coalesce-alone");
        Coalescer<String, String> c = rows.coalescer(db());
        assertThat(c.submit("alone")).isEqualTo("stored alone alone");
        assertThat(c.submit("one")).isEqualTo("stored one");
        assertThat(rows.unitSizes).containsExactly(1, 1);
        assertThat(rows.rows()).isEqualTo(2);
    }

    @Test
    void aStoreThatNoLongerTakesWritesRefusesTheWaitingRequestsInsteadOfLeavingThemWaiting() {
        Rows rows = new Rows("coalesce-closed");
        Database closed = Database.open(app.app().config(), Clock.systemUTC());
        closed.close();
        Coalescer<String, String> c = rows.coalescer(closed);
        List<CompletableFuture<String>> answers = send(c, List.of("p", "q", "r"));
        for (CompletableFuture<String> answer : answers) {
            assertThatThrownBy(() -> answer.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(FulcrumException.Unavailable.class);
        }
        assertThat(c.waiting()).isZero();
        assertThat(rows.unitSizes).isEmpty();
    }
}
