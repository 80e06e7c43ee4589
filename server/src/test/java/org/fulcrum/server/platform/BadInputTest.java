package org.fulcrum.server.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Hostile input gets a clear problem answer that names the field, and writes nothing. */
class BadInputTest {
    static TestApp app;

    @BeforeAll
    static void start() {
        app = TestApp.sqlite(c -> c);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static Stream<Arguments> badBodies() {
        String ok =
                "{\"eventId\":\"b1\",\"type\":\"created\",\"subjectId\":\"p1\",\"kind\":\"post\",\"occurredAt\":\"2026-11-29T10:00:00Z\"";
        return Stream.of(
                Arguments.of("malformed JSON", "{\"events\": [", "body"),
                Arguments.of("not an object", "[1,2,3]", "body"),
                Arguments.of("empty body", "", "body"),
                Arguments.of("trailing garbage", "{\"events\":[" + ok + "}]} x", "body"),
                Arguments.of("unknown top-level field", "{\"events\":[" + ok + "}],\"extra\":1}", "extra"),
                Arguments.of(
                        "unknown event field", "{\"events\":[" + ok + ",\"colour\":\"red\"}]}", "events[0].colour"),
                Arguments.of(
                        "wrong type for audience",
                        "{\"events\":[" + ok + ",\"audience\":\"many\"}]}",
                        "events[0].audience"),
                Arguments.of("float for audience", "{\"events\":[" + ok + ",\"audience\":1.5}]}", "events[0].audience"),
                Arguments.of("negative audience", "{\"events\":[" + ok + ",\"audience\":-3}]}", "events[0].audience"),
                Arguments.of(
                        "unknown kind",
                        "{\"events\":[" + ok.replace("\"post\"", "\"spaceship\"") + "}]}",
                        "events[0].kind"),
                Arguments.of("bad country", "{\"events\":[" + ok + ",\"country\":\"France\"}]}", "events[0].country"),
                Arguments.of(
                        "bad id", "{\"events\":[" + ok.replace("\"p1\"", "\"../etc\"") + "}]}", "events[0].subjectId"),
                Arguments.of(
                        "missing time",
                        "{\"events\":[" + ok.replace(",\"occurredAt\":\"2026-11-29T10:00:00Z\"", "") + "}]}",
                        "events[0].occurredAt"),
                Arguments.of(
                        "bad time",
                        "{\"events\":[" + ok.replace("2026-11-29T10:00:00Z", "yesterday") + "}]}",
                        "events[0].occurredAt"),
                Arguments.of("no events", "{\"events\":[]}", "events"),
                Arguments.of("duplicate key", "{\"events\":[" + ok + ",\"eventId\":\"b2\"}]}", "events[0]"),
                Arguments.of(
                        "bad media hash",
                        "{\"events\":[" + ok + ",\"media\":[{\"sha256\":\"xyz\"}]}]}",
                        "events[0].media[0].sha256"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void badInputIsA400ProblemNamingTheFieldAndWritesNothing(String name, String body, String field) {
        long before = app.count("content_event");
        long subjects = app.count("subject");
        Http.Response r = app.platform().postJson("/v1/platform/events", body);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("status").asInt()).isEqualTo(400);
        assertThat(r.json().at("/errors/0/field").asText()).as(r.body()).isEqualTo(field);
        assertThat(app.count("content_event")).isEqualTo(before);
        assertThat(app.count("subject")).isEqualTo(subjects);
    }

    @Test
    void anOversizedBodyIsRefusedBeforeItIsRead() {
        long before = app.count("content_event");
        byte[] huge = new byte[(int) app.app().config().maxBodyBytes() + 10];
        java.util.Arrays.fill(huge, (byte) ' ');
        Http.Response r = app.platform().post("/v1/platform/events", "application/json", huge);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(app.count("content_event")).isEqualTo(before);
    }

    @Test
    void aBatchOverTheEventLimitIsRefusedWhole() {
        long before = app.count("content_event");
        int limit = app.app().config().maxEventsPerBatch();
        Http.Response r = app.platform().postJson("/v1/platform/events", Events.batch(0, limit + 1, "over"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/errors/0/field").asText()).isEqualTo("events");
        assertThat(app.count("content_event")).isEqualTo(before);
    }

    @Test
    void oneBadEventRejectsTheWholeBatch() {
        long before = app.count("content_event");
        List<Object> events = new ArrayList<>(List.of(Events.post("good-1", "good-post-1", "c", "fine")));
        events.add(Map.of(
                "eventId",
                "bad-1",
                "type",
                "created",
                "subjectId",
                "p",
                "kind",
                "post",
                "occurredAt",
                "2026-11-29T10:00:00Z",
                "text",
                "x".repeat(70_000)));
        Http.Response r = app.platform().postJson("/v1/platform/events", Map.of("events", events));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/errors/0/field").asText()).isEqualTo("events[1].text");
        assertThat(app.count("content_event")).isEqualTo(before);
    }

    @Test
    void aWrongContentTypeIsRefused() {
        Http.Response r = app.platform().post("/v1/platform/events", "text/plain", "{}".getBytes());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/errors/0/field").asText()).isEqualTo("Content-Type");
    }

    @Test
    void anUnknownRouteIsA404Problem() {
        Http.Response r = app.http().get("/v1/nothing-here");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.contentType()).startsWith("application/problem+json");
    }
}
