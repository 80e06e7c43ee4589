package org.fulcrum.server.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.auth.Role;
import org.fulcrum.server.simulator.SimulatorServer;
import org.fulcrum.server.support.Browser;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Notices;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * In a real browser: a moderator claims a case from the queue, removes the post with a one-key
 * shortcut, and the platform's readers no longer see it; a second moderator reverses it on appeal
 * and it shows again.
 */
class ModerationBrowserTest {
    static final String SECRET = "whsec_browser";
    static SimulatorServer simulator;
    static TestApp app;
    static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        browser = Browser.open();
        simulator = new SimulatorServer(SECRET, 0).start();
        app = TestApp.sqlite(c -> c.withWebhook(simulator.webhookUrl(), SECRET)
                .withOutboxTiming(Duration.ofSeconds(1), Duration.ofSeconds(2)));
        app.platform().postJson("/v1/platform/events", Events.of(List.of(
                Events.post("br-post", "br-channel", "br-author", "FR", "fr", 2_000))));
        simulator.published("br-post", "br-channel", "Invest now: 300% guaranteed");
        StaffSessions staff = new StaffSessions(app.app());
        staff.create("alice", "alice-password-1", Role.MODERATOR);
        staff.create("bob", "bob-password-1", Role.MODERATOR);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    static void awaitVisible(boolean visible) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (simulator.visible("br-post", "FR") != visible && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(simulator.visible("br-post", "FR")).isEqualTo(visible);
    }

    @Test
    void aModeratorRemovesAPostFromTheQueueAndAnAppealBringsItBack() throws Exception {
        String caseId = app.platform().postJson("/v1/notices", Notices.report("scam", "victim", "br-post")).json()
                .at("/items/0/caseId").asText();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));

        Browser.signIn(browser, app.url(), "alice", "alice-password-1");
        browser.get(app.url() + "/console/queues");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("queue-general"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("cases"), "br-post"));
        browser.findElement(By.id("claim-next")).click();
        wait.until(ExpectedConditions.urlContains("/console/cases/" + caseId));
        assertThat(browser.findElement(By.id("assignee")).getText()).startsWith("staff:");
        assertThat(browser.findElement(By.id("content")).getText()).contains("br-post");

        new Actions(browser).sendKeys(browser.findElement(By.tagName("body")), "r").perform();
        assertThat(browser.findElement(By.id("action-remove")).isSelected()).isTrue();
        browser.findElement(By.id("ground")).sendKeys("Terms of service 4.2 (scams)");
        browser.findElement(By.id("facts")).sendKeys("The post promises guaranteed returns of 300%.");
        browser.findElement(By.id("decide")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("decided")));
        assertThat(browser.findElement(By.id("visibility")).getText()).isEqualTo("removed");
        awaitVisible(false);

        String decisionId = app.queryString("SELECT decision_id FROM review_case WHERE id = '" + caseId + "'");
        assertThat(app.platform().postJson("/v1/appeals", Map.of("decisionId", decisionId, "appellant",
                "affected_user", "accountId", "br-author", "explanation", "It is a licensed fund.")).status())
                .isEqualTo(201);

        browser.findElement(By.cssSelector("form[action='/logout'] button")).click();
        Browser.signIn(browser, app.url(), "bob", "bob-password-1");
        browser.get(app.url() + "/console/appeals");
        var form = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("form.appeal-decide")));
        new Select(form.findElement(By.name("outcome"))).selectByValue("reverse");
        form.findElement(By.name("reason")).sendKeys("The fund is licensed by the AMF." + Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("appeals"), "reverse"));
        awaitVisible(true);
        assertThat(app.platform().get("/v1/platform/subjects/br-post").json().at("/state/visibility").asText())
                .isEqualTo("visible");
    }

    @Test
    void theOriginalReviewerCannotDecideTheAppealFromTheConsole() {
        String caseId = app.platform().postJson("/v1/notices", Notices.report("spam", "v2", "br-channel")).json()
                .at("/items/0/caseId").asText();
        assertThat(caseId).isNotBlank();
        // the API tests cover the rule in depth; here the console shows the refusal to the reviewer
        StaffSessions staff = new StaffSessions(app.app());
        String session = staff.signIn("carol", Role.MODERATOR);
        var carol = app.http().session(session);
        carol.postJson("/v1/review/cases/" + caseId + "/claim", "{}");
        var decided = carol.postJson("/v1/review/cases/" + caseId + "/decision", Map.of("policyClause", "ToS 1",
                "facts", "Spam channel.", "actions", List.of(Map.of("type", "demote")))).json();
        String appealId = app.platform().postJson("/v1/appeals", Map.of("decisionId", decided.get("decisionId").asText(),
                "appellant", "notifier", "accountId", "v2", "explanation", "Block it instead")).json().get("id").asText();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        browser.manage().deleteAllCookies();
        browser.get(app.url() + "/login");
        browser.manage().addCookie(new org.openqa.selenium.Cookie("fulcrum_session", session));
        browser.get(app.url() + "/console/appeals");
        var form = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#appeal-" + appealId + " form.appeal-decide")));
        form.findElement(By.name("reason")).sendKeys("Looks fine to me" + Keys.ENTER);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("error")));
        assertThat(browser.findElement(By.id("error")).getText()).contains("other than the one who took");
    }
}
