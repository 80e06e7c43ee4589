package org.fulcrum.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fulcrum.server.auth.Totp;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A first run for one person: {@code fulcrum demo} prints a sign-in for each demo role, and each
 * printed person signs in (one-time password, own second factor, own password) and opens every page
 * printed beside them with 200; those pages include every console link of the story and of the README.
 */
@Tag("process")
class DemoSignInsTest {
    private static final Pattern SIGN_IN = Pattern.compile("^  (\\w+)\\s+(\\S+)\\s+(\\S+)\\s+pages: (.+)$");

    @Test
    void everyPrintedPersonSignsInAndOpensEveryPagePrintedBesideThem() throws Exception {
        Path data = Files.createTempDirectory("fulcrum-demo-signins");
        int port = DurabilityProcessTest.freePort();
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process demo = new ProcessBuilder(
                        javaBin,
                        "-cp",
                        System.getProperty("java.class.path"),
                        Main.class.getName(),
                        "demo",
                        "--fast",
                        "--keep-serving",
                        "--accounts",
                        "300",
                        "--port",
                        String.valueOf(port),
                        "--data",
                        data.toString())
                .redirectError(data.resolve("stderr.log").toFile())
                .start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
            String line;
            while ((line = out.readLine()) != null && Instant.now().isBefore(deadline)) {
                lines.add(line);
                if (line.startsWith("Every step ended") || line.startsWith("Steps that did not end")) {
                    break;
                }
            }
            String transcript = String.join("\n", lines);
            String base = "http://127.0.0.1:" + port;
            Set<String> roles = new TreeSet<>();
            Set<String> storyLinks = new TreeSet<>();
            // pages by name; a subject's own page (an id) is opened by the scenario tests
            Matcher link =
                    Pattern.compile("(/console/[a-z/-]++)(?![A-Za-z0-9_])").matcher(transcript);
            while (link.find()) {
                storyLinks.add(link.group(1));
            }
            Set<String> opened = new TreeSet<>();
            for (String l : lines) {
                Matcher m = SIGN_IN.matcher(l);
                if (!m.matches()) {
                    continue;
                }
                roles.add(m.group(1));
                String cookie = signIn(base, m.group(2), m.group(3));
                for (String page : m.group(4).split(" ")) {
                    assertThat(status(base + page, cookie))
                            .as(m.group(2) + " opens " + page)
                            .isEqualTo(200);
                    opened.add(page);
                }
            }
            assertThat(roles).as(transcript).containsExactlyInAnyOrder("admin", "moderator", "legal", "auditor");
            assertThat(lines.stream().filter(l -> l.matches("^  legal\\s.*"))).hasSize(2);
            // every console page the story prints, and every one the README names, is among those a printed
            // person opened
            assertThat(opened)
                    .containsAll(storyLinks.stream()
                            .filter(l -> !l.equals("/console/lawful/"))
                            .toList());
            Matcher readme =
                    Pattern.compile("`(/console/[a-z/-]+)`").matcher(Files.readString(Path.of("..", "README.md")));
            Set<String> readmeLinks = new TreeSet<>();
            while (readme.find()) {
                readmeLinks.add(readme.group(1));
            }
            assertThat(readmeLinks).isNotEmpty();
            assertThat(opened).containsAll(readmeLinks);
        } finally {
            demo.destroyForcibly();
            demo.waitFor();
        }
    }

    /** Password, second-factor enrolment from the page, new password; returns the session cookie. */
    static String signIn(String base, String username, String oneTime) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> login = http.send(
                form(base + "/login", null, Map.of("username", username, "password", oneTime)),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(username + " " + login.body()).isEqualTo(302);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(URI.create(base + "/login/totp"))
                        .header("Cookie", cookie)
                        .header("Accept", "text/html")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher secret = Pattern.compile("id=\"totp-secret\">([A-Z2-7]+)<").matcher(page.body());
        assertThat(secret.find()).as(page.body()).isTrue();
        HttpResponse<String> code = http.send(
                form(base + "/login/totp", cookie, Map.of("code", Totp.code(secret.group(1), Instant.now()))),
                HttpResponse.BodyHandlers.ofString());
        assertThat(code.statusCode()).isEqualTo(302);
        assertThat(code.headers().firstValue("Location")).hasValue("/account/password");
        // the second factor replaces the session's secret
        String session = code.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        assertThat(session).startsWith("fulcrum_session=").isNotEqualTo(cookie);
        HttpResponse<String> changed = http.send(
                form(base + "/account/password", session, Map.of("current", oneTime, "password", oneTime + "-mine")),
                HttpResponse.BodyHandlers.ofString());
        assertThat(changed.statusCode()).isEqualTo(302);
        // the password change replaces the session's secret again
        return changed.headers().allValues("Set-Cookie").stream()
                .map(c -> c.split(";")[0])
                .filter(c -> c.startsWith("fulcrum_session="))
                .findFirst()
                .orElseThrow();
    }

    static int status(String url, String cookie) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Cookie", cookie)
                                .header("Accept", "text/html")
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    static HttpRequest form(String url, String cookie, Map<String, String> fields) {
        StringBuilder body = new StringBuilder();
        fields.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        URI uri = URI.create(url);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        return org.fulcrum.server.support.Http.fromConsole(b, uri.getScheme() + "://" + uri.getAuthority(), cookie)
                .build();
    }
}
