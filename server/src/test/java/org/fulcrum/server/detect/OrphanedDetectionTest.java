package org.fulcrum.server.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.DetectionModule;
import org.fulcrum.server.config.ClusterConfig;
import org.fulcrum.server.support.Await;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.Moderators;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL schema: events one node committed but never scanned (its workers
 * stopped as a crash stops them, the node not restarted) are scanned by the other node once they
 * are orphaned (after a configured {@link #TAKE_OVER}, shorter than the default
 * {@link DetectionPipeline#ORPHANED}), each once: one match and one case per event.
 */
class OrphanedDetectionTest {
    static final ClusterConfig.TakeOver TAKE_OVER =
            new ClusterConfig.TakeOver(Duration.ofSeconds(2), Duration.ofMillis(200));

    static Map<String, Object> batch(int from, int to) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = from; i < to; i++) {
            events.add(
                    Events.post("orph-ev-" + i, "orph-post-" + i, "chan-orph", "they are vermin people, number " + i));
        }
        return Events.of(events);
    }

    @Test
    void anotherNodeScansOnceTheEventsADeadNodeLeftUnscanned() throws Exception {
        try (TestApp dying = TestApp.postgres(
                        c -> c.withCluster(c.cluster().withNodeId("orph-dying").withTakeOver(TAKE_OVER))
                                .withRateLimits(0, 0));
                TestApp survivor = TestApp.postgresAt(
                        dying.app().config().databaseSchema(),
                        c -> c.withCluster(
                                        c.cluster().withNodeId("orph-survivor").withTakeOver(TAKE_OVER))
                                .withRateLimits(0, 0))) {
            Http staff = new Moderators(dying).admin("finn");
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

            dying.app().module(DetectionModule.class).detection().pipeline().stopWorkers();
            long committed = System.nanoTime();
            assertThat(dying.platform()
                            .postJson("/v1/platform/events", batch(0, 40))
                            .status())
                    .isEqualTo(200);
            assertThat(survivor.queryLong("SELECT COUNT(*) FROM detection_pending"))
                    .isEqualTo(40);

            Await.await(
                    "the survivor scanned the orphaned events",
                    DetectionPipeline.ORPHANED.multipliedBy(3),
                    () -> survivor.queryLong("SELECT COUNT(*) FROM detection_pending") == 0
                            && survivor.app()
                                            .module(DetectionModule.class)
                                            .detection()
                                            .pipeline()
                                            .pending()
                                    == 0,
                    () -> survivor.queryLong("SELECT COUNT(*) FROM detection_pending") + " pending");
            Duration took = Duration.ofNanos(System.nanoTime() - committed);
            assertThat(took).as("not before they were orphaned").isGreaterThanOrEqualTo(TAKE_OVER.orphaned());
            assertThat(survivor.queryLong("SELECT COUNT(*) FROM detection_match WHERE subject_id LIKE 'orph-post-%'"))
                    .isEqualTo(40);
            assertThat(survivor.queryLong(
                            "SELECT COUNT(DISTINCT subject_id) FROM review_case WHERE subject_id LIKE 'orph-post-%'"))
                    .isEqualTo(40);
            assertThat(survivor.queryLong("SELECT COUNT(*) FROM notice_item WHERE subject_id LIKE 'orph-post-%'"))
                    .isEqualTo(40);
        }
    }
}
