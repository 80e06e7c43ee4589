package org.fulcrum.server.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.fulcrum.server.DetectionModule;
import org.fulcrum.server.support.Await;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.Moderators;
import org.fulcrum.server.support.Notices;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sweeps: every post of a channel taken down on the operator's own initiative, past the 1,000 items
 * a bulk call takes, without a notice per item, pausable and cancellable, with progress in the API.
 */
class SweepTest {
    static final int POSTS = 1_100;
    static TestApp app;
    static Http moderator;
    static int runs;
    /** This test's prefix: its channels, posts and authors are its own. */
    String p;

    String openCase;

    /** One app and moderator for the class; each test that sweeps raids a channel of its own. */
    @BeforeAll
    static void start() {
        app = TestApp.sqlite(c -> c.withRateLimits(0, 0));
        moderator = new Moderators(app).moderator("alice");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @BeforeEach
    void prefix() {
        p = "sw" + ++runs + "-";
    }

    /** A raid channel of this test's own, past the 1,000 items of a bulk call, and an open case on one post. */
    void aRaid() {
        for (int from = 0; from < POSTS; from += 550) {
            List<Map<String, Object>> events = new ArrayList<>();
            for (int i = from; i < from + 550; i++) {
                events.add(Events.post(
                        p + "post-" + i, p + "raid-channel", p + "acct-raider-" + (i % 40), "DE", "de", 100));
            }
            events.add(Events.post(p + "other-" + from, p + "quiet-channel", p + "acct-other", "DE", "de", 100));
            assertThat(app.platform()
                            .postJson("/v1/platform/events", Events.of(events))
                            .status())
                    .isEqualTo(200);
        }
        openCase = app.platform()
                .postJson("/v1/notices", Notices.report("spam", p + "rep-1", p + "post-7"))
                .json()
                .at("/items/0/caseId")
                .asText();
    }

    Map<String, Object> sweep(boolean dryRun) {
        return Map.of(
                "query",
                Map.of("containerId", p + "raid-channel", "kind", "post"),
                "decision",
                Moderators.remove("ToS 4.2 coordinated spam"),
                "dryRun",
                dryRun);
    }

    JsonNode await(String id, Predicate<JsonNode> done) {
        return Await.until(
                "sweep " + id + " gets there",
                Duration.ofSeconds(120),
                () -> moderator.get("/v1/review/sweeps/" + id).json(),
                done);
    }

    /** Waits until this node's runner of sweep {@code id} has ended; after that nothing can move it. */
    void awaitStopped(String id) {
        Sweeps sweeps = app.app().module(DetectionModule.class).sweeps();
        Await.await("the runner of sweep " + id + " ends", Duration.ofSeconds(30), () -> !sweeps.working(id));
    }

    long count(String sql) {
        return app.queryLong(sql);
    }

    @Test
    void aSweepDecidesEveryPostOfAChannelWithoutANoticePerItemAndCanBePausedAndResumed() throws Exception {
        aRaid();
        long decisions = count("SELECT COUNT(*) FROM review_decision");
        long notices = count("SELECT COUNT(*) FROM notice");
        long entries = count("SELECT COUNT(*) FROM log_entry WHERE kind = 'moderation_decision'");
        JsonNode dry = moderator.postJson("/v1/review/sweeps", sweep(true)).json();
        assertThat(dry.path("status").asText()).isEqualTo("dry_run");
        assertThat(dry.path("total").asLong()).isEqualTo(POSTS);
        assertThat(count("SELECT COUNT(*) FROM review_decision"))
                .as("a dry run decides nothing")
                .isEqualTo(decisions);

        Http.Response started = moderator.postJson("/v1/review/sweeps", sweep(false));
        assertThat(started.status()).isEqualTo(202);
        String id = started.json().path("id").asText();
        assertThat(moderator.post("/v1/review/sweeps/" + id + "/pause").status())
                .isEqualTo(200);
        JsonNode paused = await(id, s -> s.path("status").asText().equals("paused"));
        JsonNode still = moderator.get("/v1/review/sweeps/" + id).json();
        long doneWhenPaused =
                still.path("decided").asLong() + still.path("skipped").asLong();
        awaitStopped(id);
        JsonNode later = moderator.get("/v1/review/sweeps/" + id).json();
        assertThat(later.path("decided").asLong() + later.path("skipped").asLong())
                .as("nothing moves once paused: the units in progress at the pause decide nothing")
                .isEqualTo(doneWhenPaused)
                .isLessThan(POSTS);
        assertThat(paused.path("total").asLong()).isEqualTo(POSTS);

        assertThat(moderator.post("/v1/review/sweeps/" + id + "/resume").status())
                .isEqualTo(200);
        JsonNode done = await(id, s -> s.path("status").asText().equals("done"));
        assertThat(done.path("decided").asLong()).isEqualTo(POSTS - 1);
        assertThat(done.path("skipped").asLong())
                .as("the post with an open case")
                .isEqualTo(1);

        String posts = "(SELECT id FROM subject WHERE container_id = '" + p + "raid-channel')";
        assertThat(count("SELECT COUNT(*) FROM review_decision WHERE subject_id IN " + posts))
                .as("each decided once")
                .isEqualTo(POSTS - 1);
        assertThat(count("SELECT COUNT(DISTINCT subject_id) FROM review_decision WHERE subject_id IN " + posts))
                .isEqualTo(POSTS - 1);
        assertThat(count("SELECT COUNT(*) FROM statement_of_reasons WHERE subject_id IN " + posts))
                .as("a statement of reasons each")
                .isEqualTo(POSTS - 1);
        // Authors reaching a strike threshold get their own decisions and entries on top.
        assertThat(count("SELECT COUNT(*) FROM log_entry WHERE kind = 'moderation_decision'"))
                .as("a log entry each")
                .isGreaterThanOrEqualTo(entries + POSTS - 1);
        assertThat(count("SELECT COUNT(*) FROM notice"))
                .as("no notice per item: only the user's report, filed before")
                .isEqualTo(notices);
        assertThat(count("SELECT COUNT(*) FROM subject WHERE container_id = '" + p
                        + "quiet-channel' AND visibility = 'removed'"))
                .isZero();
        assertThat(count("SELECT COUNT(*) FROM review_case WHERE id = '" + openCase + "' AND status = 'open'"))
                .as("the open case is left to a moderator")
                .isEqualTo(1);
        assertThat(moderator.post("/v1/review/sweeps/" + id + "/pause").status())
                .as("a finished sweep cannot be paused")
                .isEqualTo(409);
    }

    @Test
    void aCancelledSweepStopsAndKeepsWhatItDecided() throws Exception {
        aRaid();
        long before = count("SELECT COUNT(*) FROM review_decision");
        String id = moderator
                .postJson("/v1/review/sweeps", sweep(false))
                .json()
                .path("id")
                .asText();
        assertThat(moderator.post("/v1/review/sweeps/" + id + "/cancel").status())
                .isEqualTo(200);
        await(id, s -> s.path("status").asText().equals("cancelled"));
        long decided = count("SELECT COUNT(*) FROM review_decision");
        awaitStopped(id);
        assertThat(count("SELECT COUNT(*) FROM review_decision"))
                .as("nothing decided once cancelled: the units in progress at the cancel decide nothing")
                .isEqualTo(decided)
                .isLessThan(before + POSTS);
        assertThat(moderator.post("/v1/review/sweeps/" + id + "/resume").status())
                .isEqualTo(409);
    }

    @Test
    void theConsoleShowsASweepWithItsBarAndKeepsTheFormOnError() throws Exception {
        aRaid();
        long sweeps = count("SELECT COUNT(*) FROM review_sweep");
        String id = moderator
                .postJson("/v1/review/sweeps", sweep(false))
                .json()
                .path("id")
                .asText();
        moderator.post("/v1/review/sweeps/" + id + "/pause");
        Http.Response page = moderator.get("/console/progress");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("sweep-" + id)
                .contains("<progress")
                .contains("Resume")
                .contains("Cancel");

        String form =
                "containerId=" + p + "raid-channel&kind=post&action=remove&groundKind=policy&ground=&facts=spam+raid";
        Http.Response refused = moderator.post(
                "/console/progress/sweeps",
                "application/x-www-form-urlencoded",
                form.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(refused.body()).contains("id=\"error\"").contains("value=\"" + p + "raid-channel\"");
        assertThat(count("SELECT COUNT(*) FROM review_sweep")).isEqualTo(sweeps + 1);
    }

    @Test
    void aSweepMustNameAChannelOrAnAuthorAndAGround() {
        long sweeps = count("SELECT COUNT(*) FROM review_sweep");
        Http.Response everything = moderator.postJson(
                "/v1/review/sweeps", Map.of("query", Map.of("kind", "post"), "decision", Moderators.remove("ToS 4.2")));
        assertThat(everything.status()).isEqualTo(400);
        assertThat(everything.body()).contains("query");
        assertThat(count("SELECT COUNT(*) FROM review_sweep")).isEqualTo(sweeps);
    }
}
