package org.fulcrum.server.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.fulcrum.server.auth.Totp;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
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

    private Browser() {}

    public static WebDriver open() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            String message = "Chromium and chromedriver are needed at " + CHROMIUM + " and " + DRIVER
                    + " (apt-get install chromium chromium-driver)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(message);
            }
            Assumptions.abort(message);
        }
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

    /**
     * Clicks what submits a form or follows a link, and returns once the next page has replaced this
     * one: reading an element right after the click could find the old page's copy of it.
     */
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
