package org.fulcrum.server.lawful;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.lawful.signature.Jwk;
import org.fulcrum.server.support.Axe;
import org.fulcrum.server.support.Browser;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The legal desk's whole manual lane in a real browser: legal staff onboard an agency, its officer
 * and the officer's keys from the authorities page; enter a court order that came by e-mail with
 * its document, attach the officer afterwards, make the call-back; two other colleagues approve the
 * disclosure; the request page names the approvers with their reasons and a stopped clock; the
 * auditor finds the disclosure in the audit trail; the admin's team page lists the desk. axe-core
 * checks each page on the way, and screenshots of each are kept in {@code target/screenshots}.
 */
@Tag("browser")
class LegalConsoleBrowserTest {
    private static final Json JSON = Json.strict();

    private static final String PASSWORD = "a-long-test-password-";

    @Test
    void legalStaffOnboardAnAuthorityAndTakeAManualOrderToDisclosureThatTheAuditorFinds() throws Exception {
        WebDriver browser = Browser.open();
        browser.manage().window().setSize(new Dimension(1280, 1600));
        try (TestApp app = TestApp.sqlite()) {
            StaffSessions staff = new StaffSessions(app.app());
            for (String user : List.of("legal.desk", "legal.approver.one", "legal.approver.two")) {
                staff.create(user, PASSWORD + user, Role.LEGAL);
            }
            staff.create("audit.reader", PASSWORD + "audit.reader", Role.AUDITOR);
            Http.Response data = app.platform()
                    .postJson(
                            "/v1/lawful/account-data",
                            Map.of(
                                    "items",
                                    List.of(
                                            Map.of(
                                                    "accountId",
                                                    "acct-manual",
                                                    "category",
                                                    "phone_number",
                                                    "value",
                                                    "+49 151 1111 2222",
                                                    "observedAt",
                                                    "2026-10-01T10:00:00Z"),
                                            Map.of(
                                                    "accountId",
                                                    "acct-manual",
                                                    "category",
                                                    "ip_address",
                                                    "value",
                                                    "203.0.113.9",
                                                    "observedAt",
                                                    "2026-11-20T08:00:00Z"))));
            assertThat(data.status()).as(data.body()).isEqualTo(200);
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));

            // onboarding: agency, officer with a one-time portal password, verifications, keys
            Browser.signIn(browser, app.url(), "legal.desk", PASSWORD + "legal.desk");
            browser.get(app.url() + "/console/lawful/authorities");
            fill(
                    browser,
                    Map.of(
                            "agency-name",
                            "Landeskriminalamt Berlin",
                            "agency-country",
                            "DE",
                            "agency-jurisdictions",
                            "DE",
                            "agency-phone",
                            "+49 30 4664 0",
                            "agency-email",
                            "desk@lka.example"));
            Browser.clickToNextPage(browser, By.id("add-agency"));
            assertThat(message(browser)).contains("registered");
            new Select(browser.findElement(By.id("officer-agency")))
                    .selectByVisibleText("Landeskriminalamt Berlin (DE)");
            fill(
                    browser,
                    Map.of(
                            "officer-name",
                            "Kommissarin Weber",
                            "officer-email",
                            "weber@lka.example",
                            "officer-phone",
                            "+49 30 4664 1234",
                            "officer-username",
                            "k.weber"));
            Browser.clickToNextPage(browser, By.id("add-officer"));
            assertThat(message(browser)).contains("k.weber").contains("one-time password");
            new Select(browser.findElement(By.id("verify-id"))).selectByVisibleText("agency: Landeskriminalamt Berlin");
            new Select(browser.findElement(By.id("verify-what"))).selectByValue("agency");
            fill(browser, Map.of("verify-how", "called the switchboard listed in the federal directory"));
            Browser.clickToNextPage(browser, By.id("record-verification"));
            assertThat(message(browser)).contains("verified");
            new Select(browser.findElement(By.id("verify-what"))).selectByValue("officer");
            new Select(browser.findElement(By.id("verify-id")))
                    .selectByVisibleText("officer: Kommissarin Weber (k.weber)");
            fill(browser, Map.of("verify-how", "video call with badge, confirmed by the switchboard"));
            Browser.clickToNextPage(browser, By.id("record-verification"));
            Jwk signing = Jwk.newEd25519();
            Jwk encryption = Jwk.newX25519();
            Map<String, Object> publicKeys = new LinkedHashMap<>();
            publicKeys.put("signing", signing.publicOnly());
            publicKeys.put("encryption", encryption.publicOnly());
            Path keyFile = Files.createTempFile("public-keys", ".json");
            Files.writeString(
                    keyFile, JSON.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(publicKeys));
            browser.findElement(By.id("key-file")).sendKeys(keyFile.toString());
            Browser.clickToNextPage(browser, By.id("add-key"));
            assertThat(message(browser)).contains("sign key").contains("encrypt key");
            WebElement agencyCard = browser.findElement(
                    By.xpath("//div[contains(@class,'agency')][.//h2[contains(.," + "'Landeskriminalamt Berlin')]]"));
            assertThat(agencyCard.getText())
                    .contains("Kommissarin Weber (k.weber)")
                    .contains("video call with badge")
                    .contains("sign")
                    .contains("encrypt")
                    .doesNotContain("not verified");
            assertThat(Axe.seriousOrCritical(browser)).as("authorities page").isEmpty();
            Browser.shot(browser, "legal-console-authorities");

