package org.fulcrum.server.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.fulcrum.server.auth.Totp;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium from Debian's packages for browser tests. Missing browser: a failure under
 * {@code CI=true}, a skip with a message elsewhere.
 */
public final class Browser {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private static ChromeDriver shared;
    private static Dimension startingSize;
    /** The fresh window {@link #handBack} left, which the next class can take as it is. */
    private static String freshWindow;

    private Browser() {}

    /**
     * The test JVM's browser, started on first use and quit when the JVM exits: starting Chromium costs
     * seconds, and every browser test class would otherwise pay them. Each call hands it over as if
     * new, in a fresh window of the starting size (no emulation a previous class set on its tab) with
     * no cookies and an empty cache; the test apps all listen on 127.0.0.1, where cookies ignore the
     * port. A class that quits it makes the next call start another.
     */
    public static synchronized WebDriver open() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            String message = "Chromium and chromedriver are needed at " + CHROMIUM + " and " + DRIVER
                    + " (apt-get install chromium chromium-driver)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(message);
            }
            Assumptions.abort(message);
        }
        if (shared != null && shared.getSessionId() != null) {
            try {
                return handedOver(shared);
            } catch (WebDriverException e) {
                // a class left it unusable (a dialog open, its last window closed): start another
                shared.quit();
            }
        }
        boolean first = shared == null;
        shared = start();
        startingSize = shared.manage().window().getSize();
        if (first) {
            Runtime.getRuntime().addShutdownHook(new Thread(Browser::quitShared));
        }
        return shared;
    }

    /**
     * Gives the browser back when a class is done with it: it closes the class's pages, whose scripts
     * would otherwise keep calling an app that is about to stop (a new window rather than navigating
     * away, since a class may have paused the tab's virtual time).
     */
    public static synchronized void handBack(WebDriver browser) {
        try {
            freshWindow = inNewWindow(browser);
        } catch (WebDriverException e) {
            // the next open() finds it unusable and starts another
        }
    }

    private static synchronized void quitShared() {
        if (shared != null && shared.getSessionId() != null) {
            shared.quit();
        }
    }

    private static ChromeDriver handedOver(ChromeDriver browser) {
        if (!browser.getWindowHandle().equals(freshWindow)
                || browser.getWindowHandles().size() > 1) {
            inNewWindow(browser);
        }
        freshWindow = null;
        browser.manage().window().setSize(startingSize);
        browser.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        browser.executeCdpCommand("Network.clearBrowserCache", Map.of());
        return browser;
    }

    private static String inNewWindow(WebDriver browser) {
        browser.switchTo().newWindow(WindowType.WINDOW);
        String fresh = browser.getWindowHandle();
        for (String handle : browser.getWindowHandles()) {
            if (!handle.equals(fresh)) {
                browser.switchTo().window(handle).close();
            }
        }
        browser.switchTo().window(fresh);
        return fresh;
    }

    private static ChromeDriver start() {
        try {
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments(
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--no-first-run",
                    "--disable-dev-shm-usage",
                    "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(DRIVER.toFile())
                    .usingAnyFreePort()
                    .build();
            return new ChromeDriver(service, options);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Keeps a screenshot of the page as {@code target/screenshots/NAME.png}, for people to judge. */
    public static void shot(WebDriver browser, String name) {
        try {
            Path shots = Path.of("target", "screenshots");
            Files.createDirectories(shots);
            Files.write(
                    shots.resolve(name + ".png"),
                    ((org.openqa.selenium.TakesScreenshot) browser)
                            .getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Clicks what submits a form or follows a link, and returns once the next page has replaced this
     * one: reading an element right after the click could find the old page's copy of it.
     */
    public static void clickToNextPage(WebDriver browser, By what) {
        org.openqa.selenium.WebElement page = browser.findElement(By.tagName("html"));
        browser.findElement(what).click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.stalenessOf(page));
    }

    /**
     * Signs {@code username} in through the login pages: password, then a TOTP code (enrolling the
     * second factor on first sign-in, reading the key from the page), then a new password if asked.
     */
    public static void signIn(WebDriver browser, String baseUrl, String username, String password) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        browser.get(baseUrl + "/login");
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("sign-in")).click();
        String secret = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("totp-secret")))
                .getText();
        if (!browser.findElement(By.cssSelector("figure.qr-figure svg.qr")).isDisplayed()) {
            throw new AssertionError("the enrolment page shows no QR code of the key");
        }
        browser.findElement(By.id("code")).sendKeys(Totp.code(secret, Instant.now()));
        browser.findElement(By.id("verify")).click();
        wait.until(d -> !d.getCurrentUrl().contains("/login"));
        if (browser.getCurrentUrl().contains("/account/password")) {
            browser.findElement(By.id("current-password")).sendKeys(password);
            browser.findElement(By.id("new-password")).sendKeys(password + "-changed");
            browser.findElement(By.id("save-password")).click();
            wait.until(d -> !d.getCurrentUrl().contains("/account/password"));
        }
    }
}
