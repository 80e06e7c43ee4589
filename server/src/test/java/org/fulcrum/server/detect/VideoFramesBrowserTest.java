package org.fulcrum.server.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fulcrum.server.support.BankFixtures.ACTOR;
import static org.fulcrum.server.support.BankFixtures.block;
import static org.fulcrum.server.support.BankFixtures.create;
import static org.fulcrum.server.support.BankFixtures.hash;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.ExchangeModule;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.exchange.Exchanges;
import org.fulcrum.server.simulator.SimulatorServer;
import org.fulcrum.server.support.Axe;
import org.fulcrum.server.support.BankFixtures.FeedAccess;
import org.fulcrum.server.support.Browser;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.Moderators;
import org.fulcrum.server.support.SharedData;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.fulcrum.vpdq.VideoHasher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The video frame strips and the exchanges page in a real browser: a matched clip's frames on the
 * case page, blurred until the reveal button (or the {@code v} key) shows them, the matched frames
 * outlined and labelled; the bank page's strips drawn as labels; the exchanges page with one feed in
 * sync and one failing, its error in words. Each page is checked with axe-core, at desk width and at
 * 360 px, and saved under {@code target/screenshots}.
 */
@Tag("browser")
class VideoFramesBrowserTest {
    private static final Json JSON = Json.strict();

    static final String SECRET = "whsec_frames_browser";
    static SimulatorServer simulator;
    static TestApp app;
    static WebDriver browser;
    static String caseId;
    static String videoBank;

    @BeforeAll
    static void start() throws Exception {
        browser = Browser.open();
        simulator = new SimulatorServer(SECRET, 0, JSON).start();
        simulator.serveMedia(
                Map.of("clip", Files.readAllBytes(SharedData.require("vpdq/videos/chair-22-sd-sepia-bar.mp4"))));
        app = TestApp.sqlite(c -> c.withWebhook(simulator.webhookUrl(), SECRET)
                .withMediaOrigin(simulator.mediaOrigin())
                .withOutboxTiming(Duration.ofSeconds(1), Duration.ofSeconds(2))
                .withRateLimits(0, 0));
        Http vera = new Moderators(app).admin("vera");
        Map<String, Object> spec = new LinkedHashMap<>(
                Map.of("name", "known clips", "kind", "block", "signal", "video", "policy", "review"));
        spec.put("reason", "terrorism");
        videoBank = vera.postJson("/v1/banks", spec).json().get("id").asText();
        String original = String.join(
                "\n",
                VideoHasher.defaults()
                        .hash(SharedData.require("vpdq/videos/chair-orig-22-sd-bar.mp4"))
                        .lines());
        assertThat(vera.post(
                                "/v1/banks/" + videoBank + "/import?format=vpdq",
                                "text/plain",
                                original.getBytes(StandardCharsets.UTF_8))
                        .status())
                .isEqualTo(200);
        Map<String, Object> e = Events.post("ev-clip", "p-clip", "chan", "a clip");
        e.put("media", List.of(Map.of("mediaId", "clip", "url", simulator.mediaOrigin() + "/media/clip")));
        assertThat(app.platform()
                        .postJson("/v1/platform/events", Events.of(List.of(e)))
                        .status())
                .isEqualTo(200);
        assertThat(app.detectionIdle(20_000)).isTrue();
        caseId = app.queryString("SELECT id FROM review_case WHERE subject_id = 'p-clip'");

        followFeeds();
        new StaffSessions(app.app()).create("ada", "ada-password-1", Role.ADMIN);
        Browser.signIn(browser, app.url(), "ada", "ada-password-1");
    }

