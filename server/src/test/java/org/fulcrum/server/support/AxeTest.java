package org.fulcrum.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriver;

/** The accessibility check finds what it must: it is only worth running on pages if it can fail. */
@Tag("browser")
class AxeTest {
    @Test
    void findsAnUnlabelledFieldAndPassesALabelledOne() {
        WebDriver browser = Browser.open();
        try {
            browser.get(page("<input id='q' type='text'>"));
            assertThat(Axe.seriousOrCritical(browser))
                    .extracting(Axe.Violation::id)
                    .contains("label");

            browser.get(page("<label for='q'>Search</label><input id='q' type='text'>"));
            assertThat(Axe.seriousOrCritical(browser)).isEmpty();
        } finally {
            Browser.handBack(browser);
        }
    }

    private static String page(String body) {
        String html = "<!doctype html><html lang='en'><head><title>t</title></head><body><main>" + body
                + "</main></body></html>";
        return "data:text/html;charset=utf-8,"
                + URLEncoder.encode(html, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
