package org.fulcrum.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.support.ManualTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sign-in layer tried as an attacker would, for staff and officers alike: guessing second
 * factors, locking the owner out, replaying a code, racing wrong passwords, telling accounts
 * apart. Time is moved by hand, never slept through.
 */
class SignInAttackTest {
    @RegisterExtension
    static final SignInApp signIn = new SignInApp();

    static final ManualTime CLOCK = signIn.clock;

    Credentials credentials() {
        return signIn.app().app().module(AuthModule.class).credentials();
    }

    static String account(Realm realm, String username, String password) {
        return signIn.accounts().create(realm, username, password);
    }

    String signedIn(Realm realm, String username, String password, String address) {
        return signIn.accounts().signedIn(realm, username, password, address);
    }

    static String totpSecret(Realm realm, String username) {
        return signIn.accounts().totpSecret(realm, username);
    }

    static String wrongCode(String secret) {
        return signIn.accounts().wrongCode(secret);
    }

    @ParameterizedTest
    @EnumSource(Realm.class)
    void guessingSecondFactorCodesEndsTheHalfSignedSessionAfterFiveTries(Realm realm) {
        String user = realm.key() + ".totpguess";
        account(realm, user, "the-right-password-1");
        String secret0 = signedIn(realm, user, "the-right-password-1", "192.0.2.1");
        String totp = totpSecret(realm, user);
        credentials().logout(realm, secret0);

        var half = (Credentials.PasswordStep.Accepted)
                credentials().signIn(realm, user, "the-right-password-1", "192.0.2.1");
        CLOCK.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
        List<Credentials.CodeStep> answers = new ArrayList<>();
        for (int i = 0; i < Credentials.CODE_ATTEMPTS; i++) {
            answers.add(credentials().secondFactor(realm, half.sessionSecret(), wrongCode(totp)));
        }
        assertThat(answers.getLast()).isInstanceOf(Credentials.CodeStep.Discarded.class);
        // the right code no longer helps: the half-signed session is gone, the password is needed again
        assertThat(credentials().session(realm, half.sessionSecret())).isEmpty();
        assertThat(signIn.app()
                        .queryLong("SELECT COUNT(*) FROM " + realm.sessionTable + " WHERE token_hash = '"
                                + Tokens.digest(half.sessionSecret()) + "'"))
                .isZero();

        // a new half-signed session after more wrong codes is slowed down per account: even the right code waits
        var again = (Credentials.PasswordStep.Accepted)
                credentials().signIn(realm, user, "the-right-password-1", "192.0.2.1");
        assertThat(credentials().secondFactor(realm, again.sessionSecret(), wrongCode(totp)))
                .isInstanceOf(Credentials.CodeStep.Refused.class);
        assertThat(credentials().secondFactor(realm, again.sessionSecret(), Totp.code(totp, CLOCK.instant())))
                .isInstanceOf(Credentials.CodeStep.Refused.class);
        CLOCK.advance(Throttle.Policy.CODE.cap());
        assertThat(credentials().secondFactor(realm, again.sessionSecret(), Totp.code(totp, CLOCK.instant())))
                .isInstanceOf(Credentials.CodeStep.Accepted.class);
    }

    @ParameterizedTest
    @EnumSource(Realm.class)
    void aStrangerGuessingFromOneAddressKeepsTheOwnerOutForAtMostAMinute(Realm realm) {
        String user = realm.key() + ".besieged";
        account(realm, user, "owner-password-123");
        // half an hour of a guess every ten seconds from one address
        for (int i = 0; i < 180; i++) {
            assertThat(credentials().signIn(realm, user, "guess-" + i, "203.0.113.66"))
                    .isInstanceOf(Credentials.PasswordStep.Refused.class);
            CLOCK.advance(Duration.ofSeconds(10));
        }
        // the owner, from home, waits out at most the documented per-account delay
        CLOCK.advance(Throttle.Policy.ACCOUNT.cap());
        assertThat(credentials().signIn(realm, user, "owner-password-123", "198.51.100.7"))
                .isInstanceOf(Credentials.PasswordStep.Accepted.class);
        // while only a few of the stranger's 180 guesses were ever checked
        assertThat(signIn.app()
                        .queryLong("SELECT failures FROM sign_in_throttle WHERE throttle_key = 'password:" + realm.key()
                                + ":" + user + "@203.0.113.66'"))
                .isLessThan(20);
    }

