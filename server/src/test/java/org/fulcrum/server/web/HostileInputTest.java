package org.fulcrum.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The hostile inputs that once made the server fail or answer without a problem document. */
class HostileInputTest {
    static TestApp app;
    static String secret;
    static Http admin;

    @BeforeAll
    static void start() {
        app = TestApp.sqlite();
        secret = new StaffSessions(app.app()).signIn("hostile.admin", Role.ADMIN, Role.MODERATOR);
        admin = app.http().session(secret);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void anUnknownSubjectKindInTheConsoleIsA400NamingTheField() {
        for (String kind : new String[] {"-1", "spaceship", "POST%00", "%E2%80%AE"}) {
            Http.Response r = admin.get("/console/subjects?kind=" + kind);
            assertThat(r.status()).as(kind + " " + r.body()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().at("/errors/0/field").asText()).isEqualTo("kind");
        }
    }

    @Test
    void aTimestampAtTheEndOfTimeIsA400NamingTheFieldAndWritesNothing() {
        long before = app.count("content_event");
        String event =
                "{\"eventId\":\"far\",\"type\":\"created\",\"subjectId\":\"p-far\",\"kind\":\"post\",\"occurredAt\":\"%s\"}";
        for (String t :
                new String[] {"+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "+10000-01-01T00:00:00Z"}) {
            Http.Response r =
                    app.platform().postJson("/v1/platform/events", "{\"events\":[" + event.formatted(t) + "]}");
            assertThat(r.status()).as(t + " " + r.body()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().at("/errors/0/field").asText()).isEqualTo("events[0].occurredAt");
        }
        assertThat(app.count("content_event")).isEqualTo(before);
    }

    @Test
    void aPathThatIsNotUtf8IsA400ProblemDocument() throws Exception {
        for (String path : new String[] {"/v1/banks/%FF%FE", "/console/cases/%C0%AF", "/%ED%A0%80"}) {
            String answer = raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n"
                    + "Connection: close\r\n\r\n");
            assertThat(answer).as(path).startsWith("HTTP/1.1 400");
            assertThat(answer.toLowerCase()).as(answer).contains("content-type: application/problem+json");
            assertThat(answer).contains("\"status\":400");
        }
    }

    @Test
    void consoleRedirectsCarryOnlyAsciiInTheirLocation() throws Exception {
        String cookie = "fulcrum_session=" + secret;
        String answer = raw(
                "POST /console/cases/%C3%A9t%C3%A9/claim HTTP/1.1\r\nHost: 127.0.0.1:"
                        + app.app().port()
                        + "\r\nOrigin: " + app.url() + "\r\nCookie: " + cookie + "\r\n" + Csrf.HEADER + ": "
                        + Csrf.tokenFor(secret)
                        + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        String location = answer.lines()
                .filter(l -> l.toLowerCase().startsWith("location:"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(answer));
        assertThat(location.chars().allMatch(c -> c > 0x20 && c < 0x7f || c == ' '))
                .as(location)
                .isTrue();
        assertThat(location).contains("/console/cases/%C3%A9t%C3%A9");
    }

    @Test
    void aBodyCutShortOfItsDeclaredLengthIsA400AndAChunkedOneIsRead() throws Exception {
        String notice = "{\"items\":[{\"subjectId\":\"post-cut-1\"}],\"reason\":\"spam\","
                + "\"explanation\":\"bulk messages\",\"notifier\":{\"reporterId\":\"cut-reporter\"},"
                + "\"goodFaith\":true}";
        String head = "POST /v1/notices HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + app.platformToken()
                + "\r\nContent-Type: application/json\r\n";
        long before = app.count("notice");
        // The client declares more than it sends, then stops sending: the body is refused, not stored.
        String cut = rawHalfClosed(head + "Content-Length: " + (notice.length() + 40) + "\r\n\r\n" + notice);
        assertThat(cut).startsWith("HTTP/1.1 400");
        assertThat(cut.toLowerCase()).contains("content-type: application/problem+json");
        assertThat(app.count("notice")).isEqualTo(before);
        // Without a declared length (chunked), the body is read up to the limit as before.
        String chunked = raw(head + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + Integer.toHexString(notice.length()) + "\r\n" + notice + "\r\n0\r\n\r\n");
        assertThat(chunked).as(chunked).startsWith("HTTP/1.1 202");
        assertThat(app.count("notice")).isEqualTo(before + 1);
    }

    /** Sends {@code request}, closes the sending side, and reads the whole answer. */
    private static String rawHalfClosed(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", app.app().port())) {
            s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            s.shutdownOutput();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Sends bytes as they are (an HTTP client would refuse or re-encode them) and reads the whole answer. */
    private static String raw(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", app.app().port())) {
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
