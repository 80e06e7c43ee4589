package org.fulcrum.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.cli.Main;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.support.ManualTime;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Password rules (a one-time password opens nothing else; a change needs the current password and
 * ends the other sessions) and recovery without the database by hand: API, and the break-glass
 * command, each audited with its reason.
 */
class PasswordAndRecoveryTest {
    private static final Json JSON = Json.strict();

    static final ManualTime CLOCK = ManualTime.startingNow();
    static TestApp app;
    static Accounts accounts;
    static String adminCookie;
    static String legalCookie;

    @BeforeAll
    static void start() {
        app = TestApp.sqlite(CLOCK.clock(), UnaryOperator.identity());
        accounts = new Accounts(app, CLOCK);
        adminCookie = settled(Realm.STAFF, "team.admin", Role.ADMIN);
        legalCookie = settled(Realm.STAFF, "desk.legal", Role.LEGAL);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** A signed-in account whose one-time password is already replaced; returns its cookie. */
    static String settled(Realm realm, String username, Role... roles) {
        accounts.create(realm, username, "one-time-of-" + username, roles);
        String secret = accounts.signedIn(realm, username, "one-time-of-" + username, "192.0.2.10");
        String own = accounts.credentials()
                .changePassword(realm, secret, "one-time-of-" + username, "own-password-of-" + username);
        return Accounts.cookie(realm, own);
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.mapper().readTree(r.body());
        } catch (java.io.IOException e) {
            throw new AssertionError(r.body(), e);
        }
    }

    @Test
    void aOneTimePasswordOpensNothingButItsOwnReplacementInTheApiAndTheConsole() {
        accounts.create(Realm.STAFF, "fresh.auditor", "handed-over-password", Role.AUDITOR);
        String cookie = Accounts.cookie(
                Realm.STAFF, accounts.signedIn(Realm.STAFF, "fresh.auditor", "handed-over-password", "192.0.2.11"));

        var api = accounts.get("/v1/admin/staff", cookie, "application/json");
        assertThat(api.statusCode()).isEqualTo(403);
        assertThat(api.body()).contains("one-time password");
        var page = accounts.get("/console/subjects", cookie, "text/html");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValue("/account/password");
        assertThat(accounts.get("/account/password", cookie, "text/html").body())
                .contains("id=\"one-time-notice\"");

        var wrong = accounts.postJson(
                "/v1/account/password", "{\"current\":\"not-it-at-all\",\"password\":\"my-own-password-1\"}", cookie);
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(json(wrong).at("/errors/0/field").asText()).isEqualTo("current");
        assertThat(accounts.get("/v1/admin/staff", cookie, "application/json").statusCode())
                .isEqualTo(403);
        // long enough but easy to guess: a leaked favourite, a keyboard row, a repeat, the person's own
        // name; each refused with the reason, and nothing changes
        for (String weak : List.of("Password1234", "qwertyuiopas", "passwordpassword", "fresh.auditor2026")) {
            var refused = accounts.postJson(
                    "/v1/account/password",
                    "{\"current\":\"handed-over-password\",\"password\":\"" + weak + "\"}",
                    cookie);
            assertThat(refused.statusCode()).as(weak).isEqualTo(400);
            assertThat(json(refused).at("/errors/0/field").asText()).isEqualTo("password");
            assertThat(json(refused).at("/errors/0/reason").asText())
                    .as(weak)
                    .startsWith("is too easy to guess")
                    .contains("Choose a longer phrase of several unrelated words");
        }

        var changed = accounts.postJson(
                "/v1/account/password",
                "{\"current\":\"handed-over-password\",\"password\":\"my-own-password-1\"}",
                cookie);
        assertThat(changed.statusCode()).isEqualTo(204);
        // the session goes on under a new cookie; the one used before the change opens nothing
        String after = Accounts.setCookie(changed, Access.SESSION_COOKIE);
        assertThat(after).isNotEqualTo(cookie);
        assertThat(accounts.get("/v1/admin/staff", after, "application/json").statusCode())
                .isEqualTo(200);
        assertThat(accounts.get("/console/subjects", after, "text/html").statusCode())
                .isEqualTo(200);
        assertThat(accounts.get("/v1/admin/staff", cookie, "application/json").statusCode())
                .isEqualTo(401);
    }

