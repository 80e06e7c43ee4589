package org.fulcrum.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.fulcrum.server.support.ManualTime;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sessions tried as an attacker would, through the browser routes of both realms: a cookie seen or
 * planted before the second factor, and a session left open on an unattended screen.
 */
class SessionAttackTest {
    @RegisterExtension
    static final SignInApp signIn = new SignInApp();

    static final ManualTime CLOCK = signIn.clock;

    static String login(Realm realm) {
        return realm == Realm.STAFF ? "/login" : "/portal/login";
    }

    static String home(Realm realm) {
        return realm == Realm.STAFF ? "/console/subjects" : "/portal";
    }

    /** The value of the session cookie an answer sets, or null. */
    static String sessionSet(Realm realm, HttpResponse<String> answer) {
        String name = Accounts.cookie(realm, "");
        return answer.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(name))
                .map(c -> c.substring(name.length(), c.indexOf(';')))
                .filter(v -> !v.isEmpty())
                .findFirst()
                .orElse(null);
    }

    @ParameterizedTest
    @EnumSource(Realm.class)
    void theCookieFromBeforeTheSecondFactorOpensNothingAfterIt(Realm realm) {
        String user = realm.key() + ".fixated";
        signIn.accounts().create(realm, user, "fixation-password-1");
        HttpResponse<String> password =
                signIn.accounts().form(login(realm), Map.of("username", user, "password", "fixation-password-1"), "");
        assertThat(password.statusCode()).as(password.body()).isEqualTo(302);
        String half = sessionSet(realm, password);
        assertThat(half).isNotNull();
        String totp = signIn.accounts().credentials().beginTotpEnrolment(realm, half);
        CLOCK.advance(Duration.ofSeconds(Totp.STEP_SECONDS));

        HttpResponse<String> code = signIn.accounts()
                .form(
                        login(realm) + "/totp",
                        Map.of("code", Totp.code(totp, CLOCK.instant())),
                        Accounts.cookie(realm, half));

        assertThat(code.statusCode()).as(code.body()).isEqualTo(302);
        String full = sessionSet(realm, code);
        assertThat(full)
                .as("a new session secret once the second factor is passed")
                .isNotNull()
                .isNotEqualTo(half);
        assertThat(signIn.accounts().credentials().session(realm, half)).isEmpty();
        assertThat(signIn.accounts().credentials().session(realm, full))
                .hasValueSatisfying(s -> assertThat(s.complete()).isTrue());
        assertThat(signIn.accounts()
                        .get(home(realm), Accounts.cookie(realm, half), "text/html")
                        .statusCode())
                .isEqualTo(302);
    }

    @ParameterizedTest
    @EnumSource(Realm.class)
    void aSessionLeftAloneForHalfAnHourEndsWhileOneInUseLastsItsDay(Realm realm) {
        String user = realm.key() + ".unattended";
        signIn.accounts().create(realm, user, "unattended-password-1");
        String busy = signIn.accounts().signedIn(realm, user, "unattended-password-1", "192.0.2.40");
        String idle = signIn.accounts().signedIn(realm, user, "unattended-password-1", "192.0.2.41");

        // the busy screen is used every 20 minutes for five hours; the other one is left alone
        for (int i = 0; i < 15; i++) {
            CLOCK.advance(Duration.ofMinutes(20));
            signIn.accounts().get(home(realm), Accounts.cookie(realm, busy), "text/html");
            assertThat(signIn.accounts().credentials().session(realm, busy))
                    .as("after " + (i + 1) * 20 + " minutes")
                    .isPresent();
        }

        assertThat(signIn.accounts().credentials().session(realm, idle)).isEmpty();
        HttpResponse<String> page = signIn.accounts().get(home(realm), Accounts.cookie(realm, idle), "text/html");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).startsWith(login(realm)));
    }
}