            // a court order that came by e-mail, entered with its document and no officer yet
            browser.get(app.url() + "/console/lawful/manual");
            new Select(browser.findElement(By.id("manual-agency")))
                    .selectByVisibleText("Landeskriminalamt Berlin (DE)");
            Path document = Files.createTempFile("court-order", ".pdf");
            Files.writeString(document, "%PDF-1.4 order of the Amtsgericht");
            browser.findElement(By.id("manual-document")).sendKeys(document.toString());
            // the form follows the instrument: what it may ask, what it needs and its clock
            new Select(browser.findElement(By.id("instrument"))).selectByValue("epoc");
            new Select(browser.findElement(By.id("kind"))).selectByValue("disclose_content");
            new Select(browser.findElement(By.id("instrument"))).selectByValue("tco_removal_order");
            assertThat(new Select(browser.findElement(By.id("kind")))
                            .getFirstSelectedOption()
                            .getAttribute("value"))
                    .as("a TCO order carries removals only")
                    .isEqualTo("remove_content");
            assertThat(browser.findElement(By.id("instrument-needs")).getText())
                    .contains("exact locators")
                    .contains("Clock: 1 hour from receipt");
            new Select(browser.findElement(By.id("instrument"))).selectByValue("epoc");
            assertThat(browser.findElement(By.cssSelector("#kind option[value=remove_content]"))
                            .isEnabled())
                    .isFalse();
            assertThat(browser.findElement(By.id("instrument-needs")).getText())
                    .contains("validating authority")
                    .contains("Clock: 10 days");
            assertThat(browser.findElement(By.cssSelector("label[data-element=addressee]"))
                            .getAttribute("class"))
                    .contains("needed");
            assertThat(browser.findElement(By.cssSelector("label[data-element=court]"))
                            .getAttribute("class"))
                    .doesNotContain("needed");
            assertThat(browser.findElement(By.id("emergency-elements")).isDisplayed())
                    .as("the emergency elements belong to emergency requests")
                    .isFalse();
            new Select(browser.findElement(By.id("kind"))).selectByValue("disclose_subscriber_data");
            new Select(browser.findElement(By.id("validatingType"))).selectByValue("court");
            new Select(browser.findElement(By.name("emergencyFlag"))).selectByValue("no");
            fill(
                    browser,
                    Map.of(
                            "reference",
                            "MAIL-EPOC-7",
                            "jurisdiction",
                            "DE",
                            "issuingAuthority",
                            "Staatsanwaltschaft Berlin",
                            "validatingName",
                            "Amtsgericht Tiergarten",
                            "crime",
                            "terrorism",
                            "offenceMaxYears",
                            "10",
                            "accounts",
                            "acct-manual"));
            browser.findElement(By.name("addressee")).sendKeys("Fulcrum EU Legal Representative");
            for (String c : List.of("phone_number", "ip_addresses")) {
                browser.findElement(By.cssSelector("input[name=dataCategories][value=" + c + "]"))
                        .click();
            }
            Browser.shot(browser, "legal-console-manual-entry");
            browser.findElement(By.id("enter")).click();
            wait.until(d -> d.getCurrentUrl().contains("/console/lawful/requests/"));
            String requestUrl = browser.getCurrentUrl().replaceAll("\\?.*", "");
            String requestId = requestUrl.substring(requestUrl.lastIndexOf('/') + 1);
            assertThat(browser.findElement(By.id("officer")).getText()).contains("none attached");
            assertThat(browser.findElement(By.id("documents")).getText()).contains("court-order");

