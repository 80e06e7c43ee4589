package org.fulcrum.server.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EventIngestTest {
    static TestApp app;

    @BeforeAll
    static void start() {
        app = TestApp.sqlite();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void ingestionIsIdempotentOnEventId() {
        var batch = Events.batch(0, 50, "idem");
        var first = app.platform().postJson("/v1/platform/events", batch);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("accepted").asInt()).isEqualTo(50);
        long events = app.count("content_event");
        long subjects = app.count("subject");

        var again = app.platform().postJson("/v1/platform/events", batch);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("accepted").asInt()).isZero();
        assertThat(again.json().get("duplicates").asInt()).isEqualTo(50);
        assertThat(app.count("content_event")).isEqualTo(events);
        assertThat(app.count("subject")).isEqualTo(subjects);
    }

    @Test
    void aDuplicateInsideOneBatchIsCountedOnce() {
        var e = Events.post("dup-1", "dup-post-1", "dup-channel", "same");
        var r = app.platform().postJson("/v1/platform/events", Map.of("events", List.of(e, e)));
        assertThat(r.json().get("accepted").asInt()).isEqualTo(1);
        assertThat(r.json().get("duplicates").asInt()).isEqualTo(1);
    }

    @Test
    void thePlatformCanAskForTheStateOfASubject() {
        app.platform().postJson("/v1/platform/events", Events.batch(0, 3, "state"));
        var r = app.platform().get("/v1/platform/subjects/state-post-1");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().at("/state/visibility").asText()).isEqualTo("visible");
        assertThat(r.json().get("kind").asText()).isEqualTo("post");
        assertThat(r.json().get("containerId").asText()).isEqualTo("state-channel-1");
        // the author and the container became subjects too
        assertThat(app.platform()
                        .get("/v1/platform/subjects/acct-state-channel-1")
                        .json()
                        .get("kind")
                        .asText())
                .isEqualTo("account");
        assertThat(app.platform()
                        .get("/v1/platform/subjects/state-channel-1")
                        .json()
                        .get("kind")
                        .asText())
                .isEqualTo("channel");
    }

    @Test
    void anUnknownSubjectIsA404Problem() {
        var r = app.platform().get("/v1/platform/subjects/nope-404");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.contentType()).startsWith("application/problem+json");
    }

    @Test
    void eventsNeedAPlatformToken() {
        assertThat(app.http()
                        .postJson("/v1/platform/events", Events.batch(0, 1, "anon"))
                        .status())
                .isEqualTo(401);
        assertThat(app.http()
                        .bearer("ful_forged")
                        .postJson("/v1/platform/events", Events.batch(0, 1, "anon"))
                        .status())
                .isEqualTo(401);
    }

    @Test
    void aDeleteEventDropsTheContentCopy() {
        app.platform().postJson("/v1/platform/events", Events.batch(0, 1, "del"));
        assertThat(app.queryLong("SELECT COUNT(*) FROM subject_content WHERE subject_id = 'del-post-0'"))
                .isEqualTo(1);
        var delete = Map.of(
                "eventId",
                "del-ev-x",
                "type",
                "deleted",
                "subjectId",
                "del-post-0",
                "kind",
                "post",
                "occurredAt",
                "2026-11-29T11:00:00Z");
        assertThat(app.platform()
                        .postJson("/v1/platform/events", Map.of("events", List.of(delete)))
                        .status())
                .isEqualTo(200);
        assertThat(app.queryLong("SELECT COUNT(*) FROM subject_content WHERE subject_id = 'del-post-0'"))
                .isZero();
        assertThat(app.platform()
                        .get("/v1/platform/subjects/del-post-0")
                        .json()
                        .get("deletedByPlatform")
                        .asBoolean())
                .isTrue();
    }
}
