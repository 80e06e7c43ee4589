package org.fulcrum.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.support.Axe;
import org.fulcrum.server.support.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;

/**
 * An admin's own account page in a real browser: the browsers they are remembered in, in words,
 * this one marked; forgetting another one, then this one (its cookie goes too); and the team page
 * counting them. Screenshots go to {@code target/screenshots}.
 */
@Tag("browser")
class AccountBrowserTest {
    @RegisterExtension
    static final SignInApp signIn = new SignInApp();

    static WebDriver browser;

    @BeforeAll
    static void open() {
        browser = Browser.open();
        browser.manage().window().setSize(new Dimension(1280, 1100));
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            Browser.handBack(browser);
        }
    }

    static void shot(String name) {
        Browser.shot(browser, "account-" + name);
    }

    @Test
    void anAdminSeesTheirRememberedBrowsersAndForgetsAnotherThenThisOne() {
        String url = signIn.app().url();
        signIn.accounts().create(Realm.STAFF, "ada.admin", RememberedBrowsersTest.ONE_TIME, Role.ADMIN);
        // the codes the browser types are of the wall clock: the app's clock starts there too
        Duration behind = Duration.between(signIn.clock.instant(), Instant.now());
        if (!behind.isNegative()) {
            signIn.clock.advance(behind);
        }
        Browser.signIn(browser, url, "ada.admin", RememberedBrowsersTest.ONE_TIME);

        // and Ada has signed in from her office computer too: first twelve days ago, last two days ago
        signIn.clock.advance(Duration.ofSeconds(2 * Totp.STEP_SECONDS));
        var step = (Credentials.PasswordStep.Accepted) signIn.credentials()
                .signIn(Realm.STAFF, "ada.admin", RememberedBrowsersTest.ONE_TIME + "-changed", "192.0.2.70");
        var office = (Credentials.CodeStep.Accepted) signIn.credentials()
                .secondFactor(
                        Realm.STAFF,
                        step.sessionSecret(),
                        Totp.code(signIn.accounts().totpSecret(Realm.STAFF, "ada.admin"), signIn.clock.instant()),
                        null,
                        RememberedBrowsersTest.FIREFOX);
        String officeId = Tokens.digest(office.deviceSecret()).substring(0, 16);
        long now = signIn.clock.instant().toEpochMilli();
        signIn.app()
                .app()
                .module(org.fulcrum.server.StoreModule.class)
                .db()
                .write(tx -> tx.handle()
                        .createUpdate(
                                "UPDATE trusted_device SET remembered_at = :since, used_at = :used WHERE token_hash"
                                        + " LIKE :id")
                        .bind("since", now - Duration.ofDays(12).toMillis())
                        .bind("used", now - Duration.ofDays(2).toMillis())
                        .bind("id", officeId + "%")
                        .execute());

        browser.get(url + "/console/team");
        assertThat(browser.findElement(By.id("browsers-ada.admin")).getText()).isEqualTo("2 remembered browsers");
        ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("document.getElementById('staff-ada.admin').scrollIntoView()");
        shot("0-team-counts-browsers");
        Browser.clickToNextPage(browser, By.id("account-link"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Your account");
        String list = browser.findElement(By.id("browser-table")).getText();
        assertThat(list)
                .containsPattern("Chrome \\(headless\\) \\d+ on Linux \\(this browser\\)")
                .contains("Firefox 133 on Windows");
        assertThat(Axe.seriousOrCritical(browser)).as("account page").isEmpty();
        shot("1-remembered-browsers");
        // on a phone the list stays readable: nothing of it runs past the screen's edge
        browser.manage().window().setSize(new Dimension(360, 740));
        assertThat(((org.openqa.selenium.JavascriptExecutor) browser)
                        .executeScript("var r = document.getElementById('browsers').getBoundingClientRect();"
                                + " var d = document.documentElement;"
                                + " return r.right <= d.clientWidth + 1 && d.scrollWidth <= d.clientWidth + 1;"))
                .isEqualTo(true);
        shot("1a-remembered-browsers-360");
        browser.manage().window().setSize(new Dimension(1280, 1100));

        assertThat(browser.findElement(By.id("forget-all-browsers")).getText()).isEqualTo("Forget all 2 browsers");
        Browser.clickToNextPage(browser, By.id("forget-" + officeId));
        assertThat(browser.findElement(By.id("browsers-done")).getText()).startsWith("Browser forgotten.");
        assertThat(browser.findElement(By.id("browser-table")).getText()).doesNotContain("Firefox");
        assertThat(browser.findElements(By.cssSelector("#browser-table tbody tr")))
                .hasSize(1);
        shot("2-one-forgotten");

        assertThat(browser.findElements(By.id("forget-all-browsers")))
                .as("one browser left: its own button forgets it")
                .isEmpty();
        String own = browser.findElement(By.cssSelector("#browser-table tbody button"))
                .getAttribute("id");
        Browser.clickToNextPage(browser, By.id(own));
        assertThat(browser.findElement(By.id("no-browsers")).getText()).isEqualTo("No browser is remembered.");
        assertThat(browser.manage().getCookieNamed("fulcrum_device")).isNull();
        shot("3-this-one-forgotten-too");
        assertThat(signIn.app().queryLong("SELECT COUNT(*) FROM audit WHERE action = 'device.forget'"))
                .isEqualTo(2);

        browser.get(url + "/console/team");
        assertThat(browser.findElement(By.id("browsers-ada.admin")).getText()).isEqualTo("no remembered browser");
    }
}
