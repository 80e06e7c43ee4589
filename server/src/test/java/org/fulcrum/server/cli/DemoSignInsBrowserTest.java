package org.fulcrum.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fulcrum.server.support.Browser;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * The demo's printed sign-ins in a real browser: {@code fulcrum demo} runs as a newcomer would run
 * it, then each printed person signs in through the console's own forms (one-time password, second
 * factor enrolled from the page, forced password change), opens every page printed beside them and
 * sees it answer 200 with no error on it. A screenshot of each role's landing page is kept in
 * {@code target/screenshots}.
 */
@Tag("browser")
@Tag("process")
class DemoSignInsBrowserTest {
    private static final Pattern SIGN_IN = Pattern.compile("^  (\\w+)\\s+(\\S+)\\s+(\\S+)\\s+pages: (.+)$");

    @Test
    void everyPrintedPersonSignsInThroughTheConsoleFormsAndReachesEveryPagePrintedBesideThem() throws Exception {
        Path data = Files.createTempDirectory("fulcrum-demo-browser");
        int port = DurabilityProcessTest.freePort();
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        WebDriver browser = Browser.open();
        browser.manage().window().setSize(new Dimension(1280, 1200));
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
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
            String line;
            while ((line = out.readLine()) != null && Instant.now().isBefore(deadline)) {
                lines.add(line);
                if (line.startsWith("Every step ended") || line.startsWith("Steps that did not end")) {
                    break;
                }
            }
            String base = "http://127.0.0.1:" + port;
            Set<String> roles = new TreeSet<>();
            for (String l : lines) {
                Matcher m = SIGN_IN.matcher(l);
                if (!m.matches()) {
                    continue;
                }
                String role = m.group(1);
                String username = m.group(2);
                browser.manage().deleteAllCookies();
                Browser.signIn(browser, base, username, m.group(3));
                assertThat(browser.getCurrentUrl())
                        .as(username + " lands in the console")
                        .doesNotContain("/login");
                assertNoError(browser, username + " on the landing page " + browser.getCurrentUrl());
                if (roles.add(role)) {
                    Browser.shot(browser, "demo-" + role + "-landing");
                }
                for (String page : m.group(4).split(" ")) {
                    browser.get(base + page);
                    long status = ((Number) ((JavascriptExecutor) browser)
                                    .executeScript(
                                            "return performance.getEntriesByType('navigation')[0].responseStatus"))
                            .longValue();
                    assertThat(status).as(username + " opens " + page).isEqualTo(200);
                    assertNoError(browser, username + " on " + page);
                }
            }
            assertThat(roles)
                    .as(String.join("\n", lines))
                    .containsExactlyInAnyOrder("admin", "moderator", "legal", "auditor");
        } finally {
            browser.quit();
            demo.destroyForcibly();
            demo.waitFor();
        }
    }

    /** No problem page and no alert: what a person would read as "something went wrong". */
    private static void assertNoError(WebDriver browser, String where) {
        assertThat(browser.findElements(By.id("problem")))
                .as(where + ": " + browser.getTitle())
                .isEmpty();
        assertThat(browser.findElements(By.cssSelector("[role=alert]")).stream()
                        .map(e -> e.getText())
                        .toList())
                .as(where)
                .isEmpty();
    }
}
