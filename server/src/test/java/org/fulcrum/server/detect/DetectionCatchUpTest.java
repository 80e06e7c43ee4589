package org.fulcrum.server.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.DetectionModule;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.Moderators;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Events committed but not yet scanned when the app stops abruptly are scanned after the restart,
 * and events whose scan was recorded are not scanned again (no duplicate cases).
 */
class DetectionCatchUpTest {
    TestApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    static Map<String, Object> batch(int from, int to) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = from; i < to; i++) {
            events.add(Events.post("cu-ev-" + i, "cu-post-" + i, "chan-cu", "they are vermin people, number " + i));
        }
        return Events.of(events);
    }

    @Test
    void eventsCommittedButNotScannedAreScannedOnceAfterARestart() throws Exception {
        app = TestApp.sqlite(c -> c.withRateLimits(0, 0));
        Path data = app.dataDir();
        Http staff = new Moderators(app).admin("finn");
        Http.Response rule = staff.postJson(
                "/v1/detection/rules",
                Map.of(
                        "name",
                        "hate terms",
                        "kind",
                        "keywords",
                        "patterns",
                        List.of("vermin people"),
                        "policy",
                        "review",
                        "reason",
                        "hate_speech"));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);

        assertThat(app.platform().postJson("/v1/platform/events", batch(0, 20)).status())
                .isEqualTo(200);
        assertThat(app.detectionIdle(20_000)).isTrue();
        assertThat(app.queryLong("SELECT COUNT(*) FROM review_case WHERE subject_id LIKE 'cu-post-%'"))
                .isEqualTo(20);

        // The workers stop as a crash would stop them: the next events are committed, never scanned.
        app.app().module(DetectionModule.class).detection().pipeline().stopWorkers();
        assertThat(app.platform().postJson("/v1/platform/events", batch(20, 50)).status())
                .isEqualTo(200);
        assertThat(app.queryLong("SELECT COUNT(*) FROM review_case WHERE subject_id LIKE 'cu-post-%'"))
                .isEqualTo(20);
        app.close();

        app = TestApp.sqliteAt(data, c -> c.withRateLimits(0, 0));
        assertThat(app.detectionIdle(30_000)).isTrue();
        assertThat(app.queryLong("SELECT COUNT(*) FROM review_case WHERE subject_id LIKE 'cu-post-%'"))
                .isEqualTo(50);
        assertThat(app.queryLong(
                        "SELECT COUNT(DISTINCT subject_id) FROM review_case WHERE subject_id LIKE 'cu-post-%'"))
                .isEqualTo(50);
        assertThat(app.queryLong("SELECT COUNT(*) FROM notice_item WHERE subject_id LIKE 'cu-post-%'"))
                .isEqualTo(50);
        assertThat(app.queryLong("SELECT COUNT(*) FROM detection_match WHERE subject_id LIKE 'cu-post-%'"))
                .isEqualTo(50);
        assertThat(app.queryLong("SELECT COUNT(*) FROM detection_pending")).isZero();
    }
}
