package org.fulcrum.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code next} after sign-in: a local path or nothing, whatever a crafted link puts there. */
class LocalPathTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/\t/evil.example/x",
                "/\n/evil.example",
                "/\r/evil.example",
                "//evil.example",
                "///evil.example",
                "/\\evil.example",
                "\\\\evil.example",
                "/\\/evil.example",
                "https://evil.example",
                "http:/evil.example",
                "javascript:alert(1)",
                "evil.example",
                " /console",
                "/console\u0000",
                "/%2F%2Fevil.example",
                "/%2f/evil.example",
                "/%5Cevil.example",
                "/%09/evil.example",
                "/%0d%0a/x",
                "/%252F%252Fevil.example",
                "/\u2028/evil",
                "/\uff0f/evil.example",
                "/console//x",
                "/a/../\\/evil",
                "",
                "\u0000",
                "/ console",
                "/\u00e9"
            })
    void hostileValuesFallBack(String next) {
        assertThat(LocalPath.of(next)).as("[" + next + "]").isEmpty();
        assertThat(LocalPath.or(next, "/console/subjects")).isEqualTo("/console/subjects");
    }

    @Test
    void tooLongFallsBack() {
        assertThat(LocalPath.of("/" + "a".repeat(3000))).isEmpty();
        assertThat(LocalPath.of(null)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/console/subjects",
                "/console/cases/case_01?decided=1",
                "/console/banks/bank_1#hashes",
                "/v1/lawful/requests?status=open&limit=20",
                "/",
                "/console/privacy/requests?q=a%20b"
            })
    void localPathsAreKept(String next) {
        assertThat(LocalPath.of(next)).contains(next);
    }

    @Test
    void aTabInNextIsNotSentBackAsTheLocationAfterSignIn() throws Exception {
        try (TestApp app = TestApp.sqlite()) {
            new StaffSessions(app.app()).create("next.user", "next-user-password", Role.MODERATOR);
            HttpClient http = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
            String hostile = "/\t/evil.example/x";
            HttpResponse<String> page = http.send(
                    HttpRequest.newBuilder(URI.create(
                                    app.url() + "/login?next=" + URLEncoder.encode(hostile, StandardCharsets.UTF_8)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.body()).doesNotContain("evil.example");
            String cookie =
                    page.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            Matcher token =
                    Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"").matcher(page.body());
            assertThat(token.find()).isTrue();
            String form = "username=next.user&password=next-user-password&next="
                    + URLEncoder.encode(hostile, StandardCharsets.UTF_8) + "&" + Csrf.FIELD + "=" + token.group(1);
            HttpResponse<String> login = http.send(
                    HttpRequest.newBuilder(URI.create(app.url() + "/login"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .header("Cookie", cookie)
                            .header("Origin", app.url())
                            .POST(HttpRequest.BodyPublishers.ofString(form))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            String location =
                    login.headers().firstValue("Location").orElseThrow(() -> new AssertionError(login.body()));
            assertThat(URI.create(app.url()).resolve(location).getHost()).isEqualTo("127.0.0.1");
            assertThat(java.net.URLDecoder.decode(location, StandardCharsets.UTF_8))
                    .doesNotContain("evil.example");
        }
    }
}
