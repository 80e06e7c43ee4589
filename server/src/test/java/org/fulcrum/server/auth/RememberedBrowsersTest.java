package org.fulcrum.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.support.ManualTime;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Remembered browsers on a person's own account page (console and portal) and on the pages of
 * their stewards: listed in words, forgotten one or all through the page's forms, every forget
 * audited, and bad or foreign ids answered with 4xx.
 */
class RememberedBrowsersTest {
    @RegisterExtension
    static final SignInApp signIn = new SignInApp();

    static final ManualTime CLOCK = signIn.clock;
    static final String CHROME =
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    static final String ONE_TIME = "amber-kiosk-tundra-41";
    static final String OWN = "glacier-lantern-orbit-copper";
    static final String FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

    /** A complete session and the device cookie its browser was given. */
    record Signed(String session, String device) {}

    Credentials credentials() {
        return signIn.credentials();
    }

    /** A new account whose one-time password is replaced, signed in from a browser describing itself as {@code ua}. */
    Signed settled(Realm realm, String user, String ua, Role... roles) {
        signIn.accounts().create(realm, user, ONE_TIME, roles);
        var step = (Credentials.PasswordStep.Accepted) credentials().signIn(realm, user, ONE_TIME, "192.0.2.50");
        String totp = credentials().beginTotpEnrolment(realm, step.sessionSecret());
        CLOCK.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
        var code = (Credentials.CodeStep.Accepted)
                credentials().secondFactor(realm, step.sessionSecret(), Totp.code(totp, CLOCK.instant()), null, ua);
        String session = credentials().changePassword(realm, code.sessionSecret(), ONE_TIME, OWN);
        return new Signed(session, code.deviceSecret());
    }

    /** Another complete sign-in of {@code user}, from a browser not yet remembered. */
    Signed again(Realm realm, String user, String ua) {
        var step = (Credentials.PasswordStep.Accepted) credentials().signIn(realm, user, OWN, "192.0.2.51");
        CLOCK.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
        var code = (Credentials.CodeStep.Accepted) credentials()
                .secondFactor(
                        realm,
                        step.sessionSecret(),
                        Totp.code(signIn.accounts().totpSecret(realm, user), CLOCK.instant()),
                        null,
                        ua);
        return new Signed(code.sessionSecret(), code.deviceSecret());
    }

    static String cookies(Realm realm, Signed s) {
        return Accounts.cookie(realm, s.session())
                + (realm == Realm.STAFF ? "; fulcrum_device=" : "; fulcrum_portal_device=")
                + s.device();
    }

    static String page(Realm realm) {
        return realm == Realm.STAFF ? "/account" : "/portal/account/password";
    }

    static String forms(Realm realm) {
        return realm == Realm.STAFF ? "/account/browsers" : "/portal/account/browsers";
    }

    String idOf(String device) {
        return Tokens.digest(device).substring(0, 16);
    }

    long remembered(String accountId) {
        return signIn.app().queryLong("SELECT COUNT(*) FROM trusted_device WHERE account_id = '" + accountId + "'");
    }

    String accountId(Realm realm, String user) {
        return signIn.app().queryString("SELECT id FROM " + realm.table + " WHERE username = '" + user + "'");
    }

    @ParameterizedTest
    @EnumSource(Realm.class)
    void theAccountPageListsTheBrowsersInWordsAndForgetsOneOrAllAndNothingOfAnotherAccount(Realm realm) {
        String user = realm.key() + ".twobrowsers";
        Signed laptop = settled(realm, user, CHROME);
        Signed office = again(realm, user, FIREFOX);
        Signed stranger = settled(realm, realm.key() + ".someoneelse", CHROME);
        String id = accountId(realm, user);

        HttpResponse<String> shown = signIn.accounts().get(page(realm), cookies(realm, laptop), "text/html");
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body())
                .contains("Your account")
                .contains("Remembered browsers")
                .contains("Chrome 131 on Linux <strong>(this browser)</strong>")
                .contains("Firefox 133 on Windows</td>")
                .contains("id=\"forget-" + idOf(office.device()) + "\"")
                .doesNotContain(laptop.device())
                .doesNotContain(Tokens.digest(laptop.device()));

