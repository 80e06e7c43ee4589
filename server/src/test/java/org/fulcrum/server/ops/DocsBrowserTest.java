package org.fulcrum.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.regex.Pattern;
import org.fulcrum.server.support.Browser;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** {@code /docs} renders the API from {@code /openapi.json} with Swagger UI served by the app itself. */
@Tag("browser")
class DocsBrowserTest {
    static WebDriver browser;
    static TestApp app;

    /** One browser and app for the class: the tests only read the documentation. */
    @BeforeAll
    static void start() {
        browser = Browser.open();
        app = TestApp.sqlite();
    }

    @AfterAll
    static void stop() {
        try {
            if (app != null) {
                app.close();
            }
        } finally {
            if (browser != null) {
                Browser.handBack(browser);
            }
        }
    }

    @Test
    void theDocumentationPageIsServedFromTheServersOwnFilesWithoutInlineScript() {
        String html = app.http().get("/docs").body();
        assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>")
                        .matcher(html)
                        .find())
                .as("no inline script")
                .isFalse();
        assertThat(html).doesNotContain("on" + "load=").doesNotContain("https://");
    }

    /**
     * Swagger UI renders once, at a deep link as a reader arriving by a link gets it: the API from
     * the server's own files with the flagger's and the platform's endpoints (as the README sends
     * them here), the linked operation opened alone, a tag that opens on a click, and the filter box
     * narrowing the list by tag.
     */
    @Test
    void theApiRendersAtADeepLinkThatOpensItsOperationAndTheTagsAndTheFilterBoxWork() throws Exception {
        String operation = app.http()
                .get("/openapi.json")
                .json()
                .at("/paths/~1v1~1notices~1batch/post/operationId")
                .asText();
        assertThat(operation).isNotEmpty();
        browser.get(app.url() + "/docs#/notices/" + operation);
        org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) browser;
        try {
            new WebDriverWait(browser, Duration.ofSeconds(40)).until(d -> {
                String text = (String) js.executeScript(
                        "const e = document.getElementById('swagger-ui');" + " return e ? e.textContent : ''");
                return text.contains("notices") && text.contains("platform") && text.contains("flaggers");
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(
                    "rendered: "
                            + js.executeScript(
                                    "return document.getElementById('swagger-ui')" + ".textContent.slice(0, 600)")
                            + "\nlog: "
                            + browser.manage().logs().get("browser").getAll(),
                    e);
        }
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(40));
        wait.until(
                d -> !d.findElements(By.id("operations-notices-" + operation)).isEmpty()
                        && d.findElement(By.id("operations-notices-" + operation))
                                .getAttribute("class")
                                .contains("is-open"));
        // only that operation opened: its body is shown, another of the same tag stays folded
        assertThat(browser.findElements(By.cssSelector("#swagger-ui .opblock.is-open")))
                .hasSize(1);
        assertThat(browser.findElement(By.id("operations-notices-" + operation)).getText())
                .contains("Parameters")
                .contains("Responses");

        // a folded tag opens on a click and lists its operations
        assertThat((String) js.executeScript("return document.getElementById('swagger-ui').textContent"))
                .doesNotContain("/v1/platform/events");
        browser.findElement(By.id("operations-tag-platform")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(d -> ((String) js.executeScript("return document.getElementById('swagger-ui').textContent"))
                        .contains("/v1/platform/events"));

        var filter = wait.until(d -> d.findElement(By.cssSelector("#swagger-ui input.operation-filter-input")));
        filter.sendKeys("flaggers");
        wait.until(d -> d.findElements(By.id("operations-tag-notices")).isEmpty());
        assertThat(browser.findElements(By.id("operations-tag-flaggers"))).isNotEmpty();
        Path shots = Path.of("target", "screenshots");
        Files.createDirectories(shots);
        Files.copy(
                ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(),
                shots.resolve("docs-filtered.png"),
                StandardCopyOption.REPLACE_EXISTING);
    }
}
