package org.fulcrum.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.fulcrum.server.support.ManualTime;
import org.fulcrum.server.support.TestApp;
import org.fulcrum.server.web.Csrf;
import org.junit.jupiter.api.Test;

/**
 * Behind a reverse proxy every request comes from the proxy's address. Sign-in slows down by the
 * client's own address all the same, so that one stranger guessing cannot keep every colleague
 * behind the same proxy out; and a client that writes its own {@code X-Forwarded-For} gains nothing.
 */
class ProxiedSignInTest {
    static final String PRE_SESSION = "pre-session-of-the-proxy-tests";

    /** A password attempt as the proxy forwards it: {@code forwardedFor} is what the proxy sends on. */
    static HttpResponse<String> signIn(TestApp app, String forwardedFor, String username, String password) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.url() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html")
                .header("Cookie", Csrf.PRE_SESSION + "=" + PRE_SESSION)
                .header("Origin", app.url())
                .header(Csrf.HEADER, Csrf.tokenFor(PRE_SESSION))
                .POST(HttpRequest.BodyPublishers.ofString("username=" + username + "&password=" + password));
        if (forwardedFor != null) {
            b.header("X-Forwarded-For", forwardedFor);
        }
        try {
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aStrangerSprayingGuessesThroughTheProxyDoesNotKeepAColleagueOut() {
        ManualTime clock = ManualTime.startingNow();
        try (TestApp app = TestApp.sqlite(clock.clock(), c -> c.withTrustedProxies(List.of("127.0.0.1")))) {
            new Accounts(app, clock).create(Realm.STAFF, "colleague", "colleague-password-1");

            // the stranger rewrites the header at will; the proxy appends the address it saw
            for (int i = 0; i <= Throttle.Policy.ADDRESS.free(); i++) {
                assertThat(signIn(app, "10.0.0." + i + ", 203.0.113.9", "nobody-" + i, "guess-" + i)
                                .statusCode())
                        .isEqualTo(401);
            }
            assertThat(app.queryLong(
                            "SELECT failures FROM sign_in_throttle WHERE throttle_key = 'address:203.0.113.9'"))
                    .as("the stranger's own address is slowed down, whatever it claims")
                    .isEqualTo(Throttle.Policy.ADDRESS.free() + 1);

            assertThat(signIn(app, "198.51.100.20", "colleague", "colleague-password-1")
                            .statusCode())
                    .isEqualTo(302);
            assertThat(signIn(app, "10.0.0.77, 203.0.113.9", "colleague", "colleague-password-1")
                            .statusCode())
                    .as("from the stranger's address even the right password waits")
                    .isEqualTo(401);
        }
    }

    @Test
    void withoutATrustedProxyAForgedForwardedForIsIgnored() {
        ManualTime clock = ManualTime.startingNow();
        try (TestApp app = TestApp.sqlite(clock.clock(), c -> c)) {
            new Accounts(app, clock).create(Realm.STAFF, "direct.user", "direct-password-12");
            for (int i = 0; i <= Throttle.Policy.ADDRESS.free(); i++) {
                assertThat(signIn(app, "198.51.100." + i, "nobody-" + i, "guess-" + i)
                                .statusCode())
                        .isEqualTo(401);
            }
            assertThat(signIn(app, "198.51.100.250", "direct.user", "direct-password-12")
                            .statusCode())
                    .isEqualTo(401);
            assertThat(app.queryLong(
                            "SELECT COUNT(*) FROM sign_in_throttle WHERE throttle_key LIKE 'address:198.51.%'"))
                    .isZero();
        }
    }
}