    @Test
    void anOfficerGivenAPasswordByLegalStaffChoosesTheirOwnBeforeAnythingElse() {
        accounts.create(Realm.OFFICER, "new.officer", "given-by-legal-desk");
        String cookie = Accounts.cookie(
                Realm.OFFICER, accounts.signedIn(Realm.OFFICER, "new.officer", "given-by-legal-desk", "192.0.2.12"));
        for (String path : List.of("/portal", "/portal/requests/new")) {
            var r = accounts.get(path, cookie, "text/html");
            assertThat(r.statusCode()).as(path).isEqualTo(302);
            assertThat(r.headers().firstValue("Location")).hasValue("/portal/account/password");
        }
        var wrong = accounts.form(
                "/portal/account/password",
                Map.of("current", "a-wrong-current-one", "password", "officer-own-password"),
                cookie);
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("Current password is not your current password");
        var ok = accounts.form(
                "/portal/account/password",
                Map.of("current", "given-by-legal-desk", "password", "officer-own-password"),
                cookie);
        assertThat(ok.statusCode()).isEqualTo(302);
        String after = Accounts.setCookie(ok, "fulcrum_portal");
        assertThat(accounts.get("/portal", after, "text/html").statusCode()).isEqualTo(200);
        assertThat(accounts.get("/portal", cookie, "text/html").statusCode()).isEqualTo(302);
    }

    @ParameterizedTest
    @EnumSource(Realm.class)
    void changingThePasswordNeedsTheCurrentOneAndEndsEveryOtherSession(Realm realm) {
        String user = realm.key() + ".changer";
        accounts.create(realm, user, "first-password-12");
        String here = accounts.signedIn(realm, user, "first-password-12", "192.0.2.20");
        String elsewhere = accounts.signedIn(realm, user, "first-password-12", "198.51.100.20");

        assertThatThrownBy(() -> accounts.credentials()
                        .changePassword(realm, here, "stolen-session-guess", "attacker-password-1"))
                .isInstanceOfSatisfying(
                        FulcrumException.InvalidInput.class,
                        e -> assertThat(e.field()).isEqualTo("current"));
        assertThat(accounts.credentials().session(realm, elsewhere)).isPresent();

        String after = accounts.credentials().changePassword(realm, here, "first-password-12", "second-password-12");
        assertThat(accounts.credentials().session(realm, elsewhere)).isEmpty();
        // the session goes on under a new secret: one seen before the change opens nothing after it
        assertThat(accounts.credentials().session(realm, here)).isEmpty();
        assertThat(accounts.credentials().session(realm, after)).hasValueSatisfying(s -> {
            assertThat(s.complete()).isTrue();
            assertThat(s.mustChangePassword()).isFalse();
        });
        assertThat(accounts.credentials().signIn(realm, user, "first-password-12", "192.0.2.20"))
                .isInstanceOf(Credentials.PasswordStep.Refused.class);
    }

