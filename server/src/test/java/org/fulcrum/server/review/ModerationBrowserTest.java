package org.fulcrum.server.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.TransparencyModule;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.simulator.SimulatorServer;
import org.fulcrum.server.simulator.SyntheticPlatform;
import org.fulcrum.server.support.Await;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A moderator's day in a real browser: the queue filtered to a reason with previews, the content
 * blurred and revealed (fetched from the platform through the proxy), claim and decide with keys,
 * the next case opening; the author's history from the case; search by handle; a bulk dry run
 * listing its items, then applied; an appeal decided beside its context; a form error that keeps
 * the input. Each step saves a screenshot under {@code target/screenshots} and the main pages are
 * checked with axe-core.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("browser")
class ModerationBrowserTest {
    private static final Json JSON = Json.strict();

    static final String SECRET = "whsec_browser";
    static SimulatorServer simulator;
    static TestApp app;
    static WebDriver browser;
    WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        browser = Browser.open();
        simulator = new SimulatorServer(SECRET, 0, JSON).start();
        simulator.serveMedia(Map.of("img-1", SyntheticPlatform.image(7), "img-2", SyntheticPlatform.image(8)));
        app = TestApp.sqlite(c -> c.withWebhook(simulator.webhookUrl(), SECRET)
                .withMediaOrigin(simulator.mediaOrigin())
                .withOutboxTiming(Duration.ofSeconds(1), Duration.ofSeconds(2))
                .withRateLimits(0, 0));
        List<Map<String, Object>> events = new ArrayList<>();
        events.add(Events.account("day-author", "FR", "fr"));
        events.add(withText(
                Events.post("day-scam-1", "day-channel", "day-author", "FR", "fr", 5_000),
                "Invest now: 300% guaranteed, send your card number",
                "img-1"));
        events.add(withText(
                Events.post("day-scam-2", "day-channel", "day-author", "FR", "fr", 800),
                "Crypto doubling service, DM me",
                "img-2"));
        for (int i = 0; i < 3; i++) {
            events.add(withText(
                    Events.post("day-spam-" + i, "spam-channel", "spammer", "DE", "de", 10),
                    "Cheap watches number " + i,
                    null));
        }
        events.add(withText(
                Events.post("day-appeal", "day-channel", "day-author", "FR", "fr", 2_000),
                "A licensed fund, regulated by the AMF",
                null));
        app.platform().postJson("/v1/platform/events", Events.of(events));
        simulator.published("day-appeal", "day-channel", "A licensed fund, regulated by the AMF");
        app.platform().postJson("/v1/notices", Notices.report("scam", "victim-1", "day-scam-1"));
        app.platform().postJson("/v1/notices", Notices.report("scam", "victim-2", "day-scam-1"));
        app.platform().postJson("/v1/notices", Notices.report("scam", "victim-3", "day-scam-2"));
        for (int i = 0; i < 3; i++) {
            app.platform().postJson("/v1/notices", Notices.report("spam", "bored-" + i, "day-spam-" + i));
        }
        StaffSessions staff = new StaffSessions(app.app());
        staff.create("alice", "alice-password-1", Role.MODERATOR);
        staff.create("bob", "bob-password-1", Role.MODERATOR);
        Browser.signIn(browser, app.url(), "alice", "alice-password-1");
    }

    static Map<String, Object> withText(Map<String, Object> e, String text, String mediaId) {
        e.put("text", text);
        if (mediaId != null) {
            e.put(
                    "media",
                    List.of(Map.of(
                            "mediaId",
                            mediaId,
                            "sha256",
                            "cd".repeat(32),
                            "url",
                            simulator.mediaOrigin() + "/media/" + mediaId)));
        }
        return e;
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
    void waiter() {
        wait = new WebDriverWait(browser, Duration.ofSeconds(15));
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

    static void key(String keys) {
        new Actions(browser)
                .sendKeys(browser.findElement(By.tagName("body")), keys)
                .perform();
    }

    static String generalQueue() {
        return app.queryString("SELECT queue_id FROM review_case WHERE subject_id = 'day-scam-1'");
    }

    @Test
    @Order(1)
    void aModeratorFiltersTheQueueRevealsTheMediaClaimsAndDecidesWithKeysAndLandsOnTheNextCase() throws Exception {
        browser.get(app.url() + "/console/queues/" + generalQueue() + "?reason=scam");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("cases")));
        assertThat(browser.findElement(By.id("queue-count")).getText()).startsWith("2 open cases match");
        String rows = browser.findElement(By.id("cases")).getText();
        assertThat(rows)
                .contains("Invest now: 300% guaranteed")
                .contains("Crypto doubling")
                .doesNotContain("Cheap watches");
        assertThat(rows).contains("FR · fr").contains("Scam");
        noSeriousViolations("queue");
        shot("01-queue-filtered-to-scam");

        // the filter is saved: the queue opens with it next time
        browser.get(app.url() + "/console/queues/" + generalQueue());
        assertThat(browser.findElement(By.id("queue-count")).getText())
                .contains("match")
                .contains("saved filter");

        key("j");
        key("o");
        wait.until(ExpectedConditions.urlContains("/console/cases/"));
        WebElement figure = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".media-item")));
        assertThat(figure.getAttribute("class")).contains("blurred").contains("grey");
        wait.until(
                d -> (Boolean)
                        ((JavascriptExecutor) d)
                                .executeScript(
                                        "const i = document.querySelector('.media-item img'); return i.complete && i.naturalWidth === 256;"));
        assertThat(((JavascriptExecutor) browser)
                        .executeScript("return getComputedStyle(document.querySelector('.media-item img')).filter"))
                .asString()
                .contains("blur");
        assertThat(browser.findElement(By.id("content")).getText())
                .isEqualTo("Invest now: 300% guaranteed, send your card number");
        assertThat(browser.findElement(By.id("author-standing")).getText())
                .contains("Active")
                .contains("0 active strikes");
        shot("02-case-media-blurred");
        figure.findElement(By.cssSelector("button.reveal")).click();
        assertThat(figure.getAttribute("class")).doesNotContain("blurred");
        shot("03-case-media-revealed");
        noSeriousViolations("case");

        key("c");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("assignee"), "alice"));
        String first = browser.getCurrentUrl().replaceAll("\\?.*", "");
        key("r");
        assertThat(browser.findElement(By.id("action-remove")).isSelected()).isTrue();
        browser.findElement(By.id("ground")).sendKeys("Terms of service 4.2 (scams)");
        browser.findElement(By.id("facts")).sendKeys("The post promises guaranteed returns of 300%.");
        browser.findElement(By.id("decide")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("decided")));
        assertThat(browser.getCurrentUrl()).doesNotStartWith(first);
        assertThat(browser.findElement(By.id("decided")).getText())
                .contains("decided")
                .contains("next case");
        assertThat(browser.findElement(By.id("content")).getText()).contains("Crypto doubling");
        assertThat(browser.findElement(By.id("assignee")).getText()).isEqualTo("alice");
        shot("04-next-case-after-decision");
        assertThat(app.queryString("SELECT visibility FROM subject WHERE id = 'day-scam-1'"))
                .isEqualTo("removed");
    }

    @Test
    @Order(2)
    void fromTheCaseTheAuthorsPageShowsTheirHistoryWithTheActiveStrike() throws Exception {
        String caseId = app.queryString("SELECT id FROM review_case WHERE subject_id = 'day-scam-2'");
        browser.get(app.url() + "/console/cases/" + caseId);
        browser.findElement(By.id("author-link")).click();
        wait.until(ExpectedConditions.urlContains("/console/subjects/day-author"));
        assertThat(browser.findElement(By.id("active-strikes")).getText()).isEqualTo("1 active strike");
        assertThat(browser.findElement(By.id("strike-table")).getText())
                .contains("Scams and fraud")
                .contains("active")
                .doesNotContain("withdrawn");
        assertThat(browser.findElement(By.tagName("main")).getText())
                .contains("day-scam-1")
                .contains("Public log entries");
        noSeriousViolations("subject");
        shot("05-subject-history");

        browser.get(app.url() + "/console/subjects/day-scam-1");
        assertThat(browser.findElement(By.id("decision-table")).getText())
                .contains("Terms of service 4.2")
                .contains("Actions taken")
                .doesNotContain("Terms clause: Terms of service");
        ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("document.getElementById('decisions').scrollIntoView()");
        shot("05a-post-decisions-with-actions");
        browser.findElement(By.cssSelector("#decision-table a")).click();
        wait.until(ExpectedConditions.urlContains("/console/decisions/"));
        String decision = browser.findElement(By.tagName("main")).getText();
        assertThat(decision)
                .contains("Scams and fraud")
                .contains("Statement of reasons")
                .doesNotContain("STATEMENT_CATEGORY_")
                .doesNotContain("staff:");
        noSeriousViolations("decision");
        shot("05b-decision");

        // the post's log entries link to their public page, whose inclusion proof the server checked
        app.app().module(TransparencyModule.class).checkpointer().checkpoint();
        browser.get(app.url() + "/console/subjects/day-scam-1");
        browser.findElement(By.cssSelector("#log-entries a")).click();
        wait.until(ExpectedConditions.urlContains("/log/entries/"));
        assertThat(browser.findElement(By.id("proof-status")).getText()).startsWith("Verified");
        assertThat(browser.findElement(By.tagName("main")).getText())
                .doesNotContain("day-author")
                .doesNotContain("day-scam-1");
        noSeriousViolations("log entry");
        shot("05c-log-entry-public-page");
    }

    @Test
    @Order(3)
    void searchByHandleFindsTheAccountAndCountsFollowTheKind() throws Exception {
        browser.get(app.url() + "/console/search");
        browser.findElement(By.id("q")).sendKeys("day-author");
        browser.findElement(By.id("search")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("subject-results")));
        assertThat(browser.findElement(By.id("subject-results")).getText()).contains("day-author");
        noSeriousViolations("search");
        shot("06-search-by-handle");

        browser.get(app.url() + "/console/search?q=guaranteed&kind=post");
        assertThat(browser.findElement(By.id("result-count")).getText())
                .startsWith("1 post subject matches “guaranteed” (1 post)");
    }

    @Test
    @Order(4)
    void aBulkDryRunListsItsItemsKeepsTheFormAndIsThenApplied() throws Exception {
        browser.get(app.url() + "/console/queues/" + generalQueue() + "?reason=spam");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("select-all")))
                .click();
        browser.findElement(By.id("bulk-selected")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("bulk-items")));
        assertThat(browser.findElement(By.id("selection")).getText()).contains("3");
        browser.findElement(By.id("b-action-remove")).click();
        browser.findElement(By.id("b-ground")).sendKeys("Terms of service 7 (spam)");
        browser.findElement(By.id("b-facts")).sendKeys("Repeated advertising posts.");
        browser.findElement(By.id("bulk-dry-run")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("bulk-result")));
        assertThat(browser.findElement(By.id("bulk-result")).getText())
                .startsWith("Dry run")
                .contains("3 cases");
        assertThat(browser.findElement(By.id("bulk-items")).getText())
                .contains("Cheap watches number 0")
                .contains("Cheap watches number 2");
        assertThat(browser.findElement(By.id("b-ground")).getAttribute("value")).isEqualTo("Terms of service 7 (spam)");
        assertThat(browser.findElement(By.id("b-action-remove")).isSelected()).isTrue();
        assertThat(app.queryLong("SELECT COUNT(*) FROM subject WHERE id LIKE 'day-spam-%' AND visibility = 'removed'"))
                .isZero();
        noSeriousViolations("bulk dry run");
        shot("07-bulk-dry-run");

        browser.findElement(By.id("bulk-apply")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("bulk-result"), "Applied"));
        assertThat(browser.findElement(By.id("bulk-result")).getText()).contains("3 decided");
        assertThat(app.queryLong("SELECT COUNT(*) FROM subject WHERE id LIKE 'day-spam-%' AND visibility = 'removed'"))
                .isEqualTo(3);
        assertThat(app.queryLong("SELECT COUNT(*) FROM audit WHERE action = 'case.bulk_item'"))
                .isEqualTo(3);
        noSeriousViolations("bulk applied");
        shot("08-bulk-applied");
    }

    @Test
    @Order(5)
    void aFormErrorComesBackBesideTheFieldWithTheInputKept() throws Exception {
        String caseId = app.platform()
                .postJson("/v1/notices", Notices.report("harassment", "h-1", "day-appeal"))
                .json()
                .at("/items/0/caseId")
                .asText();
        browser.get(app.url() + "/console/cases/" + caseId);
        key("r");
        browser.findElement(By.id("ground")).sendKeys("Terms of service 2.1");
        browser.findElement(By.id("facts")).sendKeys("Insults in the comments.");
        browser.findElement(By.id("decide")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("form-error")));
        assertThat(browser.findElement(By.id("form-error")).getText())
                .isEqualTo("Claim the case before deciding it (press c or use Claim).");
        assertThat(browser.findElement(By.id("ground")).getAttribute("value")).isEqualTo("Terms of service 2.1");
        assertThat(browser.findElement(By.id("facts")).getAttribute("value")).isEqualTo("Insults in the comments.");
        assertThat(browser.findElement(By.id("action-remove")).isSelected()).isTrue();

        browser.findElement(By.id("claim")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("assignee"), "alice"));
        browser.findElement(By.id("ground")).sendKeys("Terms of service 2.1");
        browser.findElement(By.id("decide")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("facts-error")));
        assertThat(browser.findElement(By.id("facts-error")).getText())
                .isEqualTo("State the facts and circumstances you relied on.");
        assertThat(browser.findElement(By.id("ground")).getAttribute("value")).isEqualTo("Terms of service 2.1");
        assertThat(browser.findElement(By.tagName("main")).getText()).doesNotContain("policyClause");
        shot("09-form-error-kept-input");
        // leave the case for the next moderator
        browser.findElement(By.id("release")).click();
    }

    @Test
    @Order(6)
    void anAppealIsDecidedBesideItsContextWithAConfirmationAndThePostComesBack() throws Exception {
        String caseId = app.queryString("SELECT id FROM review_case WHERE subject_id = 'day-appeal'");
        browser.get(app.url() + "/console/cases/" + caseId);
        browser.findElement(By.id("claim")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("assignee"), "alice"));
        key("r");
        browser.findElement(By.id("ground")).sendKeys("Terms of service 4.2 (scams)");
        browser.findElement(By.id("facts")).sendKeys("Looked like an investment scam.");
        browser.findElement(By.id("decide")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("decided")));
        awaitVisible(false);
        String decisionId = app.queryString("SELECT decision_id FROM review_case WHERE id = '" + caseId + "'");
        String appealId = app.platform()
                .postJson(
                        "/v1/appeals",
                        Map.of(
                                "decisionId",
                                decisionId,
                                "appellant",
                                "affected_user",
                                "accountId",
                                "day-author",
                                "explanation",
                                "It is a licensed fund."))
                .json()
                .get("id")
                .asText();

        // the reviewer who decided sees the appeal, not a form to decide it
        browser.get(app.url() + "/console/appeals/" + appealId);
        assertThat(browser.findElements(By.id("appeal-form"))).isEmpty();
        assertThat(browser.findElement(By.id("own-decision")).getText()).contains("another reviewer");

        browser.findElement(By.cssSelector("form[action='/logout'] button")).click();
        Browser.signIn(browser, app.url(), "bob", "bob-password-1");
        browser.get(app.url() + "/console/appeals");
        browser.findElement(By.linkText(appealId)).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("appeal-form")));
        String page = browser.findElement(By.tagName("main")).getText();
        assertThat(page)
                .contains("It is a licensed fund.")
                .contains("A licensed fund, regulated by the AMF")
                .contains("Terms of service 4.2")
                .contains(decisionId)
                .contains(caseId)
                .contains("Statement of reasons");
        assertThat(browser.findElement(By.id("outcome-reverse")).isSelected()).isFalse();
        assertThat(browser.findElement(By.id("outcome-uphold")).isSelected()).isFalse();
        noSeriousViolations("appeal");
        shot("10-appeal-with-context");

        browser.findElement(By.id("outcome-reverse")).click();
        browser.findElement(By.id("appeal-reason")).sendKeys("The fund is licensed by the AMF.");
        browser.findElement(By.id("appeal-next")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("confirm-appeal")));
        assertThat(browser.findElement(By.id("confirm")).getText())
                .contains("reverse")
                .contains("undone");
        assertThat(app.queryString("SELECT status FROM appeal WHERE id = '" + appealId + "'"))
                .isEqualTo("open");
        shot("11-appeal-confirm");
        browser.findElement(By.id("confirm-appeal")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("appeal-status"), "Reversed"));
        awaitVisible(true);
        shot("12-appeal-reversed");
    }

    @Test
    @Order(7)
    void theQueueAndCaseAreUsableAtPhoneWidth() throws Exception {
        browser.manage().window().setSize(new Dimension(360, 800));
        browser.get(app.url() + "/console/queues/" + generalQueue() + "?reset=1");
        long overflow = (Long) ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(overflow).isLessThanOrEqualTo(0);
        shot("13-queue-at-360px");
        String caseId = app.queryString("SELECT id FROM review_case WHERE subject_id = 'day-scam-2'");
        browser.get(app.url() + "/console/cases/" + caseId);
        overflow = (Long) ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        shot("14-case-at-360px");
        assertThat(overflow)
                .as("elements past the right edge: %s", ((JavascriptExecutor) browser).executeScript("""
                const w = document.documentElement.clientWidth;
                const scrolls = e => { for (let p = e.parentElement; p; p = p.parentElement) {
                  if (getComputedStyle(p).overflowX !== 'visible') return true; } return false; };
                return [...document.querySelectorAll('main *')]
                  .filter(e => e.getBoundingClientRect().right > w + 1 && !scrolls(e))
                  .slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)
                    + ' "' + e.textContent.trim().slice(0, 40) + '"');
                """))
                .isLessThanOrEqualTo(0);
    }

    @Test
    @Order(8)
    void aCaseAColleagueWorksNamesThemAndSinceWhenAndOffersNoClaim() throws Exception {
        app.platform()
                .postJson(
                        "/v1/platform/events",
                        Events.of(List.of(withText(
                                Events.post("day-worked", "day-channel", "day-author", "FR", "fr", 300),
                                "Fake giveaway, send 1 coin get 2 back",
                                null))));
        String caseId = app.platform()
                .postJson("/v1/notices", Notices.report("scam", "victim-9", "day-worked"))
                .json()
                .at("/items/0/caseId")
                .asText();
        Http carol = new Moderators(app).moderator("carol");
        assertThat(carol.post("/v1/review/cases/" + caseId + "/claim").status()).isEqualTo(200);

        browser.get(app.url() + "/console/cases/" + caseId);
        String notice = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("claimed-by-other")))
                .getText();
        assertThat(notice)
                .startsWith("carol is working this case (claimed ")
                .contains("when their claim lapses in ")
                .contains("without a decision");
        assertThat(browser.findElements(By.id("claim"))).isEmpty();
        assertThat(browser.findElements(By.id("decide-form"))).isEmpty();
        key("c");
        assertThat(app.queryLong(
                        "SELECT COUNT(*) FROM audit WHERE action = 'case.claim' AND target = 'case:" + caseId + "'"))
                .isEqualTo(1);
        noSeriousViolations("case worked by a colleague");
        shot("15-case-worked-by-a-colleague");
    }

    static void awaitVisible(boolean visible) {
        Await.await(
                "the platform shows the appealed post " + (visible ? "again" : "no more") + " in FR",
                Duration.ofSeconds(20),
                () -> simulator.visible("day-appeal", "FR") == visible);
    }
}