    /** Signs in with both factors from a browser without a device cookie; returns the one it gets. */
    String deviceOf(Realm realm, String user, String password) {
        var code = signIn.accounts().completed(realm, user, password, "198.51.100.40");
        credentials().logout(realm, code.sessionSecret());
        return code.deviceSecret();
    }

    @ParameterizedTest
    @EnumSource(Realm.class)
    void aStrangerGuessingFromRotatingAddressesNeverKeepsTheOwnerOutOfTheirOwnBrowser(Realm realm) {
        String user = realm.key() + ".targeted";
        account(realm, user, "owner-password-456");
        String device = deviceOf(realm, user, "owner-password-456");
        // three hours of one guess a minute, each from a new address: no address ever looks busy
        for (int i = 0; i < 180; i++) {
            credentials().signIn(realm, user, "guess-" + i, "203.0.113." + (i % 250), null);
            CLOCK.advance(Duration.ofMinutes(1));
        }
        credentials().signIn(realm, user, "one-more-guess", "198.51.100.1", null);
        // from any other browser the right password waits behind the stranger's guesses ...
        assertThat(credentials().signIn(realm, user, "owner-password-456", "198.51.100.40", null))
                .isInstanceOf(Credentials.PasswordStep.Refused.class);
        // ... but never in the owner's own browser, and its sign-ins do not reset what the stranger earned
        assertThat(credentials().signIn(realm, user, "owner-password-456", "198.51.100.40", device))
                .isInstanceOf(Credentials.PasswordStep.Accepted.class);
        assertThat(credentials().signIn(realm, user, "owner-password-456", "198.51.100.40", null))
                .isInstanceOf(Credentials.PasswordStep.Refused.class);
        // another account's device cookie is worth nothing here
        String other = realm.key() + ".bystander";
        account(realm, other, "bystander-password-1");
        assertThat(credentials()
                        .signIn(
                                realm,
                                user,
                                "owner-password-456",
                                "198.51.100.40",
                                deviceOf(realm, other, "bystander-password-1")))
                .isInstanceOf(Credentials.PasswordStep.Refused.class);
    }

    @ParameterizedTest
    @EnumSource(Realm.class)
    void aDeviceCookieIsThrottledOnItsOwnAndReplacedAtEachCompleteSignIn(Realm realm) {
        String user = realm.key() + ".mistyper";
        account(realm, user, "mistyper-password-1");
        String device = deviceOf(realm, user, "mistyper-password-1");
        for (int i = 0; i <= Throttle.Policy.DEVICE.free(); i++) {
            assertThat(credentials().signIn(realm, user, "typo-" + i, "198.51.100.41", device))
                    .isInstanceOf(Credentials.PasswordStep.Refused.class);
        }
        // a stolen cookie guessing is slowed like anyone else; the owner waits the device's own delay
        assertThat(credentials().signIn(realm, user, "mistyper-password-1", "198.51.100.41", device))
                .isInstanceOf(Credentials.PasswordStep.Refused.class);
        CLOCK.advance(Throttle.Policy.DEVICE.delayAfter(Throttle.Policy.DEVICE.free() + 1));
        var step = (Credentials.PasswordStep.Accepted)
                credentials().signIn(realm, user, "mistyper-password-1", "198.51.100.41", device);
        // the second factor hands the browser a new cookie; the one it presented is forgotten
        CLOCK.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
        var code = (Credentials.CodeStep.Accepted) credentials()
                .secondFactor(
                        realm, step.sessionSecret(), Totp.code(totpSecret(realm, user), CLOCK.instant()), device, null);
        assertThat(code.deviceSecret()).isNotEqualTo(device).startsWith("dev_");
        assertThat(signIn.app()
                        .queryLong("SELECT COUNT(*) FROM trusted_device WHERE token_hash = '" + Tokens.digest(device)
                                + "'"))
                .isZero();
        assertThat(signIn.app()
                        .queryLong("SELECT COUNT(*) FROM trusted_device WHERE token_hash = '"
                                + Tokens.digest(code.deviceSecret()) + "' AND realm = '" + realm.key() + "'"))
                .isOne();
    }

