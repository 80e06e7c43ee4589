package org.fulcrum.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.fulcrum.server.auth.Access;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Test;

/** A browser that meets a problem reads a page in words with a way back; API clients keep problem JSON. */
class ErrorPageTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> get(TestApp app, String path, String accept, String session) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.url() + path))
                .header("Accept", accept)
                .header("Referer", app.url() + "/console/queues");
        if (session != null) {
            b.header("Cookie", Access.SESSION_COOKIE + "=" + session);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aBrowserDeniedAPageReadsWhyAndCanGoBack() throws Exception {
        try (TestApp app = TestApp.sqlite()) {
            String moderator = new StaffSessions(app.app()).signIn("page.moderator", Role.MODERATOR);
            HttpResponse<String> page = get(app, "/console/lawful", "text/html,application/xhtml+xml", moderator);
            assertThat(page.statusCode()).isEqualTo(403);
            assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(page.body())
                    .contains("<h1>Forbidden</h1>")
                    .contains("LEGAL")
                    .contains("href=\"/console/queues\" id=\"back\"")
                    .doesNotContain("\"type\"");

            HttpResponse<String> api = get(app, "/console/lawful", "application/json", moderator);
            assertThat(api.statusCode()).isEqualTo(403);
            assertThat(api.headers().firstValue("Content-Type").orElse("")).startsWith(ProblemMapper.CONTENT_TYPE);
            assertThat(api.body()).contains("\"type\":\"https://fulcrum.dev/problems/forbidden\"");
        }
    }

    @Test
    void anUnknownPageIsAReadable404AndTheBackLinkNeverLeavesTheSite() throws Exception {
        try (TestApp app = TestApp.sqlite()) {
            HttpResponse<String> page = HTTP.send(
                    HttpRequest.newBuilder(URI.create(app.url() + "/no/such/page"))
                            .header("Accept", "text/html")
                            .header("Referer", "https://evil.example/phish")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(404);
            assertThat(page.body())
                    .contains("<h1>Not found</h1>")
                    .contains("no resource at /no/such/page")
                    .contains("href=\"/\" id=\"back\"")
                    .doesNotContain("evil.example");
        }
    }
}
