package org.fulcrum.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
 * A first run for one person: {@code fulcrum demo} runs as a newcomer would run it and prints a
 * sign-in for each demo role; each printed person signs in through the console's own forms in a real
 * browser (one-time password, second factor enrolled from the page, forced password change), opens
 * every page printed beside them and sees it answer 200 with no error on it, and the same pages
 * answer 200 to a plain HTTP client holding that session. Those pages include every console link of
 * the story and of the README. A screenshot of each role's landing page is kept in
 * {@code target/screenshots}.
 */
@Tag("browser")
@Tag("process")
class DemoSignInsTest {
    private static final Pattern SIGN_IN = Pattern.compile("^  (\\w+)\\s+(\\S+)\\s+(\\S+)\\s+pages: (.+)$");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void everyPrintedPersonSignsInThroughTheConsoleFormsAndOpensEveryPagePrintedBesideThem() throws Exception {
        WebDriver browser = Browser.open();
        browser.manage().window().setSize(new Dimension(1280, 1200));
        try (DemoProcess demo = DemoProcess.play(300, Map.of())) {
            String base = demo.base();
            Set<String> roles = new TreeSet<>();
            Set<String> opened = new TreeSet<>();
            for (String l : demo.lines()) {
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
                String session = "fulcrum_session="
                        + browser.manage().getCookieNamed("fulcrum_session").getValue();
                for (String page : m.group(4).split(" ")) {
                    browser.get(base + page);
                    long status = ((Number) ((JavascriptExecutor) browser)
                                    .executeScript(
                                            "return performance.getEntriesByType('navigation')[0].responseStatus"))
                            .longValue();
                    assertThat(status).as(username + " opens " + page).isEqualTo(200);
                    assertNoError(browser, username + " on " + page);
                    assertThat(status(base + page, session))
                            .as(username + " opens " + page + " over plain HTTP")
                            .isEqualTo(200);
                    opened.add(page);
                }
            }
            assertThat(roles).as(demo.transcript()).containsExactlyInAnyOrder("admin", "moderator", "legal", "auditor");
            assertThat(demo.lines().stream().filter(l -> l.matches("^  legal\\s.*")))
                    .hasSize(2);
            // every console page the story prints, and every one the README names, is among those a printed
            // person opened; pages by name: a subject's own page (an id) is opened by the scenario tests
            Set<String> storyLinks = links("(/console/[a-z/-]++)(?![A-Za-z0-9_])", demo.transcript());
            assertThat(opened)
                    .containsAll(storyLinks.stream()
                            .filter(l -> !l.equals("/console/lawful/"))
                            .toList());
            Set<String> readmeLinks = links("`(/console/[a-z/-]+)`", Files.readString(Path.of("..", "README.md")));
            assertThat(readmeLinks).isNotEmpty();
            assertThat(opened).containsAll(readmeLinks);
        } finally {
            Browser.handBack(browser);
        }
    }

    private static Set<String> links(String pattern, String text) {
        Matcher link = Pattern.compile(pattern).matcher(text);
        Set<String> links = new TreeSet<>();
        while (link.find()) {
            links.add(link.group(1));
        }
        return links;
    }

    private static int status(String url, String cookie) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Cookie", cookie)
                                .header("Accept", "text/html")
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
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
