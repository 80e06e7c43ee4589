package org.fulcrum.server.notice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.Notices;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Notice intake over HTTP: receipts, folding, idempotency and hostile input. */
class NoticeIntakeTest {
    private static final Json JSON = Json.strict();

    static TestApp app;

    @BeforeAll
    static void start() {
        app = TestApp.sqlite();
        assertThat(app.platform()
                        .postJson("/v1/platform/events", Events.batch(0, 40, "ni"))
                        .status())
                .isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static Http.Response report(Object body) {
        return body instanceof String json
                ? app.platform().postJson("/v1/notices", json)
                : app.platform().postJson("/v1/notices", body);
    }

    @Test
    void aUserReportIsAcknowledgedAtOnceWithATrackingIdAndLogged() {
        long logBefore = app.count("log_entry") + app.queryLong("SELECT COUNT(*) FROM notice");
        Http.Response r = report(Notices.report("scam", "u-1", "ni-post-1"));
        assertThat(r.status()).isEqualTo(202);
        JsonNode receipt = r.json();
        assertThat(receipt.get("trackingId").asText()).startsWith("ntc_");
        assertThat(receipt.get("status").asText()).isEqualTo("received");
        assertThat(receipt.get("source").asText()).isEqualTo("user_report");
        assertThat(receipt.get("art16Complete").asBoolean()).isTrue();
        assertThat(receipt.at("/items/0/caseId").asText()).startsWith("case_");
        String id = receipt.get("trackingId").asText();
        assertThat(app.queryString("SELECT category FROM notice WHERE id = '" + id + "'"))
                .isEqualTo("SCAMS_AND_FRAUD");
        // the notice went into the transparency log in the same unit, without the reporter's identity
        assertThat(app.count("log_entry") + app.queryLong("SELECT COUNT(*) FROM notice"))
                .isEqualTo(logBefore + 2);
        String entry = app.queryString("SELECT CAST(data AS VARCHAR(10000)) FROM log_entry ORDER BY idx DESC LIMIT 1");
        assertThat(entry).contains("notice_received").doesNotContain("u-1").doesNotContain("mail.example");
    }

    @Test
    void oneNoticeNamesManyItemsAndEachJoinsItsSubjectsCase() {
        JsonNode receipt = report(Notices.report("spam", "u-2", "ni-post-2", "ni-post-3", "ni-post-4"))
                .json();
        assertThat(receipt.get("items")).hasSize(3);
        List<String> cases = new ArrayList<>();
        receipt.get("items").forEach(i -> cases.add(i.get("caseId").asText()));
        assertThat(cases).doesNotHaveDuplicates();
        assertThat(app.queryLong("SELECT COUNT(*) FROM notice_item WHERE notice_id = '"
                        + receipt.get("trackingId").asText() + "'"))
                .isEqualTo(3);
    }

    @Test
    void duplicateNoticesOnOneSubjectFoldIntoOneCaseCountingDistinctReporters() {
        String first = report(Notices.report("hate_speech", "u-10", "ni-post-10"))
                .json()
                .at("/items/0/caseId")
                .asText();
        String second = report(Notices.report("hate_speech", "u-11", "ni-post-10"))
                .json()
                .at("/items/0/caseId")
                .asText();
        String third = report(Notices.report("hate_speech", "u-10", "ni-post-10"))
                .json()
                .at("/items/0/caseId")
                .asText();
        String anonymous = report(Notices.report("hate_speech", null, "ni-post-10"))
                .json()
                .at("/items/0/caseId")
                .asText();
        assertThat(List.of(second, third, anonymous)).containsOnly(first);
        assertThat(app.queryLong("SELECT notice_count FROM review_case WHERE id = '" + first + "'"))
                .isEqualTo(4);
        assertThat(app.queryLong("SELECT reporter_count FROM review_case WHERE id = '" + first + "'"))
                .isEqualTo(3);
        assertThat(app.queryLong("SELECT COUNT(*) FROM review_case WHERE subject_id = 'ni-post-10'"))
                .isEqualTo(1);
    }

    @Test
    void reportsSentAtOnceOnOneSubjectFoldIntoOneCaseEachWithItsOwnReceipt() throws Exception {
        List<java.util.concurrent.CompletableFuture<Http.Response>> sent = new ArrayList<>();
        try (var callers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 30; i++) {
                Object body = Notices.report("hate_speech", "u-concurrent-" + (i % 10), "ni-post-11");
                sent.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> report(body), callers));
            }
        }
        List<String> notices = new ArrayList<>();
        List<String> cases = new ArrayList<>();
        for (var r : sent) {
            assertThat(r.get().status()).isEqualTo(202);
            notices.add(r.get().json().get("trackingId").asText());
            cases.add(r.get().json().at("/items/0/caseId").asText());
        }
        assertThat(notices).doesNotHaveDuplicates();
        assertThat(cases).containsOnly(cases.getFirst());
        assertThat(app.queryLong("SELECT notice_count FROM review_case WHERE id = '" + cases.getFirst() + "'"))
                .isEqualTo(30);
        assertThat(app.queryLong("SELECT reporter_count FROM review_case WHERE id = '" + cases.getFirst() + "'"))
                .isEqualTo(10);
        assertThat(app.queryLong("SELECT COUNT(*) FROM notice_item WHERE subject_id = 'ni-post-11'"))
                .isEqualTo(30);
    }

    @Test
    void anUnknownItemBecomesASubjectOfTheKindNamed() {
        Map<String, Object> n = Notices.report("impersonation", "u-3", "ni-post-1");
        n.put("items", List.of(Map.of("subjectId", "never-streamed-account", "kind", "account")));
        assertThat(report(n).status()).isEqualTo(202);
        assertThat(app.queryString("SELECT kind FROM subject WHERE id = 'never-streamed-account'"))
                .isEqualTo("account");
    }

    @Test
    void aChildAbuseReportNeedsNoNotifierIdentityToBeComplete() {
        Map<String, Object> n = Notices.report("csam", null, "ni-post-20");
        assertThat(report(n).json().get("art16Complete").asBoolean()).isTrue();
        Map<String, Object> spam = Notices.report("spam", null, "ni-post-21");
        assertThat(report(spam).json().get("art16Complete").asBoolean()).isFalse();
    }

    @Test
    void aBatchOfNoticesGetsOneReceiptEachInOrder() {
        Http.Response r = app.platform()
                .postJson(
                        "/v1/notices/batch",
                        Map.of(
                                "notices",
                                List.of(
                                        Notices.report("spam", "b-1", "ni-post-35"),
                                        Notices.report("scam", "b-2", "ni-post-36"),
                                        Notices.report("spam", "b-3", "ni-post-35"))));
        assertThat(r.status()).isEqualTo(202);
        JsonNode results = r.json().get("results");
        assertThat(results).hasSize(3);
        assertThat(results.get(0).at("/receipt/trackingId").asText()).startsWith("ntc_");
        assertThat(results.get(2).at("/receipt/items/0/caseId").asText())
                .isEqualTo(results.get(0).at("/receipt/items/0/caseId").asText());
        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            many.add(Notices.report("spam", "b-4", "ni-post-37"));
        }
        Http.Response tooMany = app.platform().postJson("/v1/notices/batch", Map.of("notices", many));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().at("/errors/0/field").asText()).isEqualTo("notices");
    }

    @Nested
    class Idempotency {
        @Test
        void aRetryWithTheSameKeyGetsTheFirstReceiptAndChangesNothing() {
            String body = JSON.write(Notices.report("spam", "u-4", "ni-post-5"));
            Http.Response first = post(body, "key-abc-1");
            long notices = app.count("notice");
            Http.Response again = post(body, "key-abc-1");
            assertThat(again.status()).isEqualTo(202);
            assertThat(again.body()).isEqualTo(first.body());
            assertThat(again.raw().headers().firstValue("Idempotent-Replayed")).contains("true");
            assertThat(app.count("notice")).isEqualTo(notices);
        }

        @Test
        void retriesSentAtOnceWithOneKeyRecordOneNoticeAndAllGetItsReceipt() throws Exception {
            String body = JSON.write(Notices.report("spam", "u-6", "ni-post-8"));
            long notices = app.count("notice");
            List<java.util.concurrent.CompletableFuture<Http.Response>> sent = new ArrayList<>();
            try (var callers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 12; i++) {
                    sent.add(
                            java.util.concurrent.CompletableFuture.supplyAsync(() -> post(body, "key-abc-3"), callers));
                }
            }
            String first = sent.getFirst().get().body();
            for (var r : sent) {
                assertThat(r.get().status()).isEqualTo(202);
                assertThat(r.get().body()).isEqualTo(first);
            }
            assertThat(app.count("notice")).isEqualTo(notices + 1);
        }

        @Test
        void theSameKeyWithAnotherBodyIsAConflict() {
            post(JSON.write(Notices.report("spam", "u-5", "ni-post-6")), "key-abc-2");
            Http.Response other = post(JSON.write(Notices.report("spam", "u-5", "ni-post-7")), "key-abc-2");
            assertThat(other.status()).isEqualTo(409);
        }

        Http.Response post(String body, String key) {
            try {
                var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(app.url() + "/v1/notices"))
                        .header("Authorization", "Bearer " + app.platformToken())
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", key)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                        .build();
                var r = java.net.http.HttpClient.newHttpClient()
                        .send(req, java.net.http.HttpResponse.BodyHandlers.ofString());
                return new Http.Response(
                        r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    @Nested
    class HostileInput {
        @Test
        void moreThanAHundredItemsAreRefusedNamingTheField() {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 101; i++) {
                ids.add("x-" + i);
            }
            Http.Response r = report(Notices.report("spam", "u-6", ids.toArray(String[]::new)));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().at("/errors/0/field").asText()).isEqualTo("items");
            assertThat(app.queryLong("SELECT COUNT(*) FROM subject WHERE id = 'x-0'"))
                    .isZero();
        }

        @Test
        void badFieldsAreRefusedWithTheirNames() {
            Map<String, String> cases = Map.of(
                    "{\"items\":[{\"subjectId\":\"ni-post-1\"}],\"reason\":\"spam\",\"extra\":1}",
                    "extra",
                    "{\"items\":[{\"subjectId\":\"ni-post-1\"}],\"reason\":\"nonsense\"}",
                    "reason",
                    "{\"items\":[{\"subjectId\":\"../etc\"}],\"reason\":\"spam\"}",
                    "items[0].subjectId",
                    "{\"items\":[{\"subjectId\":\"a\",\"url\":\"javascript:alert(1)\"}],\"reason\":\"spam\"}",
                    "items[0].url",
                    "{\"items\":[],\"reason\":\"spam\"}",
                    "items",
                    "{\"items\":[{\"subjectId\":\"a\"},{\"subjectId\":\"a\"}],\"reason\":\"spam\"}",
                    "items[1].subjectId",
                    "{\"items\":[{\"subjectId\":\"a\"}],\"reason\":\"spam\",\"explanation\":\"" + "x".repeat(5001)
                            + "\"}",
                    "explanation",
                    "{\"items\":[{\"subjectId\":\"a\"}],\"reason\":\"spam\",\"notifier\":{\"email\":\"not-mail\"}}",
                    "notifier.email");
            long before = app.count("notice");
            cases.forEach((body, field) -> {
                Http.Response r = report(body);
                assertThat(r.status()).as(body).isEqualTo(400);
                assertThat(r.contentType()).startsWith("application/problem+json");
                assertThat(r.json().at("/errors/0/field").asText())
                        .as(body + " -> " + r.body())
                        .isEqualTo(field);
            });
            assertThat(app.count("notice")).isEqualTo(before);
        }

        @Test
        void staffAndAnonymousCallersCannotFileNotices() {
            assertThat(app.http()
                            .postJson("/v1/notices", Notices.report("spam", "u-7", "ni-post-1"))
                            .status())
                    .isEqualTo(401);
        }

        @Test
        void oneReporterIsRateLimited() {
            // a burst of one minute's allowance goes through; the reporter is then refused in words,
            // with a time to retry, however slowly the requests travel (the bucket refills at 1 per 2 s)
            int accepted = 0;
            Http.Response refused = null;
            for (int i = 0; i < NoticeFeature.PER_REPORTER_PER_MINUTE * 6 && refused == null; i++) {
                Http.Response r = report(Notices.report("spam", "noisy-reporter", "ni-post-30"));
                if (r.status() == 429) {
                    refused = r;
                } else {
                    assertThat(r.status()).as(r.body()).isIn(200, 201, 202);
                    accepted++;
                }
            }
            assertThat(refused).as("a 429 after the burst").isNotNull();
            assertThat(accepted).isGreaterThanOrEqualTo(NoticeFeature.PER_REPORTER_PER_MINUTE);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.raw().headers().firstValue("Retry-After")).isPresent();
            // another reporter of the same platform is not held back by the noisy one
            assertThat(report(Notices.report("spam", "quiet-reporter", "ni-post-30"))
                            .status())
                    .isNotEqualTo(429);
        }
    }
}
