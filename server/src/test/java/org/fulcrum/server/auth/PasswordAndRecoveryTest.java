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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.cli.Main;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.support.ManualTime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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

    @RegisterExtension
    static final SignInApp signIn = new SignInApp();

    static final ManualTime CLOCK = signIn.clock;
    static String adminCookie;
    static String legalCookie;

    @BeforeAll
    static void start() {
        adminCookie = settled(Realm.STAFF, "team.admin", Role.ADMIN);
        legalCookie = settled(Realm.STAFF, "desk.legal", Role.LEGAL);
    }

    /** A signed-in account whose one-time password is already replaced; returns its cookie. */
    static String settled(Realm realm, String username, Role... roles) {
        signIn.accounts().create(realm, username, "one-time-of-" + username, roles);
        String secret = signIn.accounts().signedIn(realm, username, "one-time-of-" + username, "192.0.2.10");
        String own = signIn.accounts()
                .credentials()
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
        signIn.accounts().create(Realm.STAFF, "fresh.auditor", "handed-over-password", Role.AUDITOR);
        String cookie = Accounts.cookie(
                Realm.STAFF,
                signIn.accounts().signedIn(Realm.STAFF, "fresh.auditor", "handed-over-password", "192.0.2.11"));

        var api = signIn.accounts().get("/v1/admin/staff", cookie, "application/json");
        assertThat(api.statusCode()).isEqualTo(403);
        assertThat(api.body()).contains("one-time password");
        var page = signIn.accounts().get("/console/subjects", cookie, "text/html");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).hasValue("/account/password");
        assertThat(signIn.accounts()
                        .get("/account/password", cookie, "text/html")
                        .body())
                .contains("id=\"one-time-notice\"");

        var wrong = signIn.accounts()
                .postJson(
                        "/v1/account/password",
                        "{\"current\":\"not-it-at-all\",\"password\":\"my-own-password-1\"}",
                        cookie);
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(json(wrong).at("/errors/0/field").asText()).isEqualTo("current");
        assertThat(signIn.accounts()
                        .get("/v1/admin/staff", cookie, "application/json")
                        .statusCode())
                .isEqualTo(403);
        // long enough but easy to guess: a leaked favourite, a keyboard row, a repeat, the person's own
        // name; each refused with the reason, and nothing changes
        for (String weak : List.of("Password1234", "qwertyuiopas", "passwordpassword", "fresh.auditor2026")) {
            var refused = signIn.accounts()
                    .postJson(
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

        var changed = signIn.accounts()
                .postJson(
                        "/v1/account/password",
                        "{\"current\":\"handed-over-password\",\"password\":\"my-own-password-1\"}",
                        cookie);
        assertThat(changed.statusCode()).isEqualTo(204);
        // the session goes on under a new cookie; the one used before the change opens nothing
        String after = Accounts.setCookie(changed, Access.SESSION_COOKIE);
        assertThat(after).isNotEqualTo(cookie);
        assertThat(signIn.accounts()
                        .get("/v1/admin/staff", after, "application/json")
                        .statusCode())
                .isEqualTo(200);
        assertThat(signIn.accounts()
                        .get("/console/subjects", after, "text/html")
                        .statusCode())
                .isEqualTo(200);
        assertThat(signIn.accounts()
                        .get("/v1/admin/staff", cookie, "application/json")
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void anOfficerGivenAPasswordByLegalStaffChoosesTheirOwnBeforeAnythingElse() {
        signIn.accounts().create(Realm.OFFICER, "new.officer", "given-by-legal-desk");
        String cookie = Accounts.cookie(
                Realm.OFFICER,
                signIn.accounts().signedIn(Realm.OFFICER, "new.officer", "given-by-legal-desk", "192.0.2.12"));
        for (String path : List.of("/portal", "/portal/requests/new")) {
            var r = signIn.accounts().get(path, cookie, "text/html");
            assertThat(r.statusCode()).as(path).isEqualTo(302);
            assertThat(r.headers().firstValue("Location")).hasValue("/portal/account/password");
        }
        var wrong = signIn.accounts()
                .form(
                        "/portal/account/password",
                        Map.of("current", "a-wrong-current-one", "password", "officer-own-password"),
                        cookie);
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("Current password is not your current password");
        var ok = signIn.accounts()
                .form(
                        "/portal/account/password",
                        Map.of("current", "given-by-legal-desk", "password", "officer-own-password"),
                        cookie);
        assertThat(ok.statusCode()).isEqualTo(302);
        String after = Accounts.setCookie(ok, "fulcrum_portal");
        assertThat(signIn.accounts().get("/portal", after, "text/html").statusCode())
                .isEqualTo(200);
        assertThat(signIn.accounts().get("/portal", cookie, "text/html").statusCode())
                .isEqualTo(302);
    }

    @ParameterizedTest
    @EnumSource(Realm.class)
    void changingThePasswordNeedsTheCurrentOneAndEndsEveryOtherSession(Realm realm) {
        String user = realm.key() + ".changer";
        signIn.accounts().create(realm, user, "first-password-12");
        String here = signIn.accounts().signedIn(realm, user, "first-password-12", "192.0.2.20");
        String elsewhere = signIn.accounts().signedIn(realm, user, "first-password-12", "198.51.100.20");

        assertThatThrownBy(() -> signIn.accounts()
                        .credentials()
                        .changePassword(realm, here, "stolen-session-guess", "attacker-password-1"))
                .isInstanceOfSatisfying(
                        FulcrumException.InvalidInput.class,
                        e -> assertThat(e.field()).isEqualTo("current"));
        assertThat(signIn.accounts().credentials().session(realm, elsewhere)).isPresent();

        String after =
                signIn.accounts().credentials().changePassword(realm, here, "first-password-12", "second-password-12");
        assertThat(signIn.accounts().credentials().session(realm, elsewhere)).isEmpty();
        // the session goes on under a new secret: one seen before the change opens nothing after it
        assertThat(signIn.accounts().credentials().session(realm, here)).isEmpty();
        assertThat(signIn.accounts().credentials().session(realm, after)).hasValueSatisfying(s -> {
            assertThat(s.complete()).isTrue();
            assertThat(s.mustChangePassword()).isFalse();
        });
        assertThat(signIn.accounts().credentials().signIn(realm, user, "first-password-12", "192.0.2.20"))
                .isInstanceOf(Credentials.PasswordStep.Refused.class);
    }

    @Test
    void anAdminUnlocksResetsThePasswordAndTheSecondFactorOfStaffThroughTheApi() {
        String id = signIn.accounts().create(Realm.STAFF, "locked.out", "locked-out-password", Role.MODERATOR);
        String old = signIn.accounts().signedIn(Realm.STAFF, "locked.out", "locked-out-password", "192.0.2.30");
        assertThat(signIn.app().queryLong("SELECT COUNT(*) FROM trusted_device WHERE account_id = '" + id + "'"))
                .isOne();
        for (int i = 0; i < 10; i++) {
            signIn.accounts().credentials().signIn(Realm.STAFF, "locked.out", "guess-" + i, "203.0.113.30");
        }
        assertThat(signIn.accounts()
                        .credentials()
                        .signIn(Realm.STAFF, "locked.out", "locked-out-password", "192.0.2.30"))
                .isInstanceOf(Credentials.PasswordStep.Refused.class);

        var unlock = signIn.accounts()
                .postJson("/v1/admin/staff/" + id + "/unlock", "{\"reason\":\"owner called the desk\"}", adminCookie);
        assertThat(unlock.statusCode()).as(unlock.body()).isEqualTo(200);
        assertThat(signIn.accounts()
                        .credentials()
                        .signIn(Realm.STAFF, "locked.out", "locked-out-password", "192.0.2.30"))
                .isInstanceOf(Credentials.PasswordStep.Accepted.class);

        var reset = signIn.accounts()
                .postJson(
                        "/v1/admin/staff/" + id + "/password-reset",
                        "{\"reason\":\"forgot the password\"}",
                        adminCookie);
        assertThat(reset.statusCode()).isEqualTo(200);
        String oneTime = json(reset).get("oneTimePassword").asText();
        assertThat(signIn.accounts().credentials().session(Realm.STAFF, old)).isEmpty();
        // the account may be in other hands: none of its browsers is trusted any longer
        assertThat(signIn.app().queryLong("SELECT COUNT(*) FROM trusted_device WHERE account_id = '" + id + "'"))
                .isZero();
        assertThat(signIn.accounts()
                        .credentials()
                        .signIn(Realm.STAFF, "locked.out", "locked-out-password", "192.0.2.30"))
                .isInstanceOf(Credentials.PasswordStep.Refused.class);
        String fresh = signIn.accounts().signedIn(Realm.STAFF, "locked.out", oneTime, "192.0.2.30");
        assertThat(signIn.accounts()
                        .credentials()
                        .session(Realm.STAFF, fresh)
                        .orElseThrow()
                        .mustChangePassword())
                .isTrue();

        var factor = signIn.accounts()
                .postJson(
                        "/v1/admin/staff/" + id + "/second-factor-reset",
                        "{\"reason\":\"lost the phone\"}",
                        adminCookie);
        assertThat(factor.statusCode()).isEqualTo(200);
        assertThat(signIn.accounts().credentials().session(Realm.STAFF, fresh)).isEmpty();
        var again = (Credentials.PasswordStep.Accepted)
                signIn.accounts().credentials().signIn(Realm.STAFF, "locked.out", oneTime, "192.0.2.30");
        assertThat(again.needsTotpEnrolment()).isTrue();

        assertThat(
                        signIn.app()
                                .queryLong(
                                        "SELECT COUNT(*) FROM audit WHERE target = 'staff:" + id + "' AND action IN"
                                                + " ('account.unlock', 'account.password-reset', 'account.second-factor-reset') AND reason IS NOT NULL"))
                .isEqualTo(3);
        // only admins recover staff, and never their own account
        assertThat(signIn.accounts()
                        .postJson("/v1/admin/staff/" + id + "/unlock", "{\"reason\":\"helping out\"}", legalCookie)
                        .statusCode())
                .isEqualTo(403);
        String adminId = signIn.accounts().staff.principal("team.admin").id();
        assertThat(signIn.accounts()
                        .postJson(
                                "/v1/admin/staff/" + adminId + "/password-reset",
                                "{\"reason\":\"myself\"}",
                                adminCookie)
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void anAdminWhoseCredentialsAnotherAdminResetsWaitsForAThirdAdminToHoldAdminAgain() {
        String id = signIn.accounts().create(Realm.STAFF, "reset.admin", "reset-admin-password", Role.ADMIN);
        assertThat(signIn.app().app().module(AuthModule.class).staff().activeRoles(id))
                .contains(Role.ADMIN);
        var reset = signIn.accounts()
                .postJson("/v1/admin/staff/" + id + "/password-reset", "{\"reason\":\"lost it\"}", adminCookie);
        assertThat(reset.statusCode()).isEqualTo(200);
        // the resetter knows the one-time password, so the admin role waits for someone else
        assertThat(signIn.app().app().module(AuthModule.class).staff().activeRoles(id))
                .doesNotContain(Role.ADMIN);
        var resetter = signIn.accounts().staff.principal("team.admin");
        assertThatThrownBy(() ->
                        signIn.app().app().module(AuthModule.class).staff().approve(resetter, id, Role.ADMIN))
                .isInstanceOf(FulcrumException.Forbidden.class);
        signIn.app()
                .app()
                .module(AuthModule.class)
                .staff()
                .approve(signIn.accounts().staff.principal("second.admin"), id, Role.ADMIN);
        assertThat(signIn.app().app().module(AuthModule.class).staff().activeRoles(id))
                .contains(Role.ADMIN);
    }

    @Test
    void aHashMadeWithOlderParametersStillSignsInAndIsReplacedThen() {
        String id = signIn.accounts().create(Realm.STAFF, "old.hash", "old-hash-password");
        String old = oldHash("old-hash-password");
        signIn.app()
                .app()
                .module(StoreModule.class)
                .db()
                .write(tx -> tx.handle()
                        .createUpdate("UPDATE staff SET password_hash = :h WHERE id = :id")
                        .bind("h", old)
                        .bind("id", id)
                        .execute());
        Passwords passwords = signIn.accounts().credentials().passwords();
        assertThat(passwords.needsRehash(old)).isTrue();
        assertThat(signIn.accounts().credentials().signIn(Realm.STAFF, "old.hash", "old-hash-password", "192.0.2.60"))
                .isInstanceOf(Credentials.PasswordStep.Accepted.class);
        String now = signIn.app().queryString("SELECT password_hash FROM staff WHERE id = '" + id + "'");
        // rehashed at the server's cost (the test servers' minimal one)
        assertThat(now).isNotEqualTo(old).startsWith("$argon2id$v=19$m=64,t=1,p=1$");
        assertThat(passwords.needsRehash(now)).isFalse();
        assertThat(signIn.accounts().credentials().signIn(Realm.STAFF, "old.hash", "old-hash-password", "192.0.2.60"))
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
        String id = signIn.accounts().create(Realm.OFFICER, "officer.lost", "officer-lost-password");
        var asAdmin = signIn.accounts()
                .postJson("/v1/lawful/officers/" + id + "/password-reset", "{\"reason\":\"lost it\"}", adminCookie);
        assertThat(asAdmin.statusCode()).isEqualTo(403);
        var reset = signIn.accounts()
                .postJson(
                        "/v1/lawful/officers/" + id + "/password-reset",
                        "{\"reason\":\"agency called back on the registered number\"}",
                        legalCookie);
        assertThat(reset.statusCode()).isEqualTo(200);
        String oneTime = json(reset).get("oneTimePassword").asText();
        assertThat(signIn.accounts().credentials().signIn(Realm.OFFICER, "officer.lost", oneTime, "192.0.2.40"))
                .isInstanceOf(Credentials.PasswordStep.Accepted.class);
        assertThat(signIn.app()
                        .queryString("SELECT actor FROM audit WHERE target = 'officer:" + id
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
        String id = signIn.accounts()
                .create(
                        Realm.STAFF,
                        "bad.input." + Math.abs(body.hashCode() % 100000),
                        "bad-input-password",
                        Role.MODERATOR);
        String json = body.replace("LONG", "x".repeat(501));
        long audits = signIn.app().count("audit");
        String hash = signIn.app().queryString("SELECT password_hash FROM staff WHERE id = '" + id + "'");
        var r = signIn.accounts().postJson("/v1/admin/staff/" + id + "/password-reset", json, adminCookie);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        if (!body.equals("not json")) {
            assertThat(json(r).at("/errors/0/field").asText()).as(r.body()).isIn("reason", "extra");
        }
        assertThat(signIn.app().count("audit")).isEqualTo(audits);
        assertThat(signIn.app().queryString("SELECT password_hash FROM staff WHERE id = '" + id + "'"))
                .isEqualTo(hash);
    }

    @Test
    void unknownAccountsAndHostileIdsAreProblemsNotErrors() {
        long audits = signIn.app().count("audit");
        assertThat(signIn.accounts()
                        .postJson("/v1/admin/staff/st_nobody/unlock", "{\"reason\":\"just because\"}", adminCookie)
                        .statusCode())
                .isEqualTo(404);
        assertThat(signIn.accounts()
                        .postJson("/v1/admin/staff/%C3%28/unlock", "{\"reason\":\"just because\"}", adminCookie)
                        .statusCode())
                .isEqualTo(400);
        assertThat(signIn.accounts()
                        .postJson("/v1/admin/sessions/not-hex/end", "{\"reason\":\"just because\"}", adminCookie)
                        .statusCode())
                .isEqualTo(400);
        assertThat(signIn.app().count("audit")).isEqualTo(audits);
    }

    @Test
    void theBreakGlassCommandResetsTheLastAdminOnTheDataFolderAndIsAudited() {
        String id = signIn.accounts().create(Realm.STAFF, "last.admin", "last-admin-password", Role.ADMIN);
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
                    signIn.app().dataDir().toString(),
                    "--reason",
                    "every admin lost their phone");
        } finally {
            System.setOut(saved);
        }
        assertThat(code).isZero();
        Matcher pw = Pattern.compile("One-time password: (\\S+)").matcher(out.toString(StandardCharsets.UTF_8));
        assertThat(pw.find()).as(out.toString(StandardCharsets.UTF_8)).isTrue();
        var step = (Credentials.PasswordStep.Accepted)
                signIn.accounts().credentials().signIn(Realm.STAFF, "last.admin", pw.group(1), "192.0.2.50");
        assertThat(step.needsTotpEnrolment()).isTrue();
        assertThat(
                        signIn.app()
                                .queryString(
                                        "SELECT reason FROM audit WHERE target = 'staff:" + id
                                                + "' AND action = 'account.break-glass' AND actor LIKE 'cli:%' AND details = 'password-reset'"))
                .isEqualTo("every admin lost their phone");

        long audits = signIn.app().count("audit");
        System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.run(
                            "staff",
                            "reset",
                            "nobody.at.all",
                            "--data",
                            signIn.app().dataDir().toString()))
                    .isEqualTo(2);
        } finally {
            System.setErr(new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true));
        }
        assertThat(signIn.app().count("audit")).isEqualTo(audits);
    }
}
