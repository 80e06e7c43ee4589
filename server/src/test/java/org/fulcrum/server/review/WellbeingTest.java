package org.fulcrum.server.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.ModerationModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.ManualTime;
import org.fulcrum.server.support.Moderators;
import org.fulcrum.server.support.Notices;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A long shift on the hardest material: the console counts the critical cases and media a moderator
 * reviewed lately, suggests a break past the threshold, and during the break Claim next passes over
 * critical cases for them; team leads see each reviewer's count, nobody else sees another's.
 */
class WellbeingTest {
    static ManualTime clock;
    static TestApp app;
    static Moderators staff;
    static String everything;
    static int subjects;
    static int runs;
    /** This test's lead and moderator: counts and breaks are a person's own. */
    String leadName;

    String miaName;
    Http admin;
    Http mia;

    /**
     * One app with a manual clock for the class. Tests move the clock by hours or half an hour, past
     * sessions and claims, so each signs its own lead and moderator in and decides every case it
     * reports, leaving the shared queue as it found it.
     */
    @BeforeAll
    static void start() {
        clock = ManualTime.startingNow();
        app = TestApp.sqlite(clock.clock(), c -> c.withRateLimits(0, 0));
        staff = new Moderators(app);
        Http lead = staff.admin("lead");
        subjects = 0;
        runs = 0;
        assertThat(app.platform()
                        .postJson("/v1/platform/events", Events.batch(0, 60, "wb"))
                        .status())
                .isEqualTo(200);
        // one queue for everything, so a queue holds critical and other cases side by side
        everything = lead.postJson("/v1/review/queues", Map.of("name", "everything", "slaMinutes", 600, "position", 0))
                .json()
                .get("id")
                .asText();
        assertThat(lead.postJson("/v1/review/routing-rules", Map.of("position", 0, "queueId", everything))
                        .status())
                .isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @BeforeEach
    void people() {
        runs++;
        leadName = "lead-" + runs;
        miaName = "mia-" + runs;
        admin = staff.admin(leadName);
        mia = staff.moderator(miaName);
    }

    String report(String reason) {
        String subject = "wb-post-" + subjects++;
        return app.platform()
                .postJson("/v1/notices", Notices.report(reason, "u-" + subject, subject))
                .json()
                .at("/items/0/caseId")
                .asText();
    }

    String subjectOf(String caseId) {
        return app.queryString("SELECT subject_id FROM review_case WHERE id = '" + caseId + "'");
    }

    String actor(String username) {
        return "staff:"
                + app.app().module(AuthModule.class).staff().list().stream()
                        .filter(m -> m.username().equals(username))
                        .findFirst()
                        .orElseThrow()
                        .id();
    }

    CriticalExposure exposure() {
        return app.app().module(ModerationModule.class).wellbeing().exposure();
    }

    void viewed(String actor, String target) {
        app.app().module(StoreModule.class).db().write(tx -> {
            Audit.record(tx, actor, "personal_data.view", target, null, "media item viewed");
            return null;
        });
    }

    static Http.Response form(Http who, String path, String body) {
        return who.post(path, "application/x-www-form-urlencoded", body.getBytes(StandardCharsets.UTF_8));
    }

    static String location(Http.Response r) {
        return r.raw().headers().firstValue("Location").orElse("");
    }

    @Nested
    class CountingWindow {
        @Test
        void criticalDecisionsAndCriticalMediaViewsCountOnceEachForTwoHoursThenNoLonger() {
            String me = actor(miaName);
            String terror1 = report("terrorism");
            String terror2 = report("threat_to_life");
            String spam = report("spam");
            Moderators.claimAndDecide(mia, terror1, Moderators.remove("ToS 1"));
            Moderators.claimAndDecide(mia, spam, Moderators.remove("ToS 1"));
            // the same item seen twice is one item; media of a case that is not critical do not count
            viewed(me, "media:" + subjectOf(terror1) + "/0");
            viewed(me, "media:" + subjectOf(terror1) + "/0");
            viewed(me, "media:" + subjectOf(terror1) + "/1");
            viewed(me, "media:" + subjectOf(spam) + "/0");
            // someone else's views are theirs
            viewed(actor(leadName), "media:" + subjectOf(terror2) + "/0");
            clock.advance(Duration.ofMinutes(20));
            Moderators.claimAndDecide(mia, terror2, Moderators.remove("ToS 1"));

            assertThat(exposure().last(me, CriticalExposure.WINDOW)).isEqualTo(new CriticalExposure.Count(2, 2));
            assertThat(exposure().last(actor(leadName), CriticalExposure.WINDOW))
                    .isEqualTo(new CriticalExposure.Count(0, 1));

            // two hours after the first decision it has left the window; the second is still in it
            clock.advance(CriticalExposure.WINDOW.minusMinutes(20).plusMillis(1));
            assertThat(exposure().last(me, CriticalExposure.WINDOW)).isEqualTo(new CriticalExposure.Count(1, 0));
            assertThat(exposure().last(me, CriticalExposure.TEAM_WINDOW).total())
                    .isEqualTo(4);
            clock.advance(Duration.ofMinutes(20));
            assertThat(exposure().last(me, CriticalExposure.WINDOW).total()).isZero();
        }
    }

    @Nested
    class OnTheConsole {
        @Test
        void pastTheThresholdABreakIsOfferedAndClaimNextPassesOverCriticalCasesUntilItEnds() {
            List<String> done = new ArrayList<>();
            for (int i = 0; i < CriticalExposure.THRESHOLD - 1; i++) {
                done.add(report(i % 2 == 0 ? "terrorism" : "csam"));
            }
            done.forEach(id -> Moderators.claimAndDecide(mia, id, Moderators.remove("ToS 1")));
            String queuePage = "/console/queues/" + everything;
            assertThat(mia.get(queuePage).body()).doesNotContain("id=\"wellbeing\"");

            String last = report("threat_to_life");
            Moderators.claimAndDecide(mia, last, Moderators.remove("ToS 1"));
            String notice =
                    "You have reviewed 20 cases and media items of child sexual abuse, terrorism or threats to life in"
                            + " the last 2 hours. Consider a break.";
            assertThat(mia.get(queuePage).body())
                    .contains("id=\"wellbeing\"")
                    .contains(notice)
                    .contains("Give me other cases for 30 minutes");
            assertThat(mia.get("/console/cases/" + last).body()).contains(notice);
            assertThat(mia.get("/console/queues").body()).contains(notice);

            // a critical case, then a case of another kind, both waiting
            String terror = report("terrorism");
            String spam = report("spam");
            long starts = app.queryLong("SELECT COUNT(*) FROM audit WHERE action = 'wellbeing.pause_start'");
            long ends = app.queryLong("SELECT COUNT(*) FROM audit WHERE action = 'wellbeing.pause_end'");
            Http.Response pause = form(mia, "/console/wellbeing/pause", "back=" + queuePage);
            assertThat(pause.status()).isEqualTo(302);
            assertThat(location(pause)).isEqualTo(queuePage);
            assertThat(app.queryLong("SELECT COUNT(*) FROM audit WHERE action = 'wellbeing.pause_start'"))
                    .isEqualTo(starts + 1);
            assertThat(mia.get(queuePage).body())
                    .doesNotContain("id=\"wellbeing\"")
                    .contains("Your break from critical cases is on; it ends")
                    .contains("Continue with critical cases");

            Http.Response next = form(mia, queuePage + "/next", "");
            assertThat(location(next)).isEqualTo("/console/cases/" + spam);
            // deciding it does not open the critical case next either
            Http.Response decided = form(
                    mia,
                    "/console/cases/" + spam + "/decide",
                    "groundKind=contract&ground=Community+guidelines+1.1&facts=An+ordinary+post.");
            assertThat(location(decided)).startsWith("/console/cases/" + spam + "?decided=");
            Http.Response none = form(mia, queuePage + "/next", "");
            assertThat(location(none)).isEqualTo(queuePage + "?info=critical-only");
            assertThat(mia.get(queuePage + "?info=critical-only").body())
                    .contains("Only cases of child sexual abuse, terrorism or threats to life are left")
                    .contains("id=\"wellbeing-resume\"");
            // a critical case opened directly still opens, and says the break is on
            Http.Response opened = mia.get("/console/cases/" + terror);
            assertThat(opened.status()).isEqualTo(200);
            assertThat(opened.body()).contains("id=\"wellbeing-critical-case\"");

            Http.Response resume = form(mia, "/console/wellbeing/resume", "back=" + queuePage);
            assertThat(location(resume)).isEqualTo(queuePage);
            assertThat(app.queryLong("SELECT COUNT(*) FROM audit WHERE action = 'wellbeing.pause_end'"))
                    .isEqualTo(ends + 1);
            assertThat(location(form(mia, queuePage + "/next", ""))).isEqualTo("/console/cases/" + terror);
            assertThat(mia.post("/v1/review/cases/" + terror + "/release").status())
                    .isEqualTo(200);

            // a break ends by itself after half an hour
            form(mia, "/console/wellbeing/pause", "back=" + queuePage);
            assertThat(location(form(mia, queuePage + "/next", ""))).isEqualTo(queuePage + "?info=critical-only");
            clock.advance(Duration.ofMinutes(20));
            assertThat(mia.get(queuePage).body()).contains("Your break from critical cases is on; it ends");
            clock.advance(Duration.ofMinutes(10).plusSeconds(1));
            assertThat(location(form(mia, queuePage + "/next", ""))).isEqualTo("/console/cases/" + terror);
        }

        @Test
        void teamLeadsSeeEachReviewersCountAndBreakAndNobodyElseSeesAnothers() {
            for (int i = 0; i < 3; i++) {
                Moderators.claimAndDecide(mia, report("terrorism"), Moderators.remove("ToS 1"));
            }
            Moderators.claimAndDecide(mia, report("spam"), Moderators.remove("ToS 1"));
            form(mia, "/console/wellbeing/pause", "back=/console/queues");
            String noahName = "noah-" + runs;
            Http noah = staff.moderator(noahName);

            String team = admin.get("/console/team").body();
            String row = team.substring(team.indexOf("id=\"exposure-" + miaName + "\""));
            assertThat(team).contains("Critical material, last 24 hours");
            assertThat(row.substring(0, row.indexOf("</td>"))).contains("3 items · on a break until");
            String noahRow = team.substring(team.indexOf("id=\"exposure-" + noahName + "\""));
            assertThat(noahRow.substring(0, noahRow.indexOf("</td>"))).contains("No items · no break");

            assertThat(mia.get("/console/team").status()).isEqualTo(403);
            assertThat(mia.get("/account").body())
                    .contains("3 critical items reviewed in the last 24 hours")
                    .contains("on a break from critical cases until");
            assertThat(noah.get("/account").body())
                    .contains("No critical items reviewed in the last 24 hours")
                    .doesNotContain("3 critical items");
        }
    }
}
