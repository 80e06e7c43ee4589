package org.fulcrum.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.fulcrum.server.auth.Totp;
import org.fulcrum.server.support.Browser;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A real browser (Debian's Chromium, headless) signs in with a second factor and sees the subject list. */
@Tag("browser")
class ConsoleBrowserTest {
    static TestApp app;
    static WebDriver browser;

    @BeforeAll
    static void start() {
        browser = Browser.open();
        app = TestApp.sqlite();
        app.platform().postJson("/v1/platform/events", Events.batch(0, 5, "browser"));
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
    void theAdminSignsInWithASecondFactorAndSeesTheSubjects() {
        String password = app.app().adminPassword().orElseThrow();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        browser.get(app.url() + "/console/subjects");
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.id("username")).sendKeys("admin");
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("sign-in")).click();

        String secret = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("totp-secret")))
                .getText();
        browser.findElement(By.id("code")).sendKeys(Totp.code(secret, Instant.now()));
        browser.findElement(By.id("verify")).click();

        wait.until(ExpectedConditions.urlContains("/account/password"));
        browser.findElement(By.id("current-password")).sendKeys(password);
        browser.findElement(By.id("new-password")).sendKeys("a-new-admin-password");
        browser.findElement(By.id("save-password")).click();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("subjects")));
        String table = browser.findElement(By.id("subjects")).getText();
        assertThat(table).contains("browser-post-3").contains("browser-channel-1");
        assertThat(browser.findElement(By.id("who")).getText()).isEqualTo("admin");
    }
}
