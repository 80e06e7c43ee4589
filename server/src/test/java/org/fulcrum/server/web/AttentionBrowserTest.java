package org.fulcrum.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.support.Browser;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.ManualTime;
import org.fulcrum.server.support.Notices;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A page left open keeps its navigation's counts current: the moderator looks at another page while
 * an urgent case nears its SLA, and without reloading, the count beside "Queues" turns red and the
 * window's title starts with the total. The browser's timers are fast-forwarded (Chrome's virtual
 * time) past the page's 30-second poll instead of waiting for it.
 */
@Tag("browser")
class AttentionBrowserTest {
    private static final String PASSWORD = "a-long-test-password-moderator";

    @Test
    void anOpenPageTurnsItsCountRedAsACaseNearsItsSlaWithoutBeingReloaded() {
        ManualTime time = ManualTime.followingRealTime();
        WebDriver browser = Browser.open();
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 800));
        try (TestApp app = TestApp.sqlite(time.clock(), c -> c)) {
            new StaffSessions(app.app()).create("mo.nightshift", PASSWORD, Role.MODERATOR);
            app.platform()
                    .postJson(
                            "/v1/platform/events",
                            Events.of(List.of(Events.post("att-post", "att-channel", "att-author", "DE", "de", 100))));
            String caseId = app.platform()
                    .postJson("/v1/notices", Notices.report("terrorism", "r-att", "att-post"))
                    .json()
                    .at("/items/0/caseId")
                    .asText();

            Browser.signIn(browser, app.url(), "mo.nightshift", PASSWORD);
            browser.get(app.url() + "/console/subjects");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
            var badge = browser.findElement(By.cssSelector("nav .badge[data-for='/console/queues']"));
            assertThat(badge.getText()).isEqualTo("1");
            assertThat(badge.getAttribute("class")).isEqualTo("badge");
            assertThat(badge.getAttribute("title")).isEqualTo("1 open case nobody is working on");
            assertThat(browser.getTitle()).startsWith("Subjects");

            // the case's SLA nearly runs out while the page stays open; the reading the page was
            // rendered with grows old
            app.app()
                    .module(StoreModule.class)
                    .db()
                    .write(tx -> tx.handle()
                            .createUpdate("UPDATE review_case SET due_at = :d WHERE id = :id")
                            .bind("d", time.millis() + 120_000)
                            .bind("id", caseId)
                            .execute());
            time.advance(Duration.ofSeconds(11));
            ((ChromeDriver) browser)
                    .executeCdpCommand("Emulation.setVirtualTimePolicy", Map.of("policy", "advance", "budget", 31_000));

            wait.until(d -> d.findElement(By.cssSelector("nav .badge[data-for='/console/queues']"))
                    .getAttribute("class")
                    .equals("badge urgent"));
            var red = browser.findElement(By.cssSelector("nav .badge[data-for='/console/queues']"));
            assertThat(red.getAttribute("title"))
                    .isEqualTo("1 open case nobody is working on; 1 with less than a quarter of the SLA left");
            assertThat(browser.getTitle()).isEqualTo("(1) Subjects · Fulcrum");
            Browser.shot(browser, "attention-count-turned-red");
        } finally {
            Browser.handBack(browser);
        }
    }
}
