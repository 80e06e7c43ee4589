package org.fulcrum.server.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.ModerationModule;
import org.fulcrum.server.core.Role;
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

/** Queues: priority order across sources, routing rules, SLA breach alerts and statistics. */
class QueueTest {
    static TestApp shared;
    static Moderators sharedStaff;
    static Http sharedAdmin;
    static String sharedFlagger;
    static int runs;

    TestApp app;
    Moderators staff;
    Http admin;
    String flagger;
    /** This test's prefix: its posts, channels and accounts are its own. */
    String p;

    /** One app for the tests whose cases go to queues by the default routing, each on posts of its own. */
    @BeforeAll
    static void startShared() {
        shared = TestApp.sqlite(c -> c);
        sharedStaff = new Moderators(shared);
        sharedAdmin = sharedStaff.admin("lead");
        sharedFlagger = flagger(sharedAdmin);
    }

    @AfterAll
    static void stopShared() {
        shared.close();
    }

    @BeforeEach
    void onTheSharedApp() {
        app = shared;
        staff = sharedStaff;
        admin = sharedAdmin;
        flagger = sharedFlagger;
        p = "q" + ++runs + "-";
        posts();
    }

    static String flagger(Http admin) {
        JsonNode reg = admin.postJson(
                        "/v1/flaggers",
                        Map.of(
                                "name",
                                "Hate Aid",
                                "expertise",
                                List.of("ILLEGAL_OR_HARMFUL_SPEECH"),
                                "designatedBy",
                                "Bundesnetzagentur (DE)"))
                .json();
        return reg.at("/token/secret").asText();
    }

    void posts() {
        List<Map<String, Object>> events = new ArrayList<>();
        events.add(Events.post(post("spam-big"), p + "ch-1", p + "acct-1", "FR", "fr", 1_000_000));
        events.add(Events.post(post("spam-small"), p + "ch-1", p + "acct-2", "FR", "fr", 100));
        events.add(Events.post(post("hate-flagged"), p + "ch-2", p + "acct-3", "DE", "de", 10));
        events.add(Events.post(post("terror-user"), p + "ch-3", p + "acct-4", "FR", "fr", 5));
        events.add(Events.post(post("terror-big"), p + "ch-3", p + "acct-5", "FR", "fr", 50_000));
        events.add(Events.post(post("csam-detected"), p + "ch-4", p + "acct-6", "US", "en", 7));
        events.add(Events.post(post("hate-user"), p + "ch-2", p + "acct-7", "DE", "de", 900_000));
        events.add(Events.post(post("german-post"), p + "ch-5", p + "acct-8", "DE", "de", 10));
        assertThat(app.platform()
                        .postJson("/v1/platform/events", Events.of(events))
                        .status())
                .isEqualTo(200);
    }

    String post(String name) {
        return p + name;
    }

    String queue(String name, int sla, int position) {
        return admin.postJson("/v1/review/queues", Map.of("name", name, "slaMinutes", sla, "position", position))
                .json()
                .get("id")
                .asText();
    }

    @Test
    void aLaterUrgentNoticeLiftsTheCaseToTheFrontAndIntoTheUrgentQueue() {
        String caseId = app.platform()
                .postJson("/v1/notices", Notices.report("spam", "u-1", post("terror-user")))
                .json()
                .at("/items/0/caseId")
                .asText();
        assertThat(app.queryString("SELECT queue_id FROM review_case WHERE id = '" + caseId + "'"))
                .isEqualTo("q_general");
        app.platform().postJson("/v1/notices", Notices.report("terrorism", "u-2", post("terror-user")));
        assertThat(app.queryString("SELECT queue_id FROM review_case WHERE id = '" + caseId + "'"))
                .isEqualTo("q_urgent");
        assertThat(app.queryString("SELECT reason FROM review_case WHERE id = '" + caseId + "'"))
                .isEqualTo("terrorism");
        // a later, less urgent notice does not demote it
        app.platform().postJson("/v1/notices", Notices.report("spam", "u-3", post("terror-user")));
        assertThat(app.queryString("SELECT queue_id FROM review_case WHERE id = '" + caseId + "'"))
                .isEqualTo("q_urgent");
    }

