package org.fulcrum.server.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.DetectionModule;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.platform.ContentEvent;
import org.fulcrum.server.platform.EventIngest;
import org.fulcrum.server.platform.SubjectKind;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.TestApp;
import org.fulcrum.server.web.Metrics;
import org.junit.jupiter.api.Test;

/** A full detection queue refuses new batches before they are stored, instead of growing without bound. */
class BackpressureTest {
    static ContentEvent event(String id, String text) {
        return new ContentEvent(
                id,
                ContentEvent.EventType.created,
                "s-" + id,
                SubjectKind.post,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(text),
                Optional.empty(),
                Instant.now());
    }

    @Test
    void aFullQueueRefusesByCountAndByTextSize() {
        DetectionPipeline pipeline = new DetectionPipeline(
                null,
                null,
                null,
                Json.strict(),
                new Metrics(),
                0,
                3,
                100,
                org.fulcrum.server.config.ClusterConfig.TakeOver.DEFAULTS);
        pipeline.admit(3, 100);
        pipeline.accepted(List.of(event("a", "0123456789"), event("b", "0123456789")));
        assertThat(pipeline.pending()).isEqualTo(2);
        assertThatThrownBy(() -> pipeline.admit(2, 0)).isInstanceOf(FulcrumException.Unavailable.class);
        pipeline.admit(1, 80);
        assertThatThrownBy(() -> pipeline.admit(1, 81))
                .isInstanceOf(FulcrumException.Unavailable.class)
                .hasMessageContaining("retry");
    }

    @Test
    void ingestionIsAnswered503AndStoresNothingWhileAListenerCannotTakeMore() {
        try (TestApp app = TestApp.sqlite(c -> c.withRateLimits(0, 0))) {
            boolean[] full = {true};
            app.app().module(DetectionModule.class).ingest().listen(new EventIngest.EventListener() {
                public void accepted(List<ContentEvent> events) {}

                public void admit(int count, long chars) {
                    if (full[0]) {
                        throw new FulcrumException.Unavailable("detection is behind; retry the batch shortly");
                    }
                }
            });
            var refused = app.platform().postJson("/v1/platform/events", Events.batch(0, 3, "bp"));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.raw().headers().firstValue("Retry-After")).isPresent();
            assertThat(app.count("content_event")).isZero();
            full[0] = false;
            assertThat(app.platform()
                            .postJson("/v1/platform/events", Events.batch(0, 3, "bp"))
                            .status())
                    .isEqualTo(200);
            assertThat(app.count("content_event")).isEqualTo(3);
        }
    }
}
