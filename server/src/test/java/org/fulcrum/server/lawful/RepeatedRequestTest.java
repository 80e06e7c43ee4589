package org.fulcrum.server.lawful;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.lawful.request.Submission;
import org.fulcrum.server.store.Retries;
import org.fulcrum.server.support.Await;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.Postgres;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.fulcrum.server.web.Bodies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An agency's own reference names one request: a second submission under it, a retry signed anew or
 * the same request reaching two nodes at once, is answered with the request already stored and adds
 * no request, log entry, deadline or user notice.
 */
class RepeatedRequestTest {
    private static final Json JSON = Json.strict();
    private static final Bodies BODIES = new Bodies(Long.MAX_VALUE, JSON);

    static final String PATH = "/v1/lawful/requests";

    @Nested
    class OneNode {
        @Test
        void aRepeatIsAnsweredWithTheStoredRequestAndAddsNothing() {
            try (TestApp app = TestApp.sqlite()) {
                Http legal = app.http().session(new StaffSessions(app.app()).signIn("legal.repeat", Role.LEGAL));
                Authority a = Authority.register(legal, app.url(), "FR", "OCLCTIC", true);
                app.platform()
                        .postJson(
                                "/v1/platform/events",
                                Map.of("events", List.of(Events.post("e-rp", "rp-post", "c-rp", "x"))));
                String body = JSON.write(Orders.tco("TCO-REPEAT-1", "FR", "rp-post"));

                Authority.Response first = a.send("POST", PATH, body);
                assertThat(first.status()).as(first.body()).isEqualTo(201);
                String id = first.json().get("id").asText();
                Footprint before = Footprint.of(app);

                Authority.Response again = a.send("POST", PATH, body);
                assertThat(again.status()).as(again.body()).isEqualTo(200);
                assertThat(again.json().get("id").asText()).isEqualTo(id);
                assertThat(again.raw().headers().firstValue("Location")).hasValue(PATH + "/" + id);
                assertThat(again.json().get("status").asText())
                        .isEqualTo(first.json().get("status").asText());
                assertThat(again.json().get("deadline")).isEqualTo(first.json().get("deadline"));
                assertThat(Footprint.of(app)).as("a repeat adds nothing").isEqualTo(before);

                // the same reference for something else is not answered with the stored request
                Authority.Response other = a.send("POST", PATH, JSON.write(Orders.tco("TCO-REPEAT-1", "FR", "p-2")));
                assertThat(other.status()).as(other.body()).isEqualTo(409);
                assertThat(other.json().get("detail").asText()).contains(id);
                assertThat(Footprint.of(app)).isEqualTo(before);

                // another agency's reference is its own
                Authority b = Authority.register(legal, app.url(), "FR", "Gendarmerie", true);
                Authority.Response theirs = b.send("POST", PATH, body);
                assertThat(theirs.status()).as(theirs.body()).isEqualTo(201);
                assertThat(theirs.json().get("id").asText()).isNotEqualTo(id);
            }
        }
    }