    @Test
    void routingRulesMatchOnReasonSourceKindLanguageAndCountry() {
        String german = queue("german", 240, 5);
        String us = queue("us-child-safety", 30, 6);
        admin.postJson(
                "/v1/review/routing-rules", Map.of("position", 1, "queueId", us, "reason", "csam", "country", "US"));
        admin.postJson(
                "/v1/review/routing-rules",
                Map.of(
                        "position",
                        100,
                        "queueId",
                        german,
                        "language",
                        "de",
                        "source",
                        "user_report",
                        "subjectKind",
                        "post"));
        String g = caseOf(app.platform().postJson("/v1/notices", Notices.report("spam", "u-1", post("german-post"))));
        String c = caseOf(app.platform().postJson("/v1/notices", Notices.report("csam", null, post("csam-detected"))));
        String h = caseOf(
                app.http().bearer(flagger).postJson("/v1/notices", Notices.flag("hate_speech", post("hate-flagged"))));
        String f = caseOf(app.platform().postJson("/v1/notices", Notices.report("spam", "u-2", post("spam-big"))));
        assertThat(queueOf(g)).isEqualTo(german);
        assertThat(queueOf(c)).isEqualTo(us);
        assertThat(queueOf(h)).isEqualTo("q_trusted");
        assertThat(queueOf(f)).isEqualTo("q_general");
        Http.Response bad = admin.postJson("/v1/review/routing-rules", Map.of("position", 1, "queueId", "q_nope"));
        assertThat(bad.status()).isEqualTo(404);
    }

    @Test
    void onlyAdminsChangeQueues() {
        Http moderator = staff.moderator("mod2");
        assertThat(moderator
                        .postJson("/v1/review/queues", Map.of("name", "x", "slaMinutes", 5, "position", 1))
                        .status())
                .isEqualTo(403);
        assertThat(admin.postJson("/v1/review/queues", Map.of("name", "Bad Name", "slaMinutes", 5, "position", 1))
                        .status())
                .isEqualTo(400);
        assertThat(app.http().bearer(flagger).get("/v1/review/queues").status()).isEqualTo(403);
        assertThat(staff.sessions().principal("mod2").roles()).containsExactly(Role.MODERATOR);
    }

    /**
     * Tests on an app of their own: a catch-all routing rule sends every later case to one queue, the
     * order, SLA scan and statistics read every case of a queue, and the clock moves by an hour.
     */
    @Nested
    class OnAnAppOfItsOwn {
        ManualTime clock;

        @BeforeEach
        void start() {
            clock = ManualTime.startingNow();
            app = TestApp.sqlite(clock.clock(), c -> c);
            staff = new Moderators(app);
            admin = staff.admin("lead");
            flagger = flagger(admin);
            posts();
        }

        @AfterEach
        void stop() {
            app.close();
        }

        @Test
        void criticalCasesComeFirstThenTrustedFlaggersThenReach() {
            String all = queue("everything", 600, 0);
            assertThat(admin.postJson("/v1/review/routing-rules", Map.of("position", 0, "queueId", all))
                            .status())
                    .isEqualTo(201);
            app.platform().postJson("/v1/notices", Notices.report("spam", "u-1", post("spam-big")));
            app.platform().postJson("/v1/notices", Notices.report("spam", "u-2", post("spam-small")));
            app.platform().postJson("/v1/notices", Notices.report("hate_speech", "u-3", post("hate-user")));
            app.http().bearer(flagger).postJson("/v1/notices", Notices.flag("hate_speech", post("hate-flagged")));
            app.platform().postJson("/v1/notices", Notices.report("terrorism", "u-4", post("terror-user")));
            app.platform().postJson("/v1/notices", Notices.report("terrorism", "u-5", post("terror-big")));
            Notices.detected(
                    app,
                    new org.fulcrum.server.notice.NoticeIntake.Detection(
                            List.of(post("csam-detected")),
                            org.fulcrum.server.notice.Reason.csam,
                            "bank:ncmec-hashes",
                            "PDQ match at distance 12"));

            JsonNode cases =
                    admin.get("/v1/review/queues/" + all + "/cases").json().get("cases");
            List<String> order = new ArrayList<>();
            cases.forEach(c -> order.add(c.get("subjectId").asText()));
            assertThat(order)
                    .containsExactly(
                            post("terror-big"),
                            post("csam-detected"),
                            post("terror-user"),
                            post("hate-flagged"),
                            post("spam-big"),
                            post("hate-user"),
                            post("spam-small"));
        }

