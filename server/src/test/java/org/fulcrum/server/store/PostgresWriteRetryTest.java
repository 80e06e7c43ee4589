package org.fulcrum.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.support.Postgres;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two stores on one PostgreSQL schema, as two nodes are: units that lock two subject rows in
 * opposite orders really deadlock; PostgreSQL rolls one back, and a unit written with
 * {@link Database#writeRetrying} is run again and commits once, while one written with
 * {@link Database#write} fails.
 */
class PostgresWriteRetryTest {
    static Database one;
    static Database two;

    @BeforeAll
    static void open() throws Exception {
        Postgres.require();
        String schema = Postgres.freshSchema();
        Path dir = Files.createTempDirectory("fulcrum-retry");
        var config = TestApp.config(dir).withDatabase(Postgres.URL, "", "", schema);
        one = Database.open(config, Clock.systemUTC());
        two = Database.open(config, Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        if (one != null) {
            one.close();
        }
        if (two != null) {
            two.close();
        }
    }

    /** What one side of the deadlock did: how often its unit ran, and how it ended. */
    record Side(AtomicInteger runs, AtomicReference<Object> outcome, Thread thread) {}

    /**
     * Starts a unit on {@code db} that bumps {@code first}, waits (on its first run only) until the
     * other side holds its first row too, then bumps {@code second}.
     */
    static Side lockInOrder(Database db, boolean retrying, String first, String second, CountDownLatch bothHold) {
        AtomicInteger runs = new AtomicInteger();
        AtomicReference<Object> outcome = new AtomicReference<>();
        Tx.Work<String> work = tx -> {
            bump(tx, first);
            if (runs.incrementAndGet() == 1) {
                bothHold.countDown();
                assertThat(bothHold.await(20, TimeUnit.SECONDS))
                        .as("the other side holds its first row")
                        .isTrue();
            }
            bump(tx, second);
            return "committed";
        };
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                outcome.set(retrying ? db.writeRetrying(work) : db.write(work));
            } catch (RuntimeException e) {
                outcome.set(e);
            }
        });
        return new Side(runs, outcome, t);
    }

    static void bump(Tx tx, String subject) {
        assertThat(tx.handle()
                        .createUpdate("UPDATE subject SET version = version + 1 WHERE id = :id")
                        .bind("id", subject)
                        .execute())
                .isOne();
    }

    static void subjects(String... ids) {
        one.write(tx -> {
            for (String id : ids) {
                tx.handle().createUpdate("""
                                INSERT INTO subject (id, kind, created_at, updated_at, version)
                                VALUES (:id, 'post', 0, 0, 0)""").bind("id", id).execute();
            }
            return null;
        });
    }

    static long version(String id) {
        return one.read(h -> h.createQuery("SELECT version FROM subject WHERE id = :id")
                .bind("id", id)
                .mapTo(Long.class)
                .one());
    }

    static long deadlocks() {
        return one.retries().count(Retries.Reason.deadlock) + two.retries().count(Retries.Reason.deadlock);
    }

    @Test
    void aUnitRolledBackAsADeadlockVictimIsRunAgainAndCommitsOnce() throws Exception {
        subjects("retry-a", "retry-b");
        long before = deadlocks();
        CountDownLatch bothHold = new CountDownLatch(2);
        Side left = lockInOrder(one, true, "retry-a", "retry-b", bothHold);
        Side right = lockInOrder(two, true, "retry-b", "retry-a", bothHold);
        left.thread().join(60_000);
        right.thread().join(60_000);

        assertThat(List.of(left.outcome().get(), right.outcome().get()))
                .as("both units committed")
                .containsExactly("committed", "committed");
        assertThat(left.runs().get() + right.runs().get())
                .as("the deadlock victim ran twice, the other once")
                .isEqualTo(3);
        assertThat(deadlocks() - before).as("one retry counted as a deadlock").isEqualTo(1);
        assertThat(List.of(version("retry-a"), version("retry-b")))
                .as("each unit's change stored once")
                .containsExactly(2L, 2L);
    }

    @Test
    void aUnitWrittenWithoutRetryFailsWithTheDeadlock() throws Exception {
        subjects("plain-a", "plain-b");
        CountDownLatch bothHold = new CountDownLatch(2);
        Side left = lockInOrder(one, false, "plain-a", "plain-b", bothHold);
        Side right = lockInOrder(two, false, "plain-b", "plain-a", bothHold);
        left.thread().join(60_000);
        right.thread().join(60_000);

        List<Object> outcomes =
                new ArrayList<>(List.of(left.outcome().get(), right.outcome().get()));
        assertThat(outcomes).as("one unit committed").containsOnlyOnce("committed");
        outcomes.remove("committed");
        assertThat(outcomes.getFirst()).isInstanceOf(RuntimeException.class);
        assertThat(Retries.Reason.of((Throwable) outcomes.getFirst()))
                .as("the other was PostgreSQL's deadlock victim")
                .contains(Retries.Reason.deadlock);
        assertThat(left.runs().get() + right.runs().get()).isEqualTo(2);
        assertThat(version("plain-a") + version("plain-b"))
                .as("only the survivor's changes stored")
                .isEqualTo(2);
    }

    @Test
    void aUnitThatKeepsFailingIsRunABoundedNumberOfTimesThenAnsweredUnavailable() {
        AtomicInteger runs = new AtomicInteger();
        long before = one.retries().count(Retries.Reason.serialization);
        assertThatThrownBy(() -> one.writeRetrying(tx -> {
                    runs.incrementAndGet();
                    throw new SQLException("could not serialize access", "40001");
                }))
                .isInstanceOf(FulcrumException.Unavailable.class)
                .hasRootCauseInstanceOf(SQLException.class);
        assertThat(runs.get()).isEqualTo(Retries.ATTEMPTS);
        assertThat(one.retries().count(Retries.Reason.serialization) - before).isEqualTo(Retries.ATTEMPTS - 1);
    }

    @Test
    void otherFailuresAreNotRunAgain() {
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> one.writeRetrying(tx -> {
                    runs.incrementAndGet();
                    // a unique violation: says something against the unit, running it again would not help
                    tx.handle()
                            .execute(
                                    "INSERT INTO subject (id, kind, created_at, updated_at) VALUES ('dup', 'post', 0, 0)");
                    tx.handle()
                            .execute(
                                    "INSERT INTO subject (id, kind, created_at, updated_at) VALUES ('dup', 'post', 0, 0)");
                    return null;
                }))
                .satisfies(e -> assertThat(Retries.Reason.of(e)).isEmpty());
        assertThat(runs.get()).isOne();
    }
}