    /**
     * One pair of nodes on one schema for both tests: each works on a post, an agency and references
     * of its own, and counts over the whole store are read before and after its step.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class TwoNodes {
        static final String PUBLIC_URL = "http://fulcrum.cluster.example";
        static final int ROUNDS = 8;

        TestApp a;
        TestApp b;

        @BeforeAll
        void start() {
            Postgres.require();
            String schema = Postgres.freshSchema();
            UnaryOperator<Config> shared = c -> c.withPublicUrl(PUBLIC_URL);
            a = TestApp.postgresAt(schema, shared);
            b = TestApp.postgresAt(schema, shared);
        }

        @AfterAll
        void stop() {
            if (b != null) {
                b.close();
            }
            if (a != null) {
                a.close();
            }
        }

        @Test
        void twoNodesReceivingTheSameRequestAtOnceStoreItOnceAndAnswerBothWithIt() throws Exception {
            try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                Http legal = a.http().session(new StaffSessions(a.app()).signIn("legal.race", Role.LEGAL));
                Authority officer = Authority.register(legal, PUBLIC_URL, "DE", "BKA", true);
                a.platform()
                        .postJson(
                                "/v1/platform/events",
                                Map.of("events", List.of(Events.post("e-race", "race-post", "c-race", "x"))));
                long requestsBefore = a.queryLong("SELECT COUNT(*) FROM lawful_request");
                long receiptsBefore = a.queryLong("SELECT COUNT(*) FROM log_entry WHERE kind = 'request_received'");

                List<String> ids = new ArrayList<>();
                for (int i = 0; i < ROUNDS; i++) {
                    String body = JSON.write(Orders.tco("TCO-RACE-" + i, "DE", "race-post"));
                    // each node gets the request signed on its own, as a client retrying elsewhere sends it
                    List<Authority.Response> answers = atOnce(
                            pool, a.url(), officer.sign("POST", PATH, body), b.url(), officer.sign("POST", PATH, body));
                    assertThat(answers.stream().map(Authority.Response::status).sorted())
                            .as("round %d: one received, one repeat: %s", i, answers)
                            .containsExactly(200, 201);
                    String id = answers.get(0).json().get("id").asText();
                    assertThat(answers.get(1).json().get("id").asText())
                            .as("round %d", i)
                            .isEqualTo(id);
                    ids.add(id);
                }
                assertThat(ids).doesNotHaveDuplicates();

                // the very same signed message at both nodes: one takes it, the other sees its nonce used
                String body = JSON.write(Orders.tco("TCO-RACE-SAME", "DE", "race-post"));
                Map<String, String> once = officer.sign("POST", PATH, body);
                List<Authority.Response> answers = atOnce(pool, a.url(), once, b.url(), once);
                assertThat(answers.stream().map(Authority.Response::status).sorted())
                        .as("%s", answers)
                        .containsExactly(201, 401);
                assertThat(answers.stream()
                                .filter(r -> r.status() == 401)
                                .findFirst()
                                .orElseThrow()
                                .json()
                                .get("type")
                                .asText())
                        .endsWith("replayed-nonce");

                assertThat(a.queryLong("SELECT COUNT(*) FROM lawful_request") - requestsBefore)
                        .isEqualTo(ROUNDS + 1);
                assertThat(a.queryLong("SELECT COUNT(*) FROM log_entry WHERE kind = 'request_received'")
                                - receiptsBefore)
                        .as("one receipt entry per request")
                        .isEqualTo(ROUNDS + 1);
                assertThat(a.queryLong("""
                                SELECT COUNT(*) FROM (SELECT request_id FROM user_notice
                                GROUP BY request_id, account_id HAVING COUNT(*) > 1) twice"""))
                        .as("no user owed two notices of one request")
                        .isZero();

                String held = heldByOneNodeWhileTheOtherReceives(pool, a, b, officer, ids.getFirst());
                assertThat(a.queryLong("SELECT COUNT(*) FROM lawful_request WHERE reference = 'TCO-HELD'"))
                        .isEqualTo(1);
                assertThat(held).isNotBlank();
            }
        }

        /**
         * Node b's intake unit takes the log's size row (the receipt entry), then the ordered post's
         * row (the removal); node a's unit holds the post and then wants the log's row. PostgreSQL
         * breaks the deadlock by rolling one unit back; it runs again once the other committed, and
         * the agency gets its 201, not a server error, with one request, one receipt and a whole log.
         */
        @Test
        void aLawfulRequestCaughtInADeadlockWithAnotherNodeIsRunAgainAndAnswered() throws Exception {
            try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                Http legal = a.http().session(new StaffSessions(a.app()).signIn("legal.deadlock", Role.LEGAL));
                Authority officer = Authority.register(legal, PUBLIC_URL, "DE", "LKA Berlin", true);
                a.platform()
                        .postJson(
                                "/v1/platform/events",
                                Map.of("events", List.of(Events.post("e-dl", "dl-post", "c-dl", "x"))));
                long deadlocksBefore = deadlocks(a, b);
                long entriesBefore = a.queryLong("SELECT COUNT(*) FROM log_entry");
                long receiptsBefore = a.queryLong("SELECT COUNT(*) FROM log_entry WHERE kind = 'request_received'");

                AtomicInteger runs = new AtomicInteger();
                CountDownLatch postLocked = new CountDownLatch(1);
                Future<Object> other =
                        pool.submit(() -> a.app().module(StoreModule.class).db().writeRetrying(tx -> {
                            tx.handle()
                                    .createUpdate("UPDATE subject SET version = version + 1 WHERE id = 'dl-post'")
                                    .execute();
                            if (runs.incrementAndGet() == 1) {
                                long me = tx.handle()
                                        .createQuery("SELECT pg_backend_pid()")
                                        .mapTo(Long.class)
                                        .one();
                                postLocked.countDown();
                                Await.await(
                                        "node b's intake waits for the post node a holds",
                                        Duration.ofSeconds(30),
                                        () -> a.queryLong("SELECT COUNT(*) FROM pg_stat_activity WHERE " + me
                                                        + " = ANY(pg_blocking_pids(pid))")
                                                > 0);
                            }
                            tx.handle()
                                    .createQuery("UPDATE log_state SET size = size WHERE id = 1 RETURNING size")
                                    .mapTo(Long.class)
                                    .one();
                            return null;
                        }));
                assertThat(postLocked.await(30, TimeUnit.SECONDS)).isTrue();
                String body = JSON.write(Orders.tco("TCO-DEADLOCK", "DE", "dl-post"));
                Authority.Response answer = Authority.raw(b.url(), "POST", PATH, officer.sign("POST", PATH, body));
                other.get(60, TimeUnit.SECONDS);

                assertThat(answer.status()).as(answer.body()).isEqualTo(201);
                assertThat(deadlocks(a, b) - deadlocksBefore)
                        .as("the deadlock's victim was run again")
                        .isGreaterThanOrEqualTo(1);
                assertThat(runs.get())
                        .as("node a's unit ran once, or twice as the victim")
                        .isBetween(1, 2);
                assertThat(a.queryLong("SELECT COUNT(*) FROM lawful_request WHERE reference = 'TCO-DEADLOCK'"))
                        .isEqualTo(1);
                assertThat(a.queryLong("SELECT COUNT(*) FROM log_entry WHERE kind = 'request_received'")
                                - receiptsBefore)
                        .isEqualTo(1);
                assertThat(a.queryLong("SELECT COUNT(*) FROM log_entry"))
                        .as("the request's entries appended once, after what was there")
                        .isGreaterThan(entriesBefore);
                assertThat(a.queryLong("SELECT COALESCE(MAX(idx), -1) + 1 FROM log_entry"))
                        .as("no gap in the log")
                        .isEqualTo(a.queryLong("SELECT COUNT(*) FROM log_entry"));
                assertThat(a.queryLong("SELECT size FROM log_state WHERE id = 1"))
                        .isEqualTo(a.queryLong("SELECT COUNT(*) FROM log_entry"));
                assertThat(answer.json().get("status").asText())
                        .as("the order was executed")
                        .isEqualTo("completed");
                assertThat(a.queryLong("SELECT COUNT(*) FROM subject WHERE id = 'dl-post' AND visibility = 'removed'"))
                        .isOne();
            }
        }

        static long deadlocks(TestApp a, TestApp b) {
            return a.app().module(StoreModule.class).db().retries().count(Retries.Reason.deadlock)
                    + b.app().module(StoreModule.class).db().retries().count(Retries.Reason.deadlock);
        }

        /**
         * Node a holds an uncommitted request under a reference while node b receives the same one:
         * b finds nothing stored, its insert waits for a's transaction and then writes nothing, and
         * it answers with a's request once a commits.
         */
        String heldByOneNodeWhileTheOtherReceives(
                ExecutorService pool, TestApp a, TestApp b, Authority officer, String template) throws Exception {
            String body = JSON.write(Orders.tco("TCO-HELD", "DE", "race-post"));
            String stored = JSON.write(BODIES.parse(body.getBytes(StandardCharsets.UTF_8), Submission.class));
            String heldId = "lr-held-" + System.nanoTime();
            CountDownLatch inserted = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<Object> holder =
                    pool.submit(() -> a.app().module(StoreModule.class).db().write(tx -> {
                        tx.handle()
                                .createUpdate("""
                                INSERT INTO lawful_request (id, reference, lane, instrument, kind, jurisdiction,
                                    agency_id, officer_id, key_id, entered_by, addressed_to, entity, routed_from,
                                    status, verification, emergency, gag_until, flags, received_at, deadline_at,
                                    body, body_sha256, updated_at)
                                SELECT :id, 'TCO-HELD', lane, instrument, kind, jurisdiction, agency_id, officer_id,
                                    key_id, entered_by, addressed_to, entity, routed_from, 'in_review', verification,
                                    emergency, gag_until, flags, received_at, deadline_at, :body, body_sha256,
                                    updated_at
                                FROM lawful_request WHERE id = :t""")
                                .bind("id", heldId)
                                .bind("body", stored)
                                .bind("t", template)
                                .execute();
                        inserted.countDown();
                        assertThat(release.await(60, TimeUnit.SECONDS)).isTrue();
                        return null;
                    }));
            assertThat(inserted.await(30, TimeUnit.SECONDS)).isTrue();
            Future<Authority.Response> receiving =
                    pool.submit(() -> Authority.raw(b.url(), "POST", PATH, officer.sign("POST", PATH, body)));
            Await.await(
                    "node b's insert waits for node a's transaction",
                    Duration.ofSeconds(30),
                    () -> b.queryLong("""
                                    SELECT COUNT(*) FROM pg_stat_activity
                                    WHERE wait_event_type = 'Lock'
                                    AND query LIKE '%INSERT INTO lawful_request%ON CONFLICT%'""") > 0);
            assertThat(receiving.isDone()).isFalse();
            release.countDown();
            holder.get(30, TimeUnit.SECONDS);
            Authority.Response answer = receiving.get(30, TimeUnit.SECONDS);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.json().get("id").asText()).isEqualTo(heldId);
            return heldId;
        }

        /** Sends two requests at the same moment, one to each base URL; the answers in that order. */
        static List<Authority.Response> atOnce(
                ExecutorService pool, String baseA, Map<String, String> toA, String baseB, Map<String, String> toB)
                throws Exception {
            CyclicBarrier start = new CyclicBarrier(2);
            Future<Authority.Response> first = pool.submit(() -> {
                start.await();
                return Authority.raw(baseA, "POST", PATH, toA);
            });
            Future<Authority.Response> second = pool.submit(() -> {
                start.await();
                return Authority.raw(baseB, "POST", PATH, toB);
            });
            return List.of(first.get(60, TimeUnit.SECONDS), second.get(60, TimeUnit.SECONDS));
        }
    }

    /** What storing a request leaves behind, counted across the whole store. */
    record Footprint(long requests, long receipts, long userNotices, long outbox) {
        static Footprint of(TestApp app) {
            return new Footprint(
                    app.queryLong("SELECT COUNT(*) FROM lawful_request"),
                    app.queryLong("SELECT COUNT(*) FROM log_entry WHERE kind = 'request_received'"),
                    app.queryLong("SELECT COUNT(*) FROM user_notice"),
                    app.queryLong("SELECT COUNT(*) FROM outbox"));
        }
    }
}
