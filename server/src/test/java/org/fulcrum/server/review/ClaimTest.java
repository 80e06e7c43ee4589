package org.fulcrum.server.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.ManualTime;
import org.fulcrum.server.support.Moderators;
import org.fulcrum.server.support.Notices;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** A case is never worked by two moderators at once, however their claims race. */
class ClaimTest {
    static final int MODERATORS = 8;
    static ManualTime sharedClock;
    static TestApp shared;
    static int runs;

    ManualTime clock;
    TestApp app;
    List<Http> moderators = new ArrayList<>();
    /** This test's prefix: its posts and moderators are its own. */
    String p;

    /**
     * One app with a manual clock for the tests that work on cases of their own. A test that moves
     * the clock past the claim lifetime lapses only claims nobody checks afterwards, and each test
     * signs its moderators in afresh, as sessions unused for half an hour end.
     */
    @BeforeAll
    static void startShared() {
        sharedClock = ManualTime.startingNow();
        shared = TestApp.sqlite(sharedClock.clock(), c -> c.withRateLimits(0, 0));
    }

    @AfterAll
    static void stopShared() {
        shared.close();
    }

    void staffAndPosts() {
        p = "cl" + ++runs;
        Moderators staff = new Moderators(app);
        for (int i = 0; i < MODERATORS; i++) {
            moderators.add(staff.moderator(p + "-mod-" + i));
        }
        assertThat(app.platform()
                        .postJson("/v1/platform/events", Events.batch(0, 30, p))
                        .status())
                .isEqualTo(200);
    }

    String report(String subject) {
        return app.platform()
                .postJson("/v1/notices", Notices.report("spam", "u-" + subject, subject))
                .json()
                .at("/items/0/caseId")
                .asText();
    }

    @Nested
    class OnTheSharedApp {
        @BeforeEach
        void start() {
            clock = sharedClock;
            app = shared;
            staffAndPosts();
        }

        @Test
        void concurrentClaimsOnOneCaseLeaveExactlyOneHolder() throws Exception {
            for (int round = 0; round < 5; round++) {
                String caseId = report(p + "-post-" + round);
                CountDownLatch go = new CountDownLatch(1);
                AtomicInteger won = new AtomicInteger();
                AtomicInteger refused = new AtomicInteger();
                try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (Http m : moderators) {
                        pool.submit(() -> {
                            go.await();
                            int status = m.post("/v1/review/cases/" + caseId + "/claim")
                                    .status();
                            if (status == 200) {
                                won.incrementAndGet();
                            } else if (status == 409) {
                                refused.incrementAndGet();
                            }
                            return null;
                        });
                    }
                    go.countDown();
                }
                assertThat(won.get()).as("round %d", round).isEqualTo(1);
                assertThat(refused.get()).isEqualTo(MODERATORS - 1);
                String holder = app.queryString("SELECT assigned_to FROM review_case WHERE id = '" + caseId + "'");
                assertThat(holder).startsWith("staff:");
            }
        }

        @Test
        void aLapsedClaimCanBeTakenOverAndAReleasedCaseIsFree() {
            String caseId = report(p + "-post-1");
            Http first = moderators.get(0);
            Http second = moderators.get(1);
            assertThat(first.post("/v1/review/cases/" + caseId + "/claim").status())
                    .isEqualTo(200);
            assertThat(second.post("/v1/review/cases/" + caseId + "/claim").status())
                    .isEqualTo(409);
            assertThat(second.postJson("/v1/review/cases/" + caseId + "/decision", Moderators.remove("ToS 1"))
                            .status())
                    .isEqualTo(409);
            // both keep working meanwhile (a session unused for half an hour ends), but not on this case
            clock.advance(Cases.CLAIM_TTL.dividedBy(2));
            assertThat(first.get("/v1/review/queues").status()).isEqualTo(200);
            assertThat(second.get("/v1/review/queues").status()).isEqualTo(200);
            clock.advance(Cases.CLAIM_TTL.dividedBy(2).plus(Duration.ofSeconds(1)));
            assertThat(second.post("/v1/review/cases/" + caseId + "/claim").status())
                    .isEqualTo(200);
            assertThat(first.postJson("/v1/review/cases/" + caseId + "/decision", Moderators.remove("ToS 1"))
                            .status())
                    .isEqualTo(409);
            assertThat(second.post("/v1/review/cases/" + caseId + "/release").status())
                    .isEqualTo(200);
            assertThat(first.post("/v1/review/cases/" + caseId + "/claim").status())
                    .isEqualTo(200);
            assertThat(app.queryLong("SELECT COUNT(*) FROM audit WHERE action = 'case.claim' AND target = 'case:"
                            + caseId + "'"))
                    .isEqualTo(3);
        }
    }

    /** On an app of its own: the test takes every case of the general queue and expects exactly its own. */
    @Nested
    class OnAnAppOfItsOwn {
        @BeforeEach
        void start() {
            clock = ManualTime.startingNow();
            app = TestApp.sqlite(clock.clock(), c -> c.withRateLimits(0, 0));
            staffAndPosts();
        }

        @AfterEach
        void stop() {
            app.close();
        }

        @Test
        void moderatorsTakingNextCasesConcurrentlyNeverGetTheSameOne() throws Exception {
            Set<String> expected = new HashSet<>();
            for (int i = 10; i < 30; i++) {
                expected.add(report(p + "-post-" + i));
            }
            List<String> taken = Collections.synchronizedList(new ArrayList<>());
            ConcurrentHashMap<String, String> byCase = new ConcurrentHashMap<>();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (Http m : moderators) {
                    pool.submit(() -> {
                        while (true) {
                            Http.Response r = m.post("/v1/review/queues/q_general/next");
                            if (r.status() == 204) {
                                return null;
                            }
                            String id = r.json().get("id").asText();
                            taken.add(id);
                            byCase.merge(id, r.json().get("assignedTo").asText(), (a, b) -> a + "," + b);
                            // a moderator keeps working: release nothing, ask for the next one
                        }
                    });
                }
            }
            assertThat(taken).hasSize(expected.size()).doesNotHaveDuplicates();
            assertThat(new HashSet<>(taken)).isEqualTo(expected);
            assertThat(byCase.values()).allMatch(v -> !v.contains(","));
        }
    }
}
