package org.fulcrum.server.notice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.ManualTime;
import org.fulcrum.server.support.Moderators;
import org.fulcrum.server.support.Notices;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DSA Art. 23 for notifiers: manifestly unfounded notices lead to a warning, then a suspension. */
class ReputationTest {
    static ManualTime clock;
    static TestApp app;
    static Moderators staff;
    static int runs;
    /** This test's prefix: its posts and notifiers are its own. */
    String p;

    Http moderator;

    /** One app for the class; each test reports posts of its own, under notifiers of its own. */
    @BeforeAll
    static void start() {
        clock = ManualTime.startingNow();
        app = TestApp.sqlite(clock.clock(), c -> c.withRateLimits(0, 0));
        staff = new Moderators(app);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** Twenty posts, and a moderator signed in afresh: a suspension runs out days later, sessions sooner. */
    @BeforeEach
    void posts() {
        p = "rp" + ++runs;
        moderator = staff.moderator("alice-" + p);
        assertThat(app.platform()
                        .postJson("/v1/platform/events", Events.batch(0, 20, p))
                        .status())
                .isEqualTo(200);
    }

    String post(int i) {
        return p + "-post-" + i;
    }

    Http.Response file(String reporter, String post) {
        return app.platform().postJson("/v1/notices", Notices.report("hate_speech", reporter, post));
    }

    void rejectAsManifestlyUnfounded(Http.Response receipt) {
        assertThat(receipt.status()).as(receipt.body()).isEqualTo(202);
        Moderators.claimAndDecide(
                moderator, receipt.json().at("/items/0/caseId").asText(), Moderators.noAction(true));
    }

    @Test
    void aNotifierIsWarnedThenSuspendedAfterTheConfiguredNumberOfUnfoundedNotices() {
        ReporterReputation.Policy policy = ReporterReputation.Policy.DEFAULTS;
        String troll = p + "-troll";
        String measures = "SELECT COUNT(*) FROM reporter_measure WHERE reporter_key = 'user:" + troll + "' AND kind = ";
        String decisions = "SELECT COUNT(*) FROM log_entry WHERE kind = 'moderation_decision'";
        long decided = app.queryLong(decisions);
        for (int i = 0; i < policy.suspendAfter(); i++) {
            rejectAsManifestlyUnfounded(file(troll, post(i)));
            long warnings = app.queryLong(measures + "'warning'");
            assertThat(warnings).as("after %d", i + 1).isEqualTo(i + 1 >= policy.warnAfter() ? 1 : 0);
        }
        assertThat(app.queryLong(measures + "'suspension'")).isEqualTo(1);
        Http.Response refused = file(troll, post(10));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asText()).contains("Art. 23");
        // others are not affected, and the troll's warning and suspension reached the platform
        assertThat(file("someone-else", post(10)).status()).isEqualTo(202);
        assertThat(app.queryLong("SELECT COUNT(*) FROM outbox WHERE subject_id = '" + troll + "'"))
                .isEqualTo(2);
        JsonNode standing = moderator.get("/v1/reporters/user:" + troll).json();
        assertThat(standing.get("suspensions").asInt()).isEqualTo(1);
        assertThat(standing.at("/counts/manifestlyUnfounded").asLong()).isEqualTo(policy.suspendAfter());
        assertThat(app.queryLong(decisions))
                .as("decisions plus the two Art. 23 measures")
                .isEqualTo(decided + policy.suspendAfter() + 2);

        clock.advance(policy.firstSuspension().plus(Duration.ofMinutes(1)));
        assertThat(file(troll, post(11)).status()).isEqualTo(202);
    }

    @Test
    void unfoundedButNotManifestlyUnfoundedNoticesTriggerNothing() {
        String honest = p + "-honest";
        long measures = app.count("reporter_measure");
        for (int i = 0; i < 6; i++) {
            Http.Response r = file(honest, post(i));
            Moderators.claimAndDecide(moderator, r.json().at("/items/0/caseId").asText(), Moderators.noAction(false));
        }
        assertThat(app.count("reporter_measure")).isEqualTo(measures);
        assertThat(file(honest, post(12)).status()).isEqualTo(202);
    }

    @Test
    void aTrustedFlaggerSeesTheOutcomeOfItsNoticesAndItsAccuracy() {
        Http admin = staff.admin("lead-" + p);
        JsonNode reg = admin.postJson(
                        "/v1/flaggers",
                        Map.of(
                                "name",
                                "Point de Contact",
                                "expertise",
                                List.of("PROTECTION_OF_MINORS", "ILLEGAL_OR_HARMFUL_SPEECH"),
                                "designatedBy",
                                "Arcom (FR)",
                                "country",
                                "FR",
                                "contactEmail",
                                "signalement@pointdecontact.example"))
                .json();
        Http flagger = app.http().bearer(reg.at("/token/secret").asText());
        JsonNode a = flagger.postJson("/v1/notices", Notices.flag("hate_speech", post(1)))
                .json();
        JsonNode b = flagger.postJson("/v1/notices", Notices.flag("hate_speech", post(2)))
                .json();
        JsonNode c = flagger.postJson("/v1/notices", Notices.flag("hate_speech", post(3)))
                .json();
        JsonNode outside =
                flagger.postJson("/v1/notices", Notices.flag("scam", post(4))).json();
        assertThat(a.get("priorityLane").asBoolean()).isTrue();
        assertThat(outside.get("priorityLane").asBoolean())
                .as("outside its expertise")
                .isFalse();
        Moderators.claimAndDecide(moderator, a.at("/items/0/caseId").asText(), Moderators.remove("ToS 5"));
        Moderators.claimAndDecide(moderator, b.at("/items/0/caseId").asText(), Moderators.remove("ToS 5"));
        Moderators.claimAndDecide(moderator, c.at("/items/0/caseId").asText(), Moderators.noAction(false));

        JsonNode me = flagger.get("/v1/flaggers/me").json();
        assertThat(me.at("/accuracy/founded").asLong()).isEqualTo(2);
        assertThat(me.at("/accuracy/unfounded").asLong()).isEqualTo(1);
        assertThat(me.at("/accuracy/pending").asLong()).isEqualTo(1);
        assertThat(me.at("/accuracy/accuracy").asDouble())
                .isCloseTo(2 / 3.0, org.assertj.core.data.Offset.offset(1e-9));
        JsonNode status =
                flagger.get("/v1/notices/" + a.get("trackingId").asText()).json();
        assertThat(status.at("/items/0/outcome").asText()).isEqualTo("founded");
        assertThat(flagger.get("/v1/notices").json().get("notices")).hasSize(4);
        // another notifier's notice is not visible to the flagger
        String foreign = app.platform()
                .postJson("/v1/notices", Notices.report("spam", "u", post(5)))
                .json()
                .get("trackingId")
                .asText();
        assertThat(flagger.get("/v1/notices/" + foreign).status()).isEqualTo(404);

        String id = reg.at("/flagger/id").asText();
        assertThat(admin.postJson(
                                "/v1/flaggers/" + id + "/status",
                                Map.of("status", "suspended", "reason", "designation withdrawn"))
                        .status())
                .isEqualTo(200);
        assertThat(flagger.postJson("/v1/notices", Notices.flag("hate_speech", post(6)))
                        .status())
                .isEqualTo(403);
        JsonNode batch = flagger.postJson(
                        "/v1/notices/batch", Map.of("notices", List.of(Notices.flag("hate_speech", post(6)))))
                .json();
        assertThat(batch.at("/results/0/refused").asText()).contains("suspended");
        assertThat(batch.at("/results/0/receipt").isMissingNode()).isTrue();
    }
}
