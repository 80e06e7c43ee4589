package org.fulcrum.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.support.Browser;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A signed-in moderator's browser visits a page on another origin (another port of the same
 * loopback address, so that even {@code SameSite=Strict} lets the session cookie through) that
 * posts a hidden form to the console: the console refuses it and no bank is created. The same form
 * filled in on the console itself creates the bank. Screenshots of both are kept in
 * {@code target/screenshots}.
 */
@Tag("browser")
class CrossSiteBrowserTest {
    static TestApp app;
    static WebDriver browser;
    static HttpServer evil;

    @BeforeAll
    static void start() throws Exception {
        browser = Browser.open();
        app = TestApp.sqlite();
        new StaffSessions(app.app()).create("cross.site", "cross-site-password", Role.MODERATOR);
        evil = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String page = """
                <!doctype html><html><body><h1>You won a prize</h1>
                <form id="forged" method="post" action="%s/console/banks">
                  <input name="name" value="forged auto-remove bank">
                  <input name="kind" value="block"><input name="policy" value="remove">
                  <input name="reason" value="scam"><input name="threshold" value="64"><input name="enabled" value="on">
                </form>
                <script>document.getElementById('forged').submit();</script>
                </body></html>""".formatted(app.url());
        evil.createContext("/", exchange -> {
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        evil.start();
    }

    @AfterAll
    static void stop() {
        if (evil != null) {
            evil.stop(0);
        }
        if (browser != null) {
            Browser.handBack(browser);
        }
        if (app != null) {
            app.close();
        }
    }

    static void screenshot(String name) throws Exception {
        Browser.shot(browser, name);
    }

    @Test
    void aFormPostedFromAnotherOriginIsRefusedAndTheSameFormWorksFromTheConsole() throws Exception {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        Browser.signIn(browser, app.url(), "cross.site", "cross-site-password");
        long banks = app.count("hash_bank");

        String evilUrl = "http://127.0.0.1:" + evil.getAddress().getPort() + "/prize";
        browser.get(evilUrl);
        wait.until(ExpectedConditions.urlContains(app.url() + "/console/banks"));
        String refusal = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("refused")))
                .getText();
        assertThat(refusal).contains("refused").contains("another site").contains("nothing was changed");
        screenshot("cross-site-form-refused");
        assertThat(app.count("hash_bank")).isEqualTo(banks);
        assertThat(app.queryLong("SELECT COUNT(*) FROM hash_bank WHERE name = 'forged auto-remove bank'"))
                .isZero();

        browser.get(app.url() + "/console/banks");
        var form = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("new-bank")));
        form.findElement(By.name("name")).sendKeys("bank made on the console");
        screenshot("console-form-before-submit");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.urlMatches("/console/banks/bank_"));
        screenshot("console-form-accepted");
        assertThat(app.count("hash_bank")).isEqualTo(banks + 1);
        assertThat(browser.getPageSource()).contains("bank made on the console");
    }
}
