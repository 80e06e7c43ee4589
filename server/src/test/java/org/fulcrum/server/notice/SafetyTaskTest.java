package org.fulcrum.server.notice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.Moderators;
import org.fulcrum.server.support.Notices;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Child safety and threats to life create reporting tasks with deadlines; such media are never stored. */
class SafetyTaskTest {
    static TestApp app;
    static Http moderator;

    @BeforeAll
    static void start() {
        app = TestApp.sqlite(c -> c.withRateLimits(0, 0));
        moderator = new Moderators(app).moderator("alice");
        assertThat(app.platform()
                        .postJson(
                                "/v1/platform/events",
                                Events.of(List.of(
                                        Events.post("cs-us", "ch", "acct-us", "US", "en", 10),
                                        Events.post("cs-fr", "ch", "acct-fr", "FR", "fr", 10),
                                        Events.post("cs-br", "ch", "acct-br", "BR", "pt", 10),
                                        Events.post("threat-de", "ch", "acct-de", "DE", "de", 10),
                                        Events.post("threat-us", "ch", "acct-us2", "US", "en", 10))))
                        .status())
                .isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static JsonNode task(String subject) {
        for (JsonNode t : moderator.get("/v1/safety/tasks").json().get("tasks")) {
            if (t.get("subjectId").asText().equals(subject)) {
                return t;
            }
        }
        return null;
    }

    @Test
    void aChildAbuseReportCreatesAHotlineReportForTheAuthorsCountry() {
        Instant before = Instant.now();
        app.platform().postJson("/v1/notices", Notices.report("csam", null, "cs-us"));
        app.platform().postJson("/v1/notices", Notices.report("child_sexual_exploitation", null, "cs-fr"));
        app.platform().postJson("/v1/notices", Notices.report("csam", null, "cs-br"));
        app.platform().postJson("/v1/notices", Notices.report("csam", null, "cs-us"));
        assertThat(task("cs-us").get("authority").asText()).isEqualTo("NCMEC CyberTipline");
        assertThat(task("cs-fr").get("authority").asText()).isEqualTo("Point de Contact");
        assertThat(task("cs-br").get("authority").asText()).contains("INHOPE").contains("BR");
        assertThat(task("cs-us").get("kind").asText()).isEqualTo("hotline_report");
        Instant due = Instant.parse(task("cs-us").get("dueAt").asText());
        assertThat(due)
                .isBetween(
                        before.plus(SafetyTasks.HOTLINE_DEADLINE).minusSeconds(1),
                        Instant.now().plus(SafetyTasks.HOTLINE_DEADLINE));
        assertThat(app.queryLong("SELECT COUNT(*) FROM safety_task WHERE subject_id = 'cs-us'"))
                .as("one task per case, however many notices")
                .isEqualTo(1);
        // nothing of the media is kept: the notice API takes no media, and the subject holds hashes at most
        assertThat(app.queryLong("SELECT COUNT(*) FROM subject_content WHERE media LIKE '%bytes%'"))
                .isZero();
    }

    @Test
    void aThreatToLifeCreatesAnArticle18NotificationDueWithinTheHour() {
        app.platform().postJson("/v1/notices", Notices.report("threat_to_life", "u-1", "threat-de"));
        app.platform().postJson("/v1/notices", Notices.report("threat_to_life", "u-2", "threat-us"));
        JsonNode de = task("threat-de");
        assertThat(de.get("kind").asText()).isEqualTo("art18_notification");
        assertThat(de.get("authority").asText()).contains("DE").contains("Art. 18(1)");
        assertThat(task("threat-us").get("authority").asText()).contains("Europol");
        assertThat(Duration.between(
                        Instant.parse(de.get("createdAt").asText()),
                        Instant.parse(de.get("dueAt").asText())))
                .isEqualTo(SafetyTasks.ART18_DEADLINE);
        String caseId = app.queryString(
                "SELECT case_id FROM safety_task WHERE id = '" + de.get("id").asText() + "'");
        String casePage = moderator.get("/console/cases/" + caseId).body();
        assertThat(casePage)
                .as("the case page says in words whether the notification has gone out")
                .containsPattern("· +not yet sent</li>");
        long unsent = app.queryLong("SELECT COUNT(*) FROM safety_task WHERE status = 'open'");
        long soon =
                app.queryLong("SELECT COUNT(*) FROM safety_task WHERE status = 'open' AND kind = 'art18_notification'");
        assertThat(casePage)
                .as("every page counts the reports not yet sent beside \"Reporting tasks\", red while one is due"
                        + " within the hour")
                .contains("Reporting tasks <span class=\"badge urgent\" data-for=\"/console/safety\" title=\""
                        + unsent + " report" + (unsent == 1 ? "" : "s") + " to a hotline or authority not yet sent; "
                        + soon + " due within the hour\">" + unsent + "</span>");
        JsonNode done = moderator
                .postJson(
                        "/v1/safety/tasks/" + de.get("id").asText() + "/complete", Map.of("reference", "BKA-2026-4711"))
                .json();
        assertThat(done.get("status").asText()).isEqualTo("done");
        assertThat(moderator.get("/console/cases/" + caseId).body()).contains("· sent (reference BKA-2026-4711)</li>");
        assertThat(moderator
                        .postJson(
                                "/v1/safety/tasks/" + de.get("id").asText() + "/complete", Map.of("reference", "again"))
                        .status())
                .isEqualTo(409);
        assertThat(app.queryLong("SELECT COUNT(*) FROM audit WHERE action = 'safety_task.complete'"))
                .isEqualTo(1);
    }

    @Test
    void aDetectionMatchFilesANoticeOnItsOwnLane() {
        NoticeReceipt r = Notices.detected(
                app, new NoticeIntake.Detection(List.of("cs-fr"), Reason.csam, "bank:known-csam", "PDQ distance 8"));
        assertThat(r.source()).isEqualTo(Source.detection);
        assertThat(app.queryString("SELECT source FROM notice WHERE id = '" + r.trackingId() + "'"))
                .isEqualTo("detection");
        assertThat(app.queryLong("SELECT COUNT(*) FROM safety_task WHERE subject_id = 'cs-fr'"))
                .isEqualTo(1);
    }
}
