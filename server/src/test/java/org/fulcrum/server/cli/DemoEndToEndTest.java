package org.fulcrum.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fulcrum.server.auth.Totp;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.support.Postgres;
import org.fulcrum.server.web.Csrf;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code fulcrum demo --fast} as its own process on a fresh data folder and checks the story's
 * outcome from outside, through the HTTP API only: the admin signs in through the login pages with
 * the printed one-time password and a TOTP code, issues an API token, and inspects the subjects, the
 * published report and the log; {@code fulcrum verify} recomputes the report and agrees.
 */
@Tag("process")
class DemoEndToEndTest {
    private static final Json JSON = Json.strict();

    @Test
    void theDemoTellsTheWholeStoryOnTheEmbeddedStore() throws Exception {
        play(Map.of());
    }

    @Test
    void theDemoTellsTheWholeStoryOnPostgres() throws Exception {
        Postgres.require();
        play(Map.of("FULCRUM_DATABASE_URL", Postgres.URL, "FULCRUM_DATABASE_SCHEMA", Postgres.freshSchema()));
    }

    private void play(Map<String, String> env) throws Exception {
        try (DemoProcess demo = DemoProcess.play(600, env)) {
            String transcript = demo.transcript();
            assertThat(transcript).as(transcript).contains("Every step ended as the specification says.");
            for (int step = 1; step <= 9; step++) {
                assertThat(transcript).contains("Step " + step + ":");
            }
            assertThat(transcript).contains("re-encoded copy -> removed").contains("harmless picture -> visible");
            Matcher pw = Pattern.compile("one-time password (\\S+)").matcher(transcript);
            assertThat(pw.find()).as("the admin's one-time password is printed").isTrue();
            String base = demo.base();
            String token = adminToken(base, pw.group(1));
            HttpClient http = HttpClient.newHttpClient();

            // step 1: the flagged channel is blocked; step 2: the TCO target removed and preserved 6 months
            Matcher flagged = Pattern.compile("the NGO's flag of (\\S+) is").matcher(transcript);
            assertThat(flagged.find()).isTrue();
            JsonNode channel = get(http, base + "/v1/platform/subjects/" + flagged.group(1), token);
            assertThat(channel.at("/state/visibility").asText()).isEqualTo("blocked");
            JsonNode post = get(http, base + "/v1/platform/subjects/post-propaganda-video", token);
            assertThat(post.at("/state/visibility").asText()).isEqualTo("removed");
            Instant hold = Instant.parse(post.at("/state/holdUntil").asText());
            assertThat(hold).isAfter(Instant.now().plus(Duration.ofDays(170)));

            // steps 3, 4, 5 and 9: counted in the published report, from the log alone
            JsonNode report = get(http, base + "/v1/reports/transparency.json", null);
            long noKeys = 0;
            long expression = 0;
            long disclosures = 0;
            for (JsonNode byJurisdiction : report.at("/lawful/year")) {
                for (JsonNode f : byJurisdiction) {
                    noKeys += f.at("/refusalsByPrinciple/no-keys").asLong();
                    expression +=
                            f.at("/refusalsByPrinciple/peaceful-expression").asLong();
                    disclosures += f.get("disclosures").asLong();
                }
            }
            assertThat(noKeys).as("the key request is refused and counted").isEqualTo(1);
            assertThat(expression)
                    .as("the protest-channel request is refused and counted")
                    .isEqualTo(1);
            assertThat(disclosures).isEqualTo(1);

            // the published report and the log agree
            assertThat(Main.run("verify", "--server", base)).isZero();
        }
    }

    private static JsonNode get(HttpClient http, String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url + " " + r.body()).isEqualTo(200);
        return JSON.mapper().readTree(r.body());
    }

    /** Signs in through the HTML login pages (password, TOTP enrolment, new password) and issues a platform token. */
    private static String adminToken(String base, String oneTimePassword) throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(URI.create(base + "/login")).build(), HttpResponse.BodyHandlers.ofString());
        String preSession =
                page.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        Matcher pageToken =
                Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"").matcher(page.body());
        assertThat(pageToken.find()).as(page.body()).isTrue();
        HttpResponse<String> login = http.send(
                form(
                        base + "/login",
                        preSession,
                        Map.of(
                                "username",
                                "admin",
                                "password",
                                oneTimePassword,
                                "next",
                                "/",
                                Csrf.FIELD,
                                pageToken.group(1))),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        String csrf = Csrf.tokenFor(cookie.substring(cookie.indexOf('=') + 1));
        HttpResponse<String> totpPage = http.send(
                HttpRequest.newBuilder(URI.create(base + "/login/totp"))
                        .header("Cookie", cookie)
                        .header("Accept", "text/html")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher secret = Pattern.compile("id=\"totp-secret\">([A-Z2-7]+)<").matcher(totpPage.body());
        assertThat(secret.find()).as(totpPage.body()).isTrue();
        HttpResponse<String> verified = http.send(
                form(
                        base + "/login/totp",
                        cookie,
                        Map.of("code", Totp.code(secret.group(1), Instant.now()), "next", "/", Csrf.FIELD, csrf)),
                HttpResponse.BodyHandlers.ofString());
        assertThat(verified.statusCode()).isEqualTo(302);
        // the second factor replaces the session's secret, and with it the form token
        cookie = verified.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        csrf = Csrf.tokenFor(cookie.substring(cookie.indexOf('=') + 1));
        HttpResponse<String> changed = http.send(
                form(
                        base + "/account/password",
                        cookie,
                        Map.of("current", oneTimePassword, "password", "a-new-admin-password-1", Csrf.FIELD, csrf)),
                HttpResponse.BodyHandlers.ofString());
        assertThat(changed.statusCode()).isEqualTo(302);
        // and so does the password change
        cookie = changed.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        csrf = Csrf.tokenFor(cookie.substring(cookie.indexOf('=') + 1));
        HttpResponse<String> token = http.send(
                HttpRequest.newBuilder(URI.create(base + "/v1/admin/tokens"))
                        .header("Cookie", cookie)
                        .header("Content-Type", "application/json")
                        .header("Origin", base)
                        .header(Csrf.HEADER, csrf)
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.write(
                                Map.of("kind", "platform", "ownerId", "auditor", "name", "end-to-end check"))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(201);
        return JSON.mapper().readTree(token.body()).get("secret").asText();
    }

    private static HttpRequest form(String url, String cookie, Map<String, String> fields) {
        StringBuilder body = new StringBuilder();
        fields.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (cookie != null) {
            b.header("Cookie", cookie).header("Origin", url.substring(0, url.indexOf('/', "http://".length())));
        }
        return b.build();
    }
}
