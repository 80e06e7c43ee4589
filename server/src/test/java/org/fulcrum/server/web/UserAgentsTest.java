package org.fulcrum.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A browser's User-Agent in a few words, the way a person names their own browsers. */
class UserAgentsTest {

    @Test
    void commonBrowsersReadAsNameVersionAndSystem() {
        assertThat(UserAgents.describe("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like"
                        + " Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86"))
                .isEqualTo("Edge 131 on Windows");
        assertThat(UserAgents.describe("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML,"
                        + " like Gecko) Version/17.6 Safari/605.1.15"))
                .isEqualTo("Safari 17 on macOS");
        assertThat(UserAgents.describe("Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15"
                        + " (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1"))
                .isEqualTo("Safari 17 on iOS");
        assertThat(UserAgents.describe("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
                        + " Chrome/131.0.0.0 Mobile Safari/537.36"))
                .isEqualTo("Chrome 131 on Android");
        assertThat(UserAgents.describe(
                        "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"))
                .isEqualTo("Firefox 133 on Linux");
    }

    @Test
    void nothingToTellReadsAsAnUnknownBrowserAndNothingLongIsKept() {
        assertThat(UserAgents.describe(null)).isEqualTo("unknown browser");
        assertThat(UserAgents.describe("")).isEqualTo("unknown browser");
        assertThat(UserAgents.describe("curl/8.5.0")).isEqualTo("unknown browser");
        assertThat(UserAgents.describe("x".repeat(5000))).isEqualTo("unknown browser");
        assertThat(UserAgents.describe("Chrome/" + "9".repeat(500) + " (Windows)"))
                .hasSizeLessThanOrEqualTo(UserAgents.MAX);
    }
}
