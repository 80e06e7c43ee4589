package org.fulcrum.server.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.TransparencyModule;
import org.fulcrum.server.support.Await;
import org.fulcrum.server.support.Axe;
import org.fulcrum.server.support.Browser;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** The public report page renders its charts and shows the same figures as the JSON. */
@Tag("browser")
class TransparencyPageBrowserTest {
    static TestApp app;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        browser = Browser.open();
        app = TestApp.sqlite();
        String[][] requests = {
            {"FR", "comply", null},
            {"FR", "comply", null},
            {"RU", "refuse", "no-keys"},
            {"RU", "refuse", "no-keys"},
            {"IR", "refuse", "peaceful-expression"},
            {"DE", "comply_in_part", null}
        };
        for (String[] r : requests) {
            app.app().module(StoreModule.class).db().write(tx -> {
                long received = app.app()
                        .module(TransparencyModule.class)
                        .log()
                        .append(
                                tx,
                                LogEntry.of(
                                        EntryKind.request_received,
                                        tx.now(),
                                        r[0],
                                        null,
                                        null,
                                        Map.of(
                                                "instrument",
                                                "generic_national_order",
                                                "kind",
                                                "remove_content",
                                                "lane",
                                                "api"),
                                        Map.of(),
                                        null));
                Map<String, Object> pub = new java.util.HashMap<>(Map.of("receivedEntry", received, "automated", true));
                if (r[2] != null) {
                    pub.put("principle", r[2]);
                }
                return app.app()
                        .module(TransparencyModule.class)
                        .log()
                        .append(
                                tx,
                                LogEntry.of(
                                        EntryKind.request_decided, tx.now(), r[0], null, r[1], pub, Map.of(), null));
            });
        }
        long size = app.queryLong("SELECT size FROM log_state");
        Await.await(
                "the report covers the whole log",
                java.time.Duration.ofSeconds(10),
                () -> app.reportedLogSize() >= size);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            Browser.handBack(browser);
        }
        if (app != null) {
            app.close();
        }
    }

    /**
     * At a phone's width and a desktop's, the page never scrolls sideways and no figure, label or bar
     * reaches past the card or the table that holds it; screenshots are kept for people to judge.
     */
    @ParameterizedTest
    @ValueSource(ints = {360, 1280})
    void everyFigureFitsItsCardAtPhoneAndDesktopWidths(int width) throws Exception {
        browser.manage().window().setSize(new Dimension(width, 900));
        browser.get(app.url() + "/transparency");
        JavascriptExecutor js = (JavascriptExecutor) browser;
        long inner = ((Number) js.executeScript("return window.innerWidth")).longValue();
        List<?> clipped = (List<?>) js.executeScript("""
                const out = [];
                const root = document.documentElement;
                if (root.scrollWidth > root.clientWidth + 1) out.push('page scrolls sideways: ' + root.scrollWidth);
                for (const el of document.querySelectorAll('.charts .label, .charts .value, .charts svg, #lawful-table td,'
                        + ' #policy-versions td, #policy-versions code')) {
                  const r = el.getBoundingClientRect();
                  const box = el.closest('section, table').getBoundingClientRect();
                  if (r.width === 0) continue;
                  if (r.left < box.left - 1 || r.right > box.right + 1 || r.right > root.clientWidth + 1
                      || el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow !== 'visible')
                    out.push(el.className + ' "' + el.textContent.trim().slice(0, 40) + '" ' + r.left + '..' + r.right
                        + ' outside ' + box.left + '..' + box.right);
                }
                return out;""");
        Path shots = Path.of("target", "screenshots");
        Files.createDirectories(shots);
        Files.write(
                shots.resolve("transparency-" + width + ".png"),
                ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        assertThat(inner).isLessThanOrEqualTo(width);
        assertThat(clipped).as("clipped at " + width + " px").isEmpty();
        browser.manage().window().setSize(new Dimension(1280, 900));
    }

    @Test
    void theReportPageShowsTheFiguresOfTheJsonWithCharts() {
        JsonNode quarters =
                app.http().get("/v1/reports/lawful.json?period=quarter").json();
        String quarter = quarters.fieldNames().next();
        JsonNode figures = quarters.get(quarter);
        browser.get(app.url() + "/transparency");
        List<WebElement> rows = browser.findElements(By.cssSelector("#lawful-table tbody tr"));
        assertThat(rows).hasSize(figures.size());
        for (WebElement row : rows) {
            String jurisdiction = row.getAttribute("data-jurisdiction");
            JsonNode f = figures.get(jurisdiction);
            assertThat(row.findElement(By.className("received")).getText())
                    .isEqualTo(f.get("received").asText());
            assertThat(row.findElement(By.className("refused")).getText())
                    .isEqualTo(String.valueOf(f.at("/outcomes/refuse").asLong()));
            assertThat(row.findElement(By.className("withdrawn")).getText())
                    .isEqualTo(f.get("withdrawn").asText());
        }
        WebElement principles = browser.findElement(By.id("chart-principles"));
        assertThat(principles.findElements(By.tagName("rect"))).hasSize(2);
        assertThat(principles.getText())
                .as("principles read in words; the key each figure has in the JSON is the label's title")
                .contains("No keys")
                .contains("Peaceful expression");
        assertThat(principles.findElement(By.cssSelector(".label")).getAttribute("title"))
                .isIn("no-keys", "peaceful-expression");
        assertThat(browser.findElement(By.id("chart-outcomes")).getText()).doesNotContain("_");
        assertThat(principles.findElements(By.cssSelector(".value")).stream()
                        .map(WebElement::getText)
                        .toList())
                .containsExactly("2", "1");
        assertThat(browser.findElement(By.id("chart-outcomes")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("explain-figures")).getText())
                .contains("Withdrawn")
                .contains("several")
                .contains("more than the requests received");
        assertThat(browser.findElement(By.id("policy-versions")).getText())
                .doesNotContain("{")
                .doesNotContain("=")
                .contains("current")
                .containsPattern("[0-9a-f]{16}")
                .as("the time a version came into force reads to the minute, not as a raw timestamp")
                .containsPattern("from \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC");
        assertThat(Axe.seriousOrCritical(browser)).isEmpty();
        browser.get(app.url() + "/transparency/log");
        assertThat(browser.findElement(By.id("checkpoint")).getText())
                .contains(app.app().module(StoreModule.class).logKeys().origin());
    }
}