            // the officer attached afterwards, then the call-back through the contact on file
            fill(
                    browser,
                    Map.of(
                            "attach-officer-name",
                            "k.weber",
                            "attach-officer-reason",
                            "the order names Kommissarin Weber as the contact"));
            Browser.clickToNextPage(browser, By.id("attach"));
            assertThat(message(browser)).contains("attached");
            assertThat(browser.findElement(By.id("officer")).getText()).contains("Kommissarin Weber");
            browser.findElement(By.cssSelector("form[action$='/callback'] textarea[name=note]"))
                    .sendKeys("called the LKA switchboard; the desk confirmed the order");
            Browser.clickToNextPage(browser, By.id("callback"));
            assertThat(message(browser)).contains("call-back recorded");

            // two other legal staff approve, each with a reason
            approve(browser, app.url(), requestUrl, "legal.approver.one", "court order checked against the EPOC form");
            approve(browser, app.url(), requestUrl, "legal.approver.two", "minimised to phone and IP, agreed");
            assertThat(message(browser)).contains("disclosure executed");
            assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("completed");
            String approvals = browser.findElement(By.id("approvals")).getText();
            assertThat(approvals)
                    .contains("legal.approver.one")
                    .contains("court order checked against the EPOC form")
                    .contains("legal.approver.two")
                    .contains("minimised to phone and IP, agreed");
            assertThat(browser.findElement(By.id("clock")).getText()).startsWith("stopped: completed after");
            assertThat(browser.findElement(By.id("packages")).getText()).contains("sha-256");
            assertThat(Axe.seriousOrCritical(browser)).as("legal request page").isEmpty();
            Browser.shot(browser, "legal-console-request");

            // the document is served as a download only
            String docHref = browser.findElement(By.cssSelector("#documents a")).getAttribute("href");
            Http.Response doc = app.http()
                    .session(staff.signIn("legal.reader", Role.LEGAL))
                    .get(docHref.substring(app.url().length()));
            assertThat(doc.status()).isEqualTo(200);
            assertThat(doc.raw().headers().firstValue("Content-Disposition").orElse(""))
                    .startsWith("attachment");
            assertThat(doc.raw().headers().firstValue("X-Content-Type-Options").orElse(""))
                    .isEqualTo("nosniff");

            // the auditor finds the disclosure in the audit trail, linked to the request
            signOut(browser);
            Browser.signIn(browser, app.url(), "audit.reader", PASSWORD + "audit.reader");
            browser.get(app.url() + "/console/audit");
            fill(browser, Map.of("filter-action", "disclosure.execute"));
            Browser.clickToNextPage(browser, By.id("filter"));
            WebElement trail = browser.findElement(By.id("audit"));
            assertThat(trail.getText()).contains("disclosure.execute").contains("request:" + requestId);
            assertThat(trail.findElement(By.linkText("request:" + requestId)).getAttribute("href"))
                    .endsWith("/console/lawful/requests/" + requestId);
            assertThat(Axe.seriousOrCritical(browser)).as("audit page").isEmpty();
            Browser.shot(browser, "legal-console-audit");

            // the admin's team page lists the legal desk with a link to each member's trail
            signOut(browser);
            Browser.signIn(
                    browser, app.url(), "admin", app.app().adminPassword().orElseThrow());
            browser.get(app.url() + "/console/team");
            assertThat(browser.findElement(By.id("staff-legal.desk")).getText()).contains("legal");
            assertThat(browser.findElement(By.id("audit-staff-legal.desk")).getAttribute("href"))
                    .contains("/console/audit?target=staff:");
            assertThat(Axe.seriousOrCritical(browser)).as("team page").isEmpty();
            Browser.shot(browser, "legal-console-team");
        } finally {
            Browser.handBack(browser);
        }
    }

    private static void fill(WebDriver browser, Map<String, String> fields) {
        fields.forEach((id, value) -> {
            WebElement e = browser.findElement(By.id(id));
            e.clear();
            e.sendKeys(value);
        });
    }

    private static String message(WebDriver browser) {
        List<WebElement> error = browser.findElements(By.id("error"));
        assertThat(error).as(error.isEmpty() ? "" : error.get(0).getText()).isEmpty();
        return browser.findElement(By.id("message")).getText();
    }

    private static void signOut(WebDriver browser) {
        // the page before may still be settling after its own form post: find the button afresh until the click lands
        new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(15))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> {
                    d.findElement(By.cssSelector("header form[action='/logout'] button"))
                            .click();
                    return true;
                });
        new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(15))
                .until(d -> d.getCurrentUrl().contains("/login"));
    }

    private static void approve(WebDriver browser, String base, String requestUrl, String user, String reason) {
        signOut(browser);
        Browser.signIn(browser, base, user, PASSWORD + user);
        browser.get(requestUrl);
        browser.findElement(By.id("approve-reason")).sendKeys(reason);
        // the answer page replaces this one before its message is read
        Browser.clickToNextPage(browser, By.id("approve"));
    }
}
