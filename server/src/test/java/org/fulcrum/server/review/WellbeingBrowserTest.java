package org.fulcrum.server.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.fulcrum.server.auth.Access;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.support.Axe;
import org.fulcrum.server.support.Browser;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.Moderators;
import org.fulcrum.server.support.Notices;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A team lead who also reviews, after twenty terrorism cases, in a real browser: the calm notice on
 * the queue, the break that leaves only critical cases unoffered, and the team page's column.
 * Screenshots go to {@code target/screenshots}.
 */
@Tag("browser")
class WellbeingBrowserTest {
    static TestApp app;
    static WebDriver browser;

    @BeforeAll
    static void start() {
        browser = Browser.open();
        browser.manage().window().setSize(new Dimension(1280, 1000));
        app = TestApp.sqlite(c -> c.withRateLimits(0, 0));
        app.platform().postJson("/v1/platform/events", Events.batch(0, 30, "wbb"));
        String session = new StaffSessions(app.app()).signIn("lena", Role.ADMIN, Role.MODERATOR);
        Http lena = app.http().session(session);
        for (int i = 0; i < CriticalExposure.THRESHOLD; i++) {
            String id = report("terrorism", i);
            Moderators.claimAndDecide(lena, id, Moderators.remove("Community guidelines 4.2"));
        }
        report("terrorism", 25);
        report("threat_to_life", 26);
        // the browser carries the same signed-in session
        browser.get(app.url() + "/login");
        browser.manage().addCookie(new Cookie(Access.SESSION_COOKIE, session, "/"));
    }

    static String report(String reason, int n) {
        return app.platform()
                .postJson("/v1/notices", Notices.report(reason, "u-" + n, "wbb-post-" + n))
                .json()
                .at("/items/0/caseId")
                .asText();
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

    @Test
    void theNoticeOffersABreakAndTheTeamPageShowsTheCount() throws Exception {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        browser.get(app.url() + "/console/queues/q_urgent");
        var notice = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("wellbeing")));
        assertThat(notice.getText())
                .contains(
                        "You have reviewed 20 cases and media items of child sexual abuse, terrorism or threats to life in the"
                                + " last 2 hours. Consider a break.")
                .contains("Give me other cases for 30 minutes");
        assertThat(Axe.seriousOrCritical(browser))
                .as("queue page with the notice")
                .isEmpty();
        Browser.shot(browser, "wellbeing-notice");
        // on a phone the notice and its button stay within the screen
        browser.manage().window().setSize(new Dimension(360, 740));
        assertThat(((org.openqa.selenium.JavascriptExecutor) browser)
                        .executeScript("var r = document.getElementById('wellbeing').getBoundingClientRect();"
                                + " var d = document.documentElement;"
                                + " return r.right <= d.clientWidth + 1 && d.scrollWidth <= d.clientWidth + 1;"))
                .isEqualTo(true);
        assertThat(browser.findElement(By.id("wellbeing-pause")).isDisplayed()).isTrue();
        Browser.shot(browser, "wellbeing-notice-360");
        browser.manage().window().setSize(new Dimension(1280, 1000));

        browser.findElement(By.id("wellbeing-pause")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("wellbeing-paused")));
        browser.findElement(By.id("claim-next")).click();
        var only = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("wellbeing-critical-only")));
        assertThat(only.getText()).contains("Only cases of child sexual abuse, terrorism or threats to life are left");
        Browser.shot(browser, "wellbeing-critical-only");

        // a critical case opened directly still opens, saying the break is on
        browser.findElement(By.cssSelector("#cases a[href^='/console/cases/']")).click();
        var onCase = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("wellbeing-critical-case")));
        assertThat(onCase.getText()).contains("Your break from critical cases is on");
        Browser.shot(browser, "wellbeing-case-during-break");

        browser.get(app.url() + "/console/team");
        var cell = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("exposure-lena")));
        assertThat(cell.getText()).contains("20 items · on a break until");
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", cell);
        Browser.shot(browser, "wellbeing-team");

        browser.get(app.url() + "/console/queues/q_urgent");
        browser.findElement(By.id("wellbeing-resume")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("wellbeing")));
        browser.findElement(By.id("claim-next")).click();
        wait.until(d -> d.getCurrentUrl().contains("/console/cases/"));
    }
}
