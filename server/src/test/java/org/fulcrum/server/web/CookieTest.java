package org.fulcrum.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.fulcrum.server.auth.Credentials;
import org.fulcrum.server.auth.Totp;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Test;

/** Behind TLS (an https public URL) every cookie is {@code Secure} and {@code __Host-} prefixed; on plain http neither. */
class CookieTest {
    static final HttpClient CLIENT =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void anHttpsPublicUrlMakesEveryCookieSecureWithTheHostPrefix() throws Exception {
        try (TestApp app = TestApp.sqlite(c -> c.withPublicUrl("https://fulcrum.example"))) {
            new StaffSessions(app.app()).create("tls.user", "tls-user-password", Role.MODERATOR);
            HttpResponse<String> page = CLIENT.send(
                    HttpRequest.newBuilder(URI.create(app.url() + "/login")).build(),
                    HttpResponse.BodyHandlers.ofString());
            List<String> pre = page.headers().allValues("Set-Cookie");
            assertThat(pre).isNotEmpty().allSatisfy(CookieTest::secureHostCookie);
            String token = page.body().replaceFirst("(?s).*name=\"csrf-token\" content=\"([^\"]+)\".*", "$1");
            HttpResponse<String> login = CLIENT.send(
                    HttpRequest.newBuilder(URI.create(app.url() + "/login"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .header("Cookie", pre.get(0).split(";")[0])
                            .header("Origin", "https://fulcrum.example")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "username=tls.user&password=tls-user-password&_csrf=" + token))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).as(login.body()).isEqualTo(302);
            List<String> session = login.headers().allValues("Set-Cookie");
            assertThat(session)
                    .anyMatch(c -> c.startsWith("__Host-fulcrum_session="))
                    .allSatisfy(CookieTest::secureHostCookie);
            // the prefixed cookie is the one the server reads back
            HttpResponse<String> totp = CLIENT.send(
                    HttpRequest.newBuilder(URI.create(app.url() + "/login/totp"))
                            .header("Cookie", session.get(0).split(";")[0])
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(totp.statusCode()).isEqualTo(200);
            assertThat(totp.body()).contains("totp-secret");
            // passing the second factor sets the new session cookie and the browser's device cookie, both
            // secure host cookies; the device cookie outlives the browser session by its stated lifetime
            String half = session.get(0).split(";")[0];
            String key = totp.body().replaceFirst("(?s).*id=\"totp-secret\">([A-Z2-7]+)<.*", "$1");
            HttpResponse<String> code = CLIENT.send(
                    HttpRequest.newBuilder(URI.create(app.url() + "/login/totp"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .header("Cookie", half)
                            .header("Origin", "https://fulcrum.example")
                            .POST(HttpRequest.BodyPublishers.ofString("code="
                                    + Totp.code(key, app.app().clock().instant()) + "&_csrf="
                                    + Csrf.tokenFor(half.substring(half.indexOf('=') + 1))))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(code.statusCode()).as(code.body()).isEqualTo(302);
            List<String> complete = code.headers().allValues("Set-Cookie");
            assertThat(complete)
                    .anyMatch(c -> c.startsWith("__Host-fulcrum_session="))
                    .anyMatch(c -> c.startsWith("__Host-fulcrum_device=dev_")
                            && c.contains(
                                    "Max-Age=" + Credentials.deviceLifetime().toSeconds()))
                    .allSatisfy(CookieTest::secureHostCookie);
        }
    }

    static void secureHostCookie(String cookie) {
        assertThat(cookie)
                .startsWith("__Host-")
                .containsIgnoringCase("; Secure")
                .containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Strict")
                .containsIgnoringCase("Path=/")
                .doesNotContainIgnoringCase("Domain=");
    }

    @Test
    void plainHttpCookiesAreNotSecure() throws Exception {
        try (TestApp app = TestApp.sqlite()) {
            HttpResponse<String> page = CLIENT.send(
                    HttpRequest.newBuilder(URI.create(app.url() + "/login")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.headers().allValues("Set-Cookie"))
                    .isNotEmpty()
                    .allSatisfy(c -> assertThat(c).startsWith("fulcrum_").doesNotContainIgnoringCase("Secure"));
        }
    }
}