    /** One exchange following this platform's own published bank (in sync), one whose host is gone. */
    static void followFeeds() {
        Bank shared = create(app.app(), block("shared-tco"), hash("0cc175b9c0f1b6a831c399e269772661", "tco"));
        app.app().module(ExchangeModule.class).publications().publish(ACTOR, shared.id(), true);
        FeedAccess access = FeedAccess.of(app, "partner");
        Bank local = create(app.app(), block("from-partner"));
        Exchanges x = app.app().module(ExchangeModule.class).exchanges();
        var inSync = x.create(ACTOR, access.follow("partner", local, app.url() + "/v1/exchange/banks/shared-tco/feed"));
        assertThat(x.sync(inSync.id()).error()).isEmpty();
        var gone =
                x.create(ACTOR, access.follow("old-partner", local, "http://127.0.0.1:1/v1/exchange/banks/tco/feed"));
        assertThat(x.sync(gone.id()).error()).isPresent();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            Browser.handBack(browser);
        }
        if (app != null) {
            app.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @BeforeEach
    void desk() {
        browser.manage().window().setSize(new Dimension(1280, 1000));
    }

    static void shot(String name) throws Exception {
        Browser.shot(browser, name);
    }

    static void noSeriousViolations(String page) {
        assertThat(Axe.seriousOrCritical(browser))
                .as("axe on the %s page", page)
                .isEmpty();
    }

    static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    @Test
    void theCasePageShowsTheMatchedFramesBlurredUntilRevealed() throws Exception {
        browser.get(app.url() + "/console/cases/" + caseId);
        WebElement strip = browser.findElement(By.id("strip-0"));
        assertThat(strip.getAttribute("class")).contains("blurred");
        List<WebElement> matched = strip.findElements(By.cssSelector("li.frame.matched"));
        assertThat(matched).isNotEmpty();
        assertThat(matched.getFirst().getText())
                .contains("matched banked frame")
                .contains("distance");
        WebElement first = matched.getFirst().findElement(By.tagName("img"));
        assertThat(first.getAttribute("alt")).startsWith("Frame ").contains("matched banked frame at");
        js("arguments[0].scrollIntoView()", strip);
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> (Boolean) js(
                "return Array.from(arguments[0].querySelectorAll('img')).slice(0, 4)"
                        + ".every(i => i.complete && i.naturalWidth > 0)",
                strip));
        assertThat((Long) js("return arguments[0].naturalWidth", first)).isEqualTo(160L);
        shot("frames-case-blurred");

        WebElement reveal = strip.findElement(By.cssSelector("button.reveal"));
        reveal.click();
        assertThat(strip.getAttribute("class")).doesNotContain("blurred");
        assertThat(reveal.getAttribute("aria-pressed")).isEqualTo("true");
        shot("frames-case-revealed");
        noSeriousViolations("case with a frame strip");

        browser.manage().window().setSize(new Dimension(360, 800));
        js("arguments[0].scrollIntoView()", strip);
        assertThat((Long) js("return document.documentElement.scrollWidth"))
                .as("the page does not scroll sideways at 360 px")
                .isLessThanOrEqualTo(360L);
        shot("frames-case-360");
    }

    @Test
    void theBankPageDrawsItsVideosFramesAsLabels() throws Exception {
        browser.get(app.url() + "/console/banks/" + videoBank);
        WebElement strip = browser.findElement(By.id("video-strip-0"));
        assertThat(strip.findElements(By.tagName("img"))).isEmpty();
        assertThat(strip.findElements(By.cssSelector("li.frame.matched"))).isNotEmpty();
        js("arguments[0].scrollIntoView()", strip);
        shot("frames-bank");
        noSeriousViolations("bank with video strips");
        WebElement shares = browser.findElement(By.id("video-shares"));
        assertThat(shares.findElement(By.name("videoQueryPercent")).getAttribute("value"))
                .isEqualTo("80");
        assertThat(shares.findElement(By.name("videoBankedPercent")).getAttribute("value"))
                .isEqualTo("80");
        js("arguments[0].scrollIntoView()", browser.findElement(By.id("settings")));
        shot("bank-video-settings");
        browser.manage().window().setSize(new Dimension(360, 800));
        js("arguments[0].scrollIntoView()", strip);
        shot("frames-bank-360");
    }

    @Test
    void theExchangesPageSaysWhenEachFeedLastSyncedWhatItHoldsAndWhyOneFails() throws Exception {
        browser.get(app.url() + "/console/exchanges");
        List<WebElement> rows = browser.findElements(By.cssSelector("#exchanges tbody tr"));
        assertThat(rows).hasSize(2);
        String all = browser.findElement(By.id("exchanges")).getText();
        assertThat(all).contains("in sync").contains("failing").contains("1 signal");
        assertThat(all).contains("nothing answers at the feed's address");
        shot("exchanges");
        noSeriousViolations("exchanges");
        browser.manage().window().setSize(new Dimension(360, 800));
        assertThat((Long) js("return document.documentElement.scrollWidth"))
                .as("the page does not scroll sideways at 360 px")
                .isLessThanOrEqualTo(360L);
        shot("exchanges-360");
    }
}
