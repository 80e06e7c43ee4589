package org.fulcrum.server.team;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.support.Axe;
import org.fulcrum.server.support.Browser;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A first run for one person, in a real browser: on a fresh server the first admin invites a second
 * admin from the team page, invites a moderator whose role waits (the page says why), and the second
 * admin, after choosing a password and enrolling a second factor, approves it. Screenshots go to
 * {@code target/screenshots}.
 */
@Tag("browser")
class TeamBrowserTest {
    static TestApp app;
    static WebDriver browser;

    @BeforeAll
    static void start() {
        browser = Browser.open();
        browser.manage().window().setSize(new Dimension(1280, 1600));
        app = TestApp.sqlite();
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

    static void shot(String name) throws Exception {
        Browser.shot(browser, "team-" + name);
    }

    @Test
    void theFirstAdminInvitesASecondAdminWhoApprovesARole() throws Exception {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        Browser.signIn(browser, app.url(), "admin", app.app().adminPassword().orElseThrow());
        browser.get(app.url() + "/console/team");
        assertThat(browser.findElement(By.id("admin-count")).getText()).isEqualTo("1");

        // session and token times read as relative times, the absolute time in the viewer's zone on hover
        String zone = (String)
                ((JavascriptExecutor) browser).executeScript("return Intl.DateTimeFormat().resolvedOptions().timeZone");
        WebElement started = browser.findElement(By.cssSelector("#sessions tbody tr td:nth-child(2) time"));
        WebElement expires = browser.findElement(By.cssSelector("#sessions tbody tr td:nth-child(3) time"));
        assertThat(started.getText()).matches("(moments|\\d+ min|\\d+ h \\d+ min) ago");
        assertThat(expires.getText()).startsWith("in ");
        assertThat(started.getAttribute("title")).endsWith("(" + zone + ")").doesNotContain("Z");
        assertThat(browser.findElement(By.id("sessions")).getText()).doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T");
        assertThat(Axe.seriousOrCritical(browser)).as("team page").isEmpty();
        assertThat(browser.findElement(By.id("two-admin-rule")).getText()).contains("Invite a second admin");

        // a refused invitation keeps what was typed and says why beside the field
        browser.findElement(By.id("invite-username")).sendKeys("Second Admin");
        browser.findElement(By.id("invite-submit")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-error")));
        assertThat(browser.findElement(By.id("invite-username")).getAttribute("value"))
                .isEqualTo("Second Admin");
        assertThat(browser.findElement(By.id("invite")).getText()).contains("username must be 2-40 characters");
        shot("1-invite-refused");

        browser.findElement(By.id("invite-username")).clear();
        browser.findElement(By.id("invite-username")).sendKeys("second.admin");
        browser.findElement(By.id("invite-display")).sendKeys("Second Admin");
        new Select(browser.findElement(By.id("invite-role"))).selectByValue("admin");
        browser.findElement(By.id("invite-submit")).click();
        String secondPassword = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("shown-secret")))
                .getText();
        assertThat(browser.findElement(By.id("shown-note")).getText()).contains("hold admin at once");
        shot("2-second-admin-invited");

        browser.get(app.url() + "/console/team");
        browser.findElement(By.id("invite-username")).sendKeys("new.moderator");
        new Select(browser.findElement(By.id("invite-role"))).selectByValue("moderator");
        browser.findElement(By.id("invite-submit")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("shown-secret")));
        String row = browser.findElement(By.id("staff-new.moderator")).getText();
        assertThat(row).contains("moderator (pending)").contains("you granted it, so another admin must approve it");
        assertThat(browser.findElements(By.id("approve-new.moderator-moderator")))
                .isEmpty();
        shot("3-moderator-pending");

        browser.findElement(By.cssSelector("header form button")).click();
        wait.until(ExpectedConditions.urlContains("/login"));
        Browser.signIn(browser, app.url(), "second.admin", secondPassword);
        browser.get(app.url() + "/console/team");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("approve-new.moderator-moderator")))
                .click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("shown")));
        assertThat(browser.findElement(By.id("staff-new.moderator")).getText())
                .contains("approved by second.admin")
                .doesNotContain("pending");
        shot("4-approved-by-second-admin");

        String approver = app.queryString("SELECT actor FROM audit WHERE action = 'role.approve'");
        assertThat(approver)
                .isEqualTo("staff:"
                        + app.app().module(AuthModule.class).staff().list().stream()
                                .filter(s -> s.username().equals("second.admin"))
                                .findFirst()
                                .orElseThrow()
                                .id());
    }
}
