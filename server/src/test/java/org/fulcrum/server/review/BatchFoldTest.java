package org.fulcrum.server.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.notice.Reason;
import org.fulcrum.server.notice.Source;
import org.fulcrum.server.notice.Triage;
import org.fulcrum.server.platform.SubjectKind;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.Notices;
import org.fulcrum.server.support.TestApp;
import org.fulcrum.server.transparency.CanonicalJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The items of a unit of work fold into their cases together ({@link CaseFolds#foldAll}): the case rows
 * come out as if the items had been folded one at a time, and a unit that fails after folding leaves
 * nothing of its folds while the units committed with it keep theirs.
 */
class BatchFoldTest {
    static TestApp app;

    @BeforeAll
    static void start() {
        app = TestApp.sqlite(c -> c.withRateLimits(0, 0));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static Database db() {
        return app.app().module(StoreModule.class).db();
    }

    static JsonNode batch(List<Map<String, Object>> notices) {
        Http.Response r = app.platform().postJson("/v1/notices/batch", Map.of("notices", notices));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().get("results");
    }

    @Test
    void noticesOfOneBatchOnTheSameNewSubjectFoldIntoOneCaseCountingEachReporterOnce() {
        long logBefore = app.count("log_entry");
        JsonNode results = batch(List.of(
                Notices.report("scam", "bf-1", "bf-new-1"),
                Notices.report("scam", "bf-2", "bf-new-1"),
                Notices.report("scam", "bf-1", "bf-new-1"),
                Notices.report("scam", null, "bf-new-1")));
        assertThat(results).hasSize(4);
        String caseId = results.get(0).at("/receipt/items/0/caseId").asText();
        for (JsonNode r : results) {
            assertThat(r.at("/receipt/items/0/caseId").asText()).isEqualTo(caseId);
        }
        assertThat(app.queryLong("SELECT COUNT(*) FROM review_case WHERE subject_id = 'bf-new-1'"))
                .isEqualTo(1);
        assertThat(app.queryLong("SELECT notice_count FROM review_case WHERE id = '" + caseId + "'"))
                .isEqualTo(4);
        // bf-1, bf-2 and the anonymous notifier; bf-1's second notice is not a new reporter
        assertThat(app.queryLong("SELECT reporter_count FROM review_case WHERE id = '" + caseId + "'"))
                .isEqualTo(3);
        assertThat(app.queryLong("SELECT COUNT(*) FROM case_reporter WHERE case_id = '" + caseId + "'"))
                .isEqualTo(2);
        assertThat(app.queryLong("SELECT COUNT(*) FROM notice_item WHERE case_id = '" + caseId + "'"))
                .isEqualTo(4);
        // one log entry per notice, in order; only the first notice opened a case
        List<Object> newCases = new ArrayList<>();
        for (byte[] entry : db().read(h -> h.createQuery("SELECT data FROM log_entry WHERE idx >= :from ORDER BY idx")
                .bind("from", logBefore)
                .mapTo(byte[].class)
                .list())) {
            Map<String, Object> parsed = CanonicalJson.parse(entry);
            if ("notice_received".equals(parsed.get("kind"))) {
                newCases.add(((Map<?, ?>) parsed.get("fields")).get("newCases"));
            }
        }
        assertThat(newCases).containsExactly(1, 0, 0, 0);
    }

    @Test
    void aBatchLeavesTheCaseAsTheSameNoticesOneAtATimeWould() {
        // the same sequence, one per request on one subject and as one batch on another
        List<String> reasons = List.of("spam", "terrorism", "scam", "csam", "spam");
        List<String> reporters = List.of("seq-1", "seq-2", "seq-1", "seq-3", "seq-2");
        for (String subject : List.of("bf-seq-a-old", "bf-seq-b-old")) {
            // both subjects start with an open case, so the sequence also escalates an existing one
            assertThat(app.platform()
                            .postJson("/v1/notices", Notices.report("spam", "seq-0", subject))
                            .status())
                    .isEqualTo(202);
        }
        for (String suffix : List.of("new", "old")) {
            for (int i = 0; i < reasons.size(); i++) {
                Http.Response r = app.platform()
                        .postJson(
                                "/v1/notices", Notices.report(reasons.get(i), reporters.get(i), "bf-seq-a-" + suffix));
                assertThat(r.status()).as(r.body()).isEqualTo(202);
            }
            List<Map<String, Object>> notices = new ArrayList<>();
            for (int i = 0; i < reasons.size(); i++) {
                notices.add(Notices.report(reasons.get(i), reporters.get(i), "bf-seq-b-" + suffix));
            }
            batch(notices);
            String columns = "reason, category, source, severity, lane, queue_id, audience, priority, notice_count,"
                    + " reporter_count, trusted_count, status";
            assertThat(row(columns, "bf-seq-b-" + suffix)).as(suffix).isEqualTo(row(columns, "bf-seq-a-" + suffix));
            assertThat(row("reason", "bf-seq-b-" + suffix)).containsExactly("terrorism");
            assertThat(app.queryLong("SELECT COUNT(*) FROM review_case WHERE subject_id = 'bf-seq-b-" + suffix + "'"))
                    .isEqualTo(1);
        }
        // the deadline only ever comes closer: the critical notice's, not the first spam's
        // (the one-at-a-time notices were received a few milliseconds apart, the batch's all at once)
        assertThat(app.queryLong("SELECT due_at - first_notice_at FROM review_case WHERE subject_id = 'bf-seq-b-new'"))
                .isCloseTo(
                        app.queryLong(
                                "SELECT due_at - first_notice_at FROM review_case WHERE subject_id = 'bf-seq-a-new'"),
                        org.assertj.core.data.Offset.offset(2_000L));
    }

    static List<String> row(String columns, String subject) {
        return db().read(h -> h
                .createQuery("SELECT " + columns + " FROM review_case WHERE subject_id = :s")
                .bind("s", subject)
                .mapToMap()
                .one()
                .values()
                .stream()
                .map(String::valueOf)
                .toList());
    }

    @Test
    void aUnitThatFailsAfterFoldingLeavesNothingAndTheOthersOfItsGroupKeepTheirs() throws Exception {
        CaseFolds cases = new CaseFolds(
                db(), app.app().clock(), new Queues(db(), app.app().clock()));
        Map<Integer, String> committed = new ConcurrentHashMap<>();
        List<Future<?>> futures = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                int unit = i;
                futures.add(pool.submit(() -> db().write(tx -> {
                    // every unit folds two items into the shared subject and one into its own
                    List<Triage.Folded> folded = cases.foldAll(
                            tx,
                            List.of(
                                    incoming("bf-shared", "unit-" + unit),
                                    incoming("bf-own-" + unit, "unit-" + unit),
                                    incoming("bf-shared", "other-" + unit)));
                    if (unit % 5 == 2) {
                        throw new IllegalStateException("unit " + unit + " fails after folding");
                    }
                    committed.put(unit, folded.get(1).caseId());
                    return null;
                })));
            }
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException expected) {
                assertThat(expected.getCause()).hasMessageContaining("fails after folding");
            }
        }
        assertThat(committed).hasSize(160);
        for (int unit = 0; unit < 200; unit++) {
            long cases1 = app.queryLong("SELECT COUNT(*) FROM review_case WHERE subject_id = 'bf-own-" + unit + "'");
            long subjects = app.queryLong("SELECT COUNT(*) FROM subject WHERE id = 'bf-own-" + unit + "'");
            if (unit % 5 == 2) {
                assertThat(cases1).as("unit %d", unit).isZero();
                assertThat(subjects).as("unit %d", unit).isZero();
            } else {
                assertThat(cases1).as("unit %d", unit).isEqualTo(1);
                assertThat(app.queryString("SELECT id FROM review_case WHERE subject_id = 'bf-own-" + unit + "'"))
                        .isEqualTo(committed.get(unit));
            }
        }
        // the shared subject's one case counts exactly the committed units' items and reporters
        assertThat(app.queryLong("SELECT COUNT(*) FROM review_case WHERE subject_id = 'bf-shared'"))
                .isEqualTo(1);
        assertThat(app.queryLong("SELECT notice_count FROM review_case WHERE subject_id = 'bf-shared'"))
                .isEqualTo(320);
        assertThat(app.queryLong("SELECT reporter_count FROM review_case WHERE subject_id = 'bf-shared'"))
                .isEqualTo(320);
        assertThat(app.queryLong("SELECT COUNT(*) FROM case_reporter r JOIN review_case c ON c.id = r.case_id"
                        + " WHERE c.subject_id = 'bf-shared'"))
                .isEqualTo(320);
    }

    static Triage.Incoming incoming(String subject, String reporter) {
        return new Triage.Incoming(
                "ntc-test",
                subject,
                SubjectKind.post,
                Reason.scam,
                Source.user_report,
                false,
                Optional.of("user:" + reporter),
                Instant.parse("2026-12-01T10:00:00Z"));
    }
}