        @Test
        void aCasePastItsSlaRaisesOneAlertAndCountsInTheStatistics() {
            String caseId = caseOf(
                    app.platform().postJson("/v1/notices", Notices.report("terrorism", "u-1", post("terror-user"))));
            assertThat(app.app()
                            .module(ModerationModule.class)
                            .moderation()
                            .sla()
                            .scan())
                    .isZero();
            clock.advance(Duration.ofMinutes(61));
            // a session unused for half an hour has ended: the lead signs in again
            admin = staff.admin("lead.back");
            assertThat(app.app()
                            .module(ModerationModule.class)
                            .moderation()
                            .sla()
                            .scan())
                    .isEqualTo(1);
            assertThat(app.app()
                            .module(ModerationModule.class)
                            .moderation()
                            .sla()
                            .scan())
                    .isZero();
            JsonNode alerts = admin.get("/v1/review/alerts").json().get("alerts");
            assertThat(alerts).hasSize(1);
            assertThat(alerts.get(0).get("caseId").asText()).isEqualTo(caseId);
            JsonNode urgent = stats("q_urgent");
            assertThat(urgent.get("pending").asLong()).isEqualTo(1);
            assertThat(urgent.get("breaching").asLong()).isEqualTo(1);
            assertThat(urgent.get("slaBreaches").asLong()).isEqualTo(1);
            assertThat(admin.post("/v1/review/alerts/" + alerts.get(0).get("id").asText() + "/ack")
                            .status())
                    .isEqualTo(204);
            assertThat(admin.get("/v1/review/alerts").json().get("alerts")).isEmpty();
        }

        @Test
        void statisticsGiveTheMedianHandlingTime() {
            Http moderator = staff.moderator("mod");
            String a = caseOf(app.platform().postJson("/v1/notices", Notices.report("spam", "u-1", post("spam-big"))));
            String b =
                    caseOf(app.platform().postJson("/v1/notices", Notices.report("spam", "u-2", post("spam-small"))));
            String c =
                    caseOf(app.platform().postJson("/v1/notices", Notices.report("spam", "u-3", post("german-post"))));
            clock.advance(Duration.ofMinutes(10));
            Moderators.claimAndDecide(moderator, a, Moderators.remove("ToS 4.2"));
            clock.advance(Duration.ofMinutes(20));
            Moderators.claimAndDecide(moderator, b, Moderators.remove("ToS 4.2"));
            clock.advance(Duration.ofMinutes(30));
            Moderators.claimAndDecide(moderator, c, Moderators.noAction(false));
            // a session unused for half an hour has ended: the lead signs in again
            admin = staff.admin("lead.back");
            JsonNode general = stats("q_general");
            assertThat(general.get("pending").asLong()).isZero();
            assertThat(general.get("decided30d").asLong()).isEqualTo(3);
            assertThat(general.get("medianHandlingMinutes").asDouble()).isEqualTo(30.0);
        }
    }

    JsonNode stats(String queueId) {
        for (JsonNode q : admin.get("/v1/review/queues").json().get("queues")) {
            if (q.at("/queue/id").asText().equals(queueId)) {
                return q;
            }
        }
        throw new AssertionError("no queue " + queueId);
    }

    static String caseOf(Http.Response receipt) {
        assertThat(receipt.status()).as(receipt.body()).isEqualTo(202);
        return receipt.json().at("/items/0/caseId").asText();
    }

    String queueOf(String caseId) {
        return app.queryString("SELECT queue_id FROM review_case WHERE id = '" + caseId + "'");
    }
}