        // forgetting the other browser
        HttpResponse<String> forgot = signIn.accounts()
                .form(forms(realm) + "/" + idOf(office.device()) + "/forget", Map.of(), cookies(realm, laptop));
        assertThat(forgot.statusCode()).isEqualTo(303);
        assertThat(forgot.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("done=forgotten#browsers"));
        assertThat(remembered(id)).isOne();
        assertThat(signIn.accounts()
                        .get(page(realm) + "?done=forgotten", cookies(realm, laptop), "text/html")
                        .body())
                .contains("Browser forgotten.")
                .doesNotContain("Firefox 133");
        assertThat(signIn.app()
                        .queryString("SELECT details FROM audit WHERE action = 'device.forget' AND target = '"
                                + realm.actor(id) + "'"))
                .isEqualTo(idOf(office.device()));

        // bad input and ids that are not this account's are 4xx, and forget nothing
        assertThat(signIn.accounts()
                        .form(forms(realm) + "/not-an-id/forget", Map.of(), cookies(realm, laptop))
                        .statusCode())
                .isEqualTo(400);
        assertThat(signIn.accounts()
                        .form(forms(realm) + "/0123456789abcdef/forget", Map.of(), cookies(realm, laptop))
                        .statusCode())
                .isEqualTo(404);
        assertThat(signIn.accounts()
                        .form(
                                forms(realm) + "/" + idOf(stranger.device()) + "/forget",
                                Map.of(),
                                cookies(realm, laptop))
                        .statusCode())
                .isEqualTo(404);
        assertThat(remembered(accountId(realm, realm.key() + ".someoneelse"))).isOne();
        assertThat(signIn.accounts()
                        .form(forms(realm) + "/forget-all", Map.of(), "")
                        .statusCode())
                .isEqualTo(401);