    @Test
    void anAdminUnlocksResetsThePasswordAndTheSecondFactorOfStaffThroughTheApi() {
        String id = accounts.create(Realm.STAFF, "locked.out", "locked-out-password", Role.MODERATOR);
        String old = accounts.signedIn(Realm.STAFF, "locked.out", "locked-out-password", "192.0.2.30");
        assertThat(app.queryLong("SELECT COUNT(*) FROM trusted_device WHERE account_id = '" + id + "'"))
                .isOne();
        for (int i = 0; i < 10; i++) {
            accounts.credentials().signIn(Realm.STAFF, "locked.out", "guess-" + i, "203.0.113.30");
        }
        assertThat(accounts.credentials().signIn(Realm.STAFF, "locked.out", "locked-out-password", "192.0.2.30"))
                .isInstanceOf(Credentials.PasswordStep.Refused.class);

        var unlock = accounts.postJson(
                "/v1/admin/staff/" + id + "/unlock", "{\"reason\":\"owner called the desk\"}", adminCookie);
        assertThat(unlock.statusCode()).as(unlock.body()).isEqualTo(200);
        assertThat(accounts.credentials().signIn(Realm.STAFF, "locked.out", "locked-out-password", "192.0.2.30"))
                .isInstanceOf(Credentials.PasswordStep.Accepted.class);

        var reset = accounts.postJson(
                "/v1/admin/staff/" + id + "/password-reset", "{\"reason\":\"forgot the password\"}", adminCookie);
        assertThat(reset.statusCode()).isEqualTo(200);
        String oneTime = json(reset).get("oneTimePassword").asText();
        assertThat(accounts.credentials().session(Realm.STAFF, old)).isEmpty();
        // the account may be in other hands: none of its browsers is trusted any longer
        assertThat(app.queryLong("SELECT COUNT(*) FROM trusted_device WHERE account_id = '" + id + "'"))
                .isZero();
        assertThat(accounts.credentials().signIn(Realm.STAFF, "locked.out", "locked-out-password", "192.0.2.30"))
                .isInstanceOf(Credentials.PasswordStep.Refused.class);
        String fresh = accounts.signedIn(Realm.STAFF, "locked.out", oneTime, "192.0.2.30");
        assertThat(accounts.credentials()
                        .session(Realm.STAFF, fresh)
                        .orElseThrow()
                        .mustChangePassword())
                .isTrue();

        var factor = accounts.postJson(
                "/v1/admin/staff/" + id + "/second-factor-reset", "{\"reason\":\"lost the phone\"}", adminCookie);
        assertThat(factor.statusCode()).isEqualTo(200);
        assertThat(accounts.credentials().session(Realm.STAFF, fresh)).isEmpty();
        var again = (Credentials.PasswordStep.Accepted)
                accounts.credentials().signIn(Realm.STAFF, "locked.out", oneTime, "192.0.2.30");
        assertThat(again.needsTotpEnrolment()).isTrue();

        assertThat(
                        app.queryLong(
                                "SELECT COUNT(*) FROM audit WHERE target = 'staff:" + id + "' AND action IN"
                                        + " ('account.unlock', 'account.password-reset', 'account.second-factor-reset') AND reason IS NOT NULL"))
                .isEqualTo(3);
        // only admins recover staff, and never their own account
        assertThat(accounts.postJson("/v1/admin/staff/" + id + "/unlock", "{\"reason\":\"helping out\"}", legalCookie)
                        .statusCode())
                .isEqualTo(403);
        String adminId = accounts.staff.principal("team.admin").id();
        assertThat(accounts.postJson(
                                "/v1/admin/staff/" + adminId + "/password-reset",
                                "{\"reason\":\"myself\"}",
                                adminCookie)
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void anAdminWhoseCredentialsAnotherAdminResetsWaitsForAThirdAdminToHoldAdminAgain() {
        String id = accounts.create(Realm.STAFF, "reset.admin", "reset-admin-password", Role.ADMIN);
        assertThat(app.app().module(AuthModule.class).staff().activeRoles(id)).contains(Role.ADMIN);
        var reset =
                accounts.postJson("/v1/admin/staff/" + id + "/password-reset", "{\"reason\":\"lost it\"}", adminCookie);
        assertThat(reset.statusCode()).isEqualTo(200);
        // the resetter knows the one-time password, so the admin role waits for someone else
        assertThat(app.app().module(AuthModule.class).staff().activeRoles(id)).doesNotContain(Role.ADMIN);
        var resetter = accounts.staff.principal("team.admin");
        assertThatThrownBy(() -> app.app().module(AuthModule.class).staff().approve(resetter, id, Role.ADMIN))
                .isInstanceOf(FulcrumException.Forbidden.class);
        app.app().module(AuthModule.class).staff().approve(accounts.staff.principal("second.admin"), id, Role.ADMIN);
        assertThat(app.app().module(AuthModule.class).staff().activeRoles(id)).contains(Role.ADMIN);
    }

    @Test
    void aHashMadeWithOlderParametersStillSignsInAndIsReplacedThen() {
        String id = accounts.create(Realm.STAFF, "old.hash", "old-hash-password");
        String old = oldHash("old-hash-password");
        app.app()
                .module(StoreModule.class)
                .db()
                .write(tx -> tx.handle()
                        .createUpdate("UPDATE staff SET password_hash = :h WHERE id = :id")
                        .bind("h", old)
                        .bind("id", id)
                        .execute());
        assertThat(Passwords.needsRehash(old)).isTrue();
        assertThat(accounts.credentials().signIn(Realm.STAFF, "old.hash", "old-hash-password", "192.0.2.60"))
                .isInstanceOf(Credentials.PasswordStep.Accepted.class);
        String now = app.queryString("SELECT password_hash FROM staff WHERE id = '" + id + "'");
        assertThat(now).isNotEqualTo(old).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(Passwords.needsRehash(now)).isFalse();
        assertThat(accounts.credentials().signIn(Realm.STAFF, "old.hash", "old-hash-password", "192.0.2.60"))
                .isInstanceOf(Credentials.PasswordStep.Accepted.class);
    }

    /** An Argon2id hash with lighter, older parameters (m=4096, t=3), as an earlier release could have stored. */
    static String oldHash(String password) {
        byte[] salt = "sixteen byte salt".substring(0, 16).getBytes(StandardCharsets.US_ASCII);
        var params = new org.bouncycastle.crypto.params.Argon2Parameters.Builder(
                        org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id)
                .withVersion(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(4096)
                .withIterations(3)
                .withParallelism(1)
                .withSalt(salt)
                .build();
        var generator = new org.bouncycastle.crypto.generators.Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[32];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        var b64 = java.util.Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=4096,t=3,p=1$" + b64.encodeToString(salt) + "$" + b64.encodeToString(out);
    }

    @Test
    void legalStaffRecoverOfficersAndAdminsCannot() {
        String id = accounts.create(Realm.OFFICER, "officer.lost", "officer-lost-password");
        var asAdmin = accounts.postJson(
                "/v1/lawful/officers/" + id + "/password-reset", "{\"reason\":\"lost it\"}", adminCookie);
        assertThat(asAdmin.statusCode()).isEqualTo(403);
        var reset = accounts.postJson(
                "/v1/lawful/officers/" + id + "/password-reset",
                "{\"reason\":\"agency called back on the registered number\"}",
                legalCookie);
        assertThat(reset.statusCode()).isEqualTo(200);
        String oneTime = json(reset).get("oneTimePassword").asText();
        assertThat(accounts.credentials().signIn(Realm.OFFICER, "officer.lost", oneTime, "192.0.2.40"))
                .isInstanceOf(Credentials.PasswordStep.Accepted.class);
        assertThat(app.queryString("SELECT actor FROM audit WHERE target = 'officer:" + id
                        + "' AND action = 'account.password-reset'"))
                .startsWith("staff:");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{}",
                "{\"reason\":null}",
                "{\"reason\":\"\"}",
                "{\"reason\":\"  \"}",
                "{\"reason\":\"ok\"}",
                "{\"reason\":\"bell \\u0007 ringing\"}",
                "{\"reason\":\"LONG\"}",
                "{\"reason\":\"fine reason\",\"extra\":1}",
                "{\"reason\":17}",
                "not json"
            })
    void aBadReasonIsRefusedNamingTheFieldAndChangesNothing(String body) {
        String id = accounts.create(
                Realm.STAFF, "bad.input." + Math.abs(body.hashCode() % 100000), "bad-input-password", Role.MODERATOR);
        String json = body.replace("LONG", "x".repeat(501));
        long audits = app.count("audit");
        String hash = app.queryString("SELECT password_hash FROM staff WHERE id = '" + id + "'");
        var r = accounts.postJson("/v1/admin/staff/" + id + "/password-reset", json, adminCookie);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        if (!body.equals("not json")) {
            assertThat(json(r).at("/errors/0/field").asText()).as(r.body()).isIn("reason", "extra");
        }
        assertThat(app.count("audit")).isEqualTo(audits);
        assertThat(app.queryString("SELECT password_hash FROM staff WHERE id = '" + id + "'"))
                .isEqualTo(hash);
    }

    @Test
    void unknownAccountsAndHostileIdsAreProblemsNotErrors() {
        long audits = app.count("audit");
        assertThat(accounts.postJson("/v1/admin/staff/st_nobody/unlock", "{\"reason\":\"just because\"}", adminCookie)
                        .statusCode())
                .isEqualTo(404);
        assertThat(accounts.postJson("/v1/admin/staff/%C3%28/unlock", "{\"reason\":\"just because\"}", adminCookie)
                        .statusCode())
                .isEqualTo(400);
        assertThat(accounts.postJson("/v1/admin/sessions/not-hex/end", "{\"reason\":\"just because\"}", adminCookie)
                        .statusCode())
                .isEqualTo(400);
        assertThat(app.count("audit")).isEqualTo(audits);
    }

    @Test
    void theBreakGlassCommandResetsTheLastAdminOnTheDataFolderAndIsAudited() {
        String id = accounts.create(Realm.STAFF, "last.admin", "last-admin-password", Role.ADMIN);
        var out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = Main.run(
                    "staff",
                    "reset",
                    "last.admin",
                    "--data",
                    app.dataDir().toString(),
                    "--reason",
                    "every admin lost their phone");
        } finally {
            System.setOut(saved);
        }
        assertThat(code).isZero();
        Matcher pw = Pattern.compile("One-time password: (\\S+)").matcher(out.toString(StandardCharsets.UTF_8));
        assertThat(pw.find()).as(out.toString(StandardCharsets.UTF_8)).isTrue();
        var step = (Credentials.PasswordStep.Accepted)
                accounts.credentials().signIn(Realm.STAFF, "last.admin", pw.group(1), "192.0.2.50");
        assertThat(step.needsTotpEnrolment()).isTrue();
        assertThat(app.queryString("SELECT reason FROM audit WHERE target = 'staff:" + id
                        + "' AND action = 'account.break-glass' AND actor LIKE 'cli:%' AND details = 'password-reset'"))
                .isEqualTo("every admin lost their phone");

        long audits = app.count("audit");
        System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.run(
                            "staff",
                            "reset",
                            "nobody.at.all",
                            "--data",
                            app.dataDir().toString()))
                    .isEqualTo(2);
        } finally {
            System.setErr(new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true));
        }
        assertThat(app.count("audit")).isEqualTo(audits);
    }
}
