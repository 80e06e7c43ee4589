package org.fulcrum.server.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.Notices;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Two nodes on one PostgreSQL schema take a notice about the same new subject at the same moment:
 * both are answered, and both notices land in the one case of the subject.
 */
class ConcurrentFoldTest {
    static TestApp a;
    static TestApp b;

    /** The two nodes, once for the class; each repetition races on subjects of its own. */
    @BeforeAll
    static void start() {
        a = TestApp.postgres(c -> c.withRateLimits(0, 0));
        b = TestApp.postgresAt(a.app().config().databaseSchema(), c -> c.withRateLimits(0, 0));
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @RepeatedTest(5)
    void concurrentNoticesAboutANewSubjectOnTwoNodesFoldIntoOneCase(RepetitionInfo repetition) throws Exception {
        Http onA = a.platform();
        Http onB = b.platform();
        for (int round = 0; round < 10; round++) {
            String run = repetition.getCurrentRepetition() + "-" + round;
            String subject = "race-" + run;
            String alice = "alice-" + run;
            String bob = "bob-" + run;
            CyclicBarrier together = new CyclicBarrier(2);
            CompletableFuture<Http.Response> first = CompletableFuture.supplyAsync(() -> {
                await(together);
                return onA.postJson("/v1/notices", Notices.report("scam", alice, subject));
            });
            CompletableFuture<Http.Response> second = CompletableFuture.supplyAsync(() -> {
                await(together);
                return onB.postJson("/v1/notices", Notices.report("scam", bob, subject));
            });
            for (Http.Response r : List.of(first.get(), second.get())) {
                assertThat(r.status()).as(r.body()).isBetween(200, 299);
            }
            assertThat(a.queryLong("SELECT COUNT(*) FROM review_case WHERE subject_id = '" + subject + "'"))
                    .isEqualTo(1);
            assertThat(a.queryLong("SELECT notice_count FROM review_case WHERE subject_id = '" + subject + "'"))
                    .isEqualTo(2);
            assertThat(a.queryLong(
                            "SELECT COUNT(DISTINCT case_id) FROM notice_item WHERE subject_id = '" + subject + "'"))
                    .isEqualTo(1);
            assertThat(a.queryLong("SELECT COUNT(*) FROM notice_item WHERE subject_id = '" + subject + "'"))
                    .isEqualTo(2);
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