        // forgetting all, this browser too: its cookie is cleared
        HttpResponse<String> all =
                signIn.accounts().form(forms(realm) + "/forget-all", Map.of(), cookies(realm, laptop));
        assertThat(all.statusCode()).isEqualTo(303);
        assertThat(all.headers().allValues("Set-Cookie"))
                .anySatisfy(c -> assertThat(c)
                        .startsWith(realm == Realm.STAFF ? "fulcrum_device=;" : "fulcrum_portal_device=;"));
        assertThat(remembered(id)).isZero();
        assertThat(signIn.app()
                        .queryString("SELECT details FROM audit WHERE action = 'device.forget_all' AND target = '"
                                + realm.actor(id) + "'"))
                .isEqualTo("1 remembered");
        assertThat(signIn.accounts()
                        .get(page(realm), cookies(realm, laptop), "text/html")
                        .body())
                .contains("No browser is remembered.");
    }

    @Test
    void browsersAreListedCountedRecognisedAndForgottenOnPostgresToo() {
        try (TestApp pg = TestApp.postgres(UnaryOperator.identity())) {
            Accounts accounts = new Accounts(pg, ManualTime.startingNow());
            String id = accounts.create(Realm.STAFF, "pg.browsers", ONE_TIME);
            var code = accounts.completed(Realm.STAFF, "pg.browsers", ONE_TIME, "192.0.2.60");
            RememberedBrowsers browsers = pg.app().module(AuthModule.class).browsers();
            assertThat(browsers.counts(Realm.STAFF)).containsEntry(id, 1);
            var listed = browsers.of(Realm.STAFF, id, code.deviceSecret());
            assertThat(listed).singleElement().satisfies(b -> {
                assertThat(b.current()).isTrue();
                assertThat(b.browser()).isEqualTo("unknown browser");
            });
            assertThat(accounts.credentials()
                            .signIn(Realm.STAFF, "pg.browsers", ONE_TIME, "192.0.2.60", code.deviceSecret()))
                    .isInstanceOf(Credentials.PasswordStep.Accepted.class);
            browsers.forget(Realm.STAFF, id, listed.getFirst().id());
            assertThat(browsers.counts(Realm.STAFF)).doesNotContainKey(id);
            assertThat(browsers.forgetAll(Realm.STAFF, id)).isZero();
        }
    }

    @Test
    void aOneTimePasswordShowsNoBrowsersAndForgetsNone() {
        signIn.accounts().create(Realm.STAFF, "fresh.browsers", ONE_TIME);
        var code = signIn.accounts().completed(Realm.STAFF, "fresh.browsers", ONE_TIME, "192.0.2.52");
        String cookies = Accounts.cookie(Realm.STAFF, code.sessionSecret()) + "; fulcrum_device=" + code.deviceSecret();
        assertThat(signIn.accounts()
                        .get("/account/password", cookies, "text/html")
                        .body())
                .contains("Choose a password")
                .doesNotContain("Remembered browsers");
        assertThat(signIn.accounts()
                        .form("/account/browsers/forget-all", Map.of(), cookies)
                        .statusCode())
                .isEqualTo(403);
        assertThat(remembered(accountId(Realm.STAFF, "fresh.browsers"))).isOne();
    }

    @Test
    void stewardsSeeHowManyBrowsersEachAccountHasAndForgetThemAllWithAReason() {
        Signed admin = settled(Realm.STAFF, "browsers.admin", CHROME, Role.ADMIN);
        Signed legal = settled(Realm.STAFF, "browsers.legal", CHROME, Role.LEGAL);
        settled(Realm.STAFF, "lost.laptop", CHROME);
        again(Realm.STAFF, "lost.laptop", FIREFOX);
        settled(Realm.OFFICER, "officer.laptop", CHROME);
        String staffId = accountId(Realm.STAFF, "lost.laptop");
        String officerId = accountId(Realm.OFFICER, "officer.laptop");
        String asAdmin = Accounts.cookie(Realm.STAFF, admin.session());
        String asLegal = Accounts.cookie(Realm.STAFF, legal.session());

        assertThat(signIn.accounts().get("/console/team", asAdmin, "text/html").body())
                .contains("id=\"browsers-lost.laptop\">2 remembered browsers</span>")
                .contains("<option value=\"forget-browsers\">forget their remembered browsers</option>");
        HttpResponse<String> noReason = signIn.accounts()
                .form(
                        "/console/team/staff/" + staffId + "/recover",
                        Map.of("step", "forget-browsers", "reason", ""),
                        asAdmin);
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("reason say why in 3 to 500 characters");
        assertThat(remembered(staffId)).isEqualTo(2);
        assertThat(signIn.accounts()
                        .form(
                                "/console/team/staff/" + staffId + "/recover",
                                Map.of("step", "forget-browsers", "reason", "laptop stolen"),
                                asLegal)
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<String> done = signIn.accounts()
                .form(
                        "/console/team/staff/" + staffId + "/recover",
                        Map.of("step", "forget-browsers", "reason", "laptop stolen"),
                        asAdmin);
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body())
                .contains("Forgot 2 remembered browsers of lost.laptop")
                .contains("id=\"browsers-lost.laptop\">no remembered browser</span>");
        assertThat(remembered(staffId)).isZero();
        assertThat(signIn.app()
                        .queryString("SELECT actor || ' ' || reason FROM audit WHERE action = 'device.forget_all'"
                                + " AND target = 'staff:" + staffId + "'"))
                .isEqualTo(Realm.STAFF.actor(accountId(Realm.STAFF, "browsers.admin")) + " laptop stolen");

        // legal staff do the same for officers
        assertThat(signIn.accounts()
                        .get("/console/officer-accounts", asLegal, "text/html")
                        .body())
                .contains("id=\"browsers-officer.laptop\">1 remembered browser</span>");
        HttpResponse<String> officer = signIn.accounts()
                .form(
                        "/console/officer-accounts/" + officerId + "/recover",
                        Map.of("step", "forget-browsers", "reason", "the officer lost their phone"),
                        asLegal);
        assertThat(officer.statusCode()).isEqualTo(200);
        assertThat(officer.body()).contains("Forgot 1 remembered browser");
        assertThat(remembered(officerId)).isZero();
        assertThat(signIn.accounts()
                        .form(
                                "/console/officer-accounts/of_unknown/recover",
                                Map.of("step", "forget-browsers", "reason", "no such officer"),
                                asLegal)
                        .statusCode())
                .isEqualTo(404);
    }
}