    @ParameterizedTest
    @EnumSource(Realm.class)
    void aForgottenBrowsersCookieNoLongerEarnsItsOwnThrottle(Realm realm) {
        String user = realm.key() + ".forgetful";
        String id = account(realm, user, "forgetful-amber-kiosk-77");
        String device = deviceOf(realm, user, "forgetful-amber-kiosk-77");
        for (int i = 0; i <= Throttle.Policy.ACCOUNT.free(); i++) {
            credentials().signIn(realm, user, "guess-" + i, "203.0.113." + (100 + i), null);
        }
        String accountKey = "password:" + realm.key() + ":" + user;
        assertThat(credentials().signIn(realm, user, "forgetful-amber-kiosk-77", "198.51.100.42", null))
                .isInstanceOf(Credentials.PasswordStep.Refused.class);
        // remembered, the owner's browser is not kept out by the stranger's guesses
        assertThat(credentials().signIn(realm, user, "forgetful-amber-kiosk-77", "198.51.100.42", device))
                .isInstanceOf(Credentials.PasswordStep.Accepted.class);

        RememberedBrowsers browsers =
                signIn.app().app().module(AuthModule.class).browsers();
        var shown = browsers.of(realm, id, device);
        assertThat(shown).singleElement().satisfies(b -> assertThat(b.current()).isTrue());
        browsers.forget(realm, id, shown.getFirst().id());

        // forgotten, the same cookie waits behind the stranger's guesses like any other browser ...
        assertThat(browsers.of(realm, id, device)).isEmpty();
        assertThat(credentials().signIn(realm, user, "forgetful-amber-kiosk-77", "198.51.100.42", device))
                .isInstanceOf(Credentials.PasswordStep.Refused.class);
        // ... and its failures count on the account, not on a key of its own
        CLOCK.advance(Throttle.Policy.ACCOUNT.cap());
        long before = signIn.app()
                .queryLong("SELECT failures FROM sign_in_throttle WHERE throttle_key = '" + accountKey + "'");
        assertThat(credentials().signIn(realm, user, "a-typo-of-the-owner", "198.51.100.42", device))
                .isInstanceOf(Credentials.PasswordStep.Refused.class);
        assertThat(signIn.app()
                        .queryLong("SELECT failures FROM sign_in_throttle WHERE throttle_key = '" + accountKey + "'"))
                .isEqualTo(before + 1);
        assertThat(signIn.app()
                        .queryLong("SELECT COUNT(*) FROM sign_in_throttle WHERE throttle_key = '"
                                + TrustedDevices.throttleKey(device) + "'"))
                .isZero();
        assertThat(signIn.app()
                        .queryString("SELECT action FROM audit WHERE target = '" + realm.actor(id)
                                + "' AND action LIKE 'device.%'"))
                .isEqualTo("device.forget");
    }

