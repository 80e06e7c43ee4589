package org.fulcrum.server.lawful;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.auth.Totp;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.support.Browser;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * In a real browser: an officer signs in to the portal with password and TOTP, submits a TCO order,
 * sees it wait for review, legal staff execute it from the console, and the officer sees it completed.
 */
@Tag("browser")
class PortalBrowserTest {
    static TestApp app;
    static WebDriver browser;

    @BeforeAll
    static void start() {
        browser = Browser.open();
        app = TestApp.sqlite();
        app.platform()
                .postJson(
                        "/v1/platform/events",
                        Map.of(
                                "events",
                                List.of(Events.post(
                                        "ev-portal", "portal-post", "portal-chan", "terrorist propaganda"))));
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
    void anOfficerSubmitsThroughThePortalAndSeesTheStatusChangeAfterLegalReview() throws Exception {
        StaffSessions staff = new StaffSessions(app.app());
        String legalSession = staff.signIn("legal.portal", Role.LEGAL);
        Http legal = app.http().session(legalSession);
        // onboarding not yet verified: nothing this officer sends is executed without a person
        Authority officer = Authority.register(legal, app.url(), "FR", "Police aux frontieres", false);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));

        browser.get(app.url() + "/portal");
        wait.until(ExpectedConditions.urlContains("/portal/login"));
        browser.findElement(By.id("username")).sendKeys(officer.username);
        browser.findElement(By.id("password")).sendKeys(officer.password);
        browser.findElement(By.id("sign-in")).click();
        String secret = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("totp-secret")))
                .getText();
        browser.findElement(By.id("code")).sendKeys(Totp.code(secret, Instant.now()));
        browser.findElement(By.id("verify")).click();
        // the legal desk's password works once: the officer chooses their own first
        wait.until(ExpectedConditions.urlContains("/portal/account/password"));
        browser.get(app.url() + "/portal/requests/new");
        wait.until(ExpectedConditions.urlContains("/portal/account/password"));
        browser.findElement(By.id("current-password")).sendKeys(officer.password);
        browser.findElement(By.id("new-password")).sendKeys(officer.password + "-own");
        browser.findElement(By.id("save-password")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("requests")));
        // the officer's own account page lists the browser they signed in with, which they may forget
        browser.findElement(By.id("account-link")).click();
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("browser-table")))
                        .getText())
                .containsPattern("Chrome \\(headless\\) \\d+ on Linux \\(this browser\\)");
        ((JavascriptExecutor) browser).executeScript("document.getElementById('browsers').scrollIntoView()");
        Browser.shot(browser, "portal-account-remembered-browser");
        // an order naming an item the platform does not know waits for the officer's answer: the
        // portal's first page says so above the list, and the row says it in words
        Authority.Response asked = officer.submit(Orders.tco("TCO-PORTAL-ASKED", "FR", "no-such-portal-post"));
        assertThat(asked.json().get("status").asText()).isEqualTo("awaiting_clarification");
        browser.get(app.url() + "/portal");
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("questions-waiting")))
                        .getText())
                .isEqualTo("1 request waits for your answer to a question. Its clock is paused until you answer:"
                        + " TCO-PORTAL-ASKED.");
        assertThat(browser.findElement(By.id("requests")).getText())
                .contains("TCO-PORTAL-ASKED")
                .contains("awaiting your answer to a question")
                .doesNotContain("awaiting_clarification");
        Browser.shot(browser, "portal-home-question-waiting");

        browser.findElement(By.id("new-request")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("reference")))
                .sendKeys("TCO-PORTAL-1");
        new Select(browser.findElement(By.id("instrument"))).selectByValue("tco_removal_order");
        new Select(browser.findElement(By.id("kind"))).selectByValue("remove_content");
        browser.findElement(By.id("jurisdiction")).sendKeys("FR");
        browser.findElement(By.id("issuingAuthority")).sendKeys("Office anti-terroriste");
        ((JavascriptExecutor) browser)
                .executeScript(
                        "document.getElementById('issuedAt').value = arguments[0]",
                        Instant.now().minusSeconds(600).toString().substring(0, 16));
        browser.findElement(By.id("reasons")).sendKeys("Propaganda video, Art. 2(7) TCO");
        browser.findElement(By.id("category")).sendKeys("terrorism");
        browser.findElement(By.id("targets")).sendKeys("https://messenger.example/p/portal-post");
        browser.findElement(By.id("contactPoint")).sendKeys("contact@police.example");
        java.nio.file.Path order = java.nio.file.Files.createTempFile("order", ".txt");
        java.nio.file.Files.writeString(order, "Removal order TCO-PORTAL-1, signed by the prosecutor");
        browser.findElement(By.id("document")).sendKeys(order.toString());
        browser.findElement(By.id("submit")).click();

        wait.until(ExpectedConditions.urlMatches("/portal/requests/lr_"));
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("in review");
        Browser.shot(browser, "portal-request-in-review");
        assertThat(browser.findElement(By.id("outcome")).getAttribute("title")).isEqualTo("comply");
        String url = browser.getCurrentUrl();
        String id = url.substring(url.lastIndexOf('/') + 1);

        // legal staff act from the console in the same browser
        browser.manage().addCookie(new Cookie("fulcrum_session", legalSession, "/"));
        browser.get(app.url() + "/console/lawful");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("queue")));
        assertThat(browser.findElement(By.id("queue")).getText()).contains(id);
        browser.get(app.url() + "/console/lawful/requests/" + id);
        assertThat(browser.findElement(By.id("trace")).getText()).contains("globally-illegal");
        assertThat(browser.findElement(By.id("documents")).getText()).contains("order");
        browser.findElement(By.id("execute-reason")).sendKeys("Order checked against the TCO register");
        browser.findElement(By.id("execute")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("message")));
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("completed");

        browser.get(url);
        wait.until(ExpectedConditions.textToBe(By.id("status"), "completed"));
        Browser.shot(browser, "portal-request-completed");
        assertThat(browser.getPageSource()).contains("remove portal-post");
        assertThat(app.platform()
                        .get("/v1/platform/subjects/portal-post")
                        .json()
                        .at("/state/visibility")
                        .asText())
                .isEqualTo("removed");
        // an executed request offers no withdrawal
        assertThat(browser.findElements(By.id("withdraw"))).isEmpty();

        // a second order, sent through the API, is withdrawn from the portal before anyone executes it
        Authority.Response second = officer.submit(Orders.tco("TCO-PORTAL-2", "FR", "portal-post"));
        assertThat(second.status()).as(second.body()).isEqualTo(201);
        String secondId = second.json().get("id").asText();
        browser.get(app.url() + "/portal/requests/" + secondId);
        browser.findElement(By.id("withdraw-reason")).sendKeys("the content was already taken down");
        browser.findElement(By.id("withdraw")).click();
        wait.until(ExpectedConditions.textToBe(By.id("status"), "withdrawn"));
        String clock = browser.findElement(By.id("clock")).getText();
        assertThat(clock).startsWith("stopped: withdrawn after");
        assertThat(browser.findElements(By.id("withdraw"))).isEmpty();
        browser.get(app.url() + "/console/lawful/requests/" + secondId);
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("withdrawn");
        assertThat(browser.findElement(By.id("clock")).getText()).isEqualTo(clock);
        assertThat(browser.findElement(By.id("withdrawn")).getText()).contains("the content was already taken down");
    }
}