    @ParameterizedTest
    @EnumSource(Realm.class)
    void aCodeIsAcceptedOnceEvenWhenTwoSessionsRaceWithIt(Realm realm) throws Exception {
        String user = realm.key() + ".replay";
        account(realm, user, "replay-password-1");
        credentials().logout(realm, signedIn(realm, user, "replay-password-1", "192.0.2.2"));
        String totp = totpSecret(realm, user);
        CLOCK.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
        String code = Totp.code(totp, CLOCK.instant());
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sessions.add(((Credentials.PasswordStep.Accepted)
                            credentials().signIn(realm, user, "replay-password-1", "192.0.2.2"))
                    .sessionSecret());
        }
        try (var pool = Executors.newFixedThreadPool(4)) {
            List<Future<Credentials.CodeStep>> answers = new ArrayList<>();
            for (String s : sessions) {
                answers.add(pool.submit(() -> credentials().secondFactor(realm, s, code)));
            }
            long accepted = 0;
            for (var a : answers) {
                accepted += a.get() instanceof Credentials.CodeStep.Accepted ? 1 : 0;
            }
            assertThat(accepted).isEqualTo(1);
        }
        // and the code seen once on the wire is refused afterwards, within its window
        String late = ((Credentials.PasswordStep.Accepted)
                        credentials().signIn(realm, user, "replay-password-1", "192.0.2.2"))
                .sessionSecret();
        assertThat(credentials().secondFactor(realm, late, code)).isInstanceOf(Credentials.CodeStep.Refused.class);
    }

    @ParameterizedTest
    @EnumSource(Realm.class)
    void fortyConcurrentWrongPasswordsAreEachCountedAndOnlyTheAllowanceIsChecked(Realm realm) throws Exception {
        String user = realm.key() + ".raced";
        account(realm, user, "raced-password-12");
        List<Callable<Credentials.PasswordStep>> guesses = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int n = i;
            guesses.add(() -> credentials().signIn(realm, user, "wrong-" + n, "203.0.113." + n));
        }
        try (var pool = Executors.newFixedThreadPool(40)) {
            for (var f : pool.invokeAll(guesses)) {
                assertThat(f.get()).isInstanceOf(Credentials.PasswordStep.Refused.class);
            }
        }
        // every admitted guess was counted before its check: exactly the free allowance plus the one that blocks
        assertThat(signIn.app()
                        .queryLong("SELECT failures FROM sign_in_throttle WHERE throttle_key = 'password:" + realm.key()
                                + ":" + user + "'"))
                .isEqualTo(Throttle.Policy.ACCOUNT.free() + 1);
        assertThat(credentials().signIn(realm, user, "raced-password-12", "198.51.100.9"))
                .isInstanceOf(Credentials.PasswordStep.Refused.class);
        CLOCK.advance(Throttle.Policy.ACCOUNT.cap());
        assertThat(credentials().signIn(realm, user, "raced-password-12", "198.51.100.9"))
                .isInstanceOf(Credentials.PasswordStep.Accepted.class);
    }

    @Test
    void manySuccessfulSignInsFromOneOfficeAddressNeverSlowItDown() {
        account(Realm.STAFF, "busy.office", "busy-office-password");
        for (int i = 0; i < Throttle.Policy.ADDRESS.free() + 5; i++) {
            assertThat(credentials().signIn(Realm.STAFF, "busy.office", "busy-office-password", "192.0.2.99"))
                    .as("sign-in " + i)
                    .isInstanceOf(Credentials.PasswordStep.Accepted.class);
        }
    }

    @Test
    void unknownWrongPasswordThrottledAndDisabledAccountsGetTheSameAnswer() throws Exception {
        account(Realm.STAFF, "known.user", "known-password-12");
        account(Realm.OFFICER, "known.officer", "known-password-12");
        String disabled = account(Realm.STAFF, "gone.user", "gone-password-123");
        signIn.app()
                .app()
                .module(StoreModule.class)
                .db()
                .write(tx -> tx.handle()
                        .createUpdate("UPDATE staff SET disabled = 1 WHERE id = :id")
                        .bind("id", disabled)
                        .execute());
        for (String path : List.of("/login", "/portal/login")) {
            String known = path.equals("/login") ? "known.user" : "known.officer";
            var unknown = form(path, Map.of("username", "nobody.here", "password", "whatever-password"), "");
            var wrong = form(path, Map.of("username", known, "password", "not-the-password"), "");
            var off = form(path, Map.of("username", "gone.user", "password", "gone-password-123"), "");
            assertThat(List.of(unknown.statusCode(), wrong.statusCode(), off.statusCode()))
                    .containsOnly(401);
            String expected = unknown.body().replace("nobody.here", "USER");
            assertThat(wrong.body().replace(known, "USER")).isEqualTo(expected);
            assertThat(off.body().replace("gone.user", "USER")).isEqualTo(expected);
            assertThat(expected).contains("Sign-in failed").doesNotContain("locked");
        }
        // throttled now: the right password gets that same answer too
        for (int i = 0; i < 10; i++) {
            form("/login", Map.of("username", "known.user", "password", "wrong-" + i), "");
        }
        var throttled = form("/login", Map.of("username", "known.user", "password", "known-password-12"), "");
        var unknown = form("/login", Map.of("username", "nobody.here", "password", "whatever-password"), "");
        assertThat(throttled.statusCode()).isEqualTo(401);
        assertThat(throttled.body().replace("known.user", "USER"))
                .isEqualTo(unknown.body().replace("nobody.here", "USER"));
    }

    static HttpResponse<String> form(String path, Map<String, String> fields, String cookie) {
        return signIn.accounts().form(path, fields, cookie);
    }
}
