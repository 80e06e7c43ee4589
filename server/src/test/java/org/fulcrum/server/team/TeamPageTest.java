package org.fulcrum.server.team;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.LawfulModule;
import org.fulcrum.server.ModerationModule;
import org.fulcrum.server.auth.Credentials;
import org.fulcrum.server.auth.Realm;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.lawful.registry.Authorities;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The team page over HTTP: only admins see it; invitations and recovery work and refuse bad input in words. */
class TeamPageTest {
    static TestApp app;
    static StaffSessions staff;
    static String admin;

    @BeforeAll
    static void start() {
        app = TestApp.sqlite();
        staff = new StaffSessions(app.app());
        admin = staff.signIn("team.page.admin", Role.ADMIN);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static HttpResponse<String> send(String method, String path, Map<String, String> form, String session) {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest.Builder b = org.fulcrum.server.support.Http.fromConsole(
                HttpRequest.newBuilder(URI.create(app.url() + path)).header("Accept", "text/html"),
                app.url(),
                "fulcrum_session=" + session);
        b = method.equals("GET")
                ? b.GET()
                : b.header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        try {
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void onlyAdminsSeeTheTeamPage() {
        assertThat(send("GET", "/console/team", Map.of(), admin).statusCode()).isEqualTo(200);
        for (Role role : new Role[] {Role.MODERATOR, Role.LEGAL, Role.AUDITOR}) {
            String session = staff.signIn("team.viewer." + role.key(), role);
            assertThat(send("GET", "/console/team", Map.of(), session).statusCode())
                    .as(role.key())
                    .isEqualTo(403);
            assertThat(send("GET", "/console/subjects", Map.of(), session).body())
                    .doesNotContain("href=\"/console/team\"");
        }
        assertThat(send("GET", "/console/subjects", Map.of(), admin).body()).contains("href=\"/console/team\"");
    }

    @Test
    void anInvitationShowsTheOneTimePasswordOnceAndItSignsIn() {
        var r = send(
                "POST",
                "/console/team/invite",
                Map.of("username", "invited.mod", "displayName", "Invited", "role", "moderator"),
                admin);
        assertThat(r.statusCode()).isEqualTo(200);
        Matcher m = Pattern.compile("id=\"shown-secret\">([^<]+)<").matcher(r.body());
        assertThat(m.find()).as(r.body()).isTrue();
        assertThat(app.app()
                        .module(AuthModule.class)
                        .credentials()
                        .signIn(Realm.STAFF, "invited.mod", m.group(1), "192.0.2.1"))
                .isInstanceOf(Credentials.PasswordStep.Accepted.class);
        assertThat(send("GET", "/console/team", Map.of(), admin).body()).doesNotContain(m.group(1));
    }

    @Test
    void aRefusedInvitationSaysWhyBesideTheFieldKeepsTheInputAndWritesNothing() {
        long before = app.count("staff");
        var r = send(
                "POST", "/console/team/invite", Map.of("username", "Not Valid!", "displayName", "Kept Name"), admin);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body())
                .contains("username must be 2-40 characters")
                .contains("value=\"Not Valid!\"")
                .contains("value=\"Kept Name\"");
        assertThat(app.count("staff")).isEqualTo(before);
    }

    @Test
    void aGrantWithNoRoleChosenIsRefusedNamingTheFieldAndGrantsNothing() {
        staff.create("page.nobody", "page-nobody-password-1");
        String id = staff.principal("page.nobody").id();
        long audits = app.count("audit");
        var r = send("POST", "/console/team/staff/" + id + "/roles", Map.of("role", ""), admin);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("role").contains("unknown role");
        assertThat(app.count("audit")).isEqualTo(audits);
        assertThat(send("GET", "/console/team", Map.of(), admin).body())
                .contains("<option value=\"\" selected>choose a role</option>");
    }

    @Test
    void anAdminResetsAPasswordFromThePageWithAReasonAndABlankReasonChangesNothing() {
        staff.create("page.locked", "page-locked-password", Role.MODERATOR);
        String id = staff.principal("page.locked").id();
        long audits = app.count("audit");
        var blank = send(
                "POST",
                "/console/team/staff/" + id + "/recover",
                Map.of("step", "password-reset", "reason", " "),
                admin);
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(blank.body()).contains("<p class=\"error\">reason say why in 3 to 500 characters</p>");
        assertThat(app.count("audit")).isEqualTo(audits);

        var ok = send(
                "POST",
                "/console/team/staff/" + id + "/recover",
                Map.of("step", "password-reset", "reason", "forgot it after holidays"),
                admin);
        assertThat(ok.statusCode()).isEqualTo(200);
        Matcher m = Pattern.compile("id=\"shown-secret\">([^<]+)<").matcher(ok.body());
        assertThat(m.find()).isTrue();
        assertThat(app.app()
                        .module(AuthModule.class)
                        .credentials()
                        .signIn(Realm.STAFF, "page.locked", m.group(1), "192.0.2.2"))
                .isInstanceOf(Credentials.PasswordStep.Accepted.class);
        assertThat(app.queryString(
                        "SELECT reason FROM audit WHERE action = 'account.password-reset' AND target = 'staff:" + id
                                + "'"))
                .isEqualTo("forgot it after holidays");
    }

    @Test
    void tokensAreIssuedWithAScopeAndRevokedWithAReason() {
        var issued = send(
                "POST",
                "/console/team/tokens",
                Map.of("kind", "platform", "ownerId", "messenger", "name", "page token"),
                admin);
        assertThat(issued.statusCode()).isEqualTo(200);
        Matcher m = Pattern.compile("id=\"shown-secret\">([^<]+)<").matcher(issued.body());
        assertThat(m.find()).isTrue();
        assertThat(app.http().bearer(m.group(1)).get("/v1/platform/subjects").status())
                .isEqualTo(200);
        String tokenId = app.queryString("SELECT id FROM api_token WHERE name = 'page token'");
        var staffScope =
                send("POST", "/console/team/tokens", Map.of("kind", "admin", "ownerId", "x", "name", "no"), admin);
        assertThat(staffScope.statusCode()).isEqualTo(400);
        assertThat(staffScope.body()).contains("tokens are for machines");
        assertThat(send("POST", "/console/team/tokens/" + tokenId + "/revoke", Map.of("reason", "rotated"), admin)
                        .statusCode())
                .isEqualTo(200);
        assertThat(app.http().bearer(m.group(1)).get("/v1/platform/subjects").status())
                .isEqualTo(401);
    }

    @Test
    void legalStaffRecoverAnOfficerFromTheirPageAndOthersCannotSeeIt() {
        String legal = staff.signIn("officer.desk", Role.LEGAL);
        String agency = app.app()
                .module(LawfulModule.class)
                .lawful()
                .authorities()
                .createAgency(
                        "test",
                        new Authorities.NewAgency(
                                "Gendarmerie",
                                "FR",
                                "police",
                                java.util.List.of(),
                                "+33 1",
                                "desk@gendarmerie.example"));
        String officer = app.app()
                .module(LawfulModule.class)
                .lawful()
                .authorities()
                .createOfficer(
                        "test",
                        new Authorities.NewOfficer(
                                agency,
                                "Officer Page",
                                "page@gendarmerie.example",
                                "+33 2",
                                "officer.page",
                                "officer-page-password"));
        assertThat(send("GET", "/console/officer-accounts", Map.of(), admin).statusCode())
                .isEqualTo(403);
        assertThat(send("GET", "/console/officer-accounts", Map.of(), legal).body())
                .contains("officer.page")
                .contains("one-time password");

        long audits = app.count("audit");
        var blank = send(
                "POST",
                "/console/officer-accounts/" + officer + "/recover",
                Map.of("step", "password-reset", "reason", "x"),
                legal);
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(blank.body())
                .contains("reason say why in 3 to 500 characters")
                .contains("value=\"x\"");
        assertThat(app.count("audit")).isEqualTo(audits);

        var ok = send(
                "POST",
                "/console/officer-accounts/" + officer + "/recover",
                Map.of("step", "password-reset", "reason", "called back on the agency's registered number"),
                legal);
        assertThat(ok.statusCode()).isEqualTo(200);
        Matcher m = Pattern.compile("id=\"shown-secret\">([^<]+)<").matcher(ok.body());
        assertThat(m.find()).isTrue();
        assertThat(app.app()
                        .module(AuthModule.class)
                        .credentials()
                        .signIn(Realm.OFFICER, "officer.page", m.group(1), "192.0.2.3"))
                .isInstanceOf(Credentials.PasswordStep.Accepted.class);
        assertThat(app.count("audit")).isEqualTo(audits + 1);
    }

    @Test
    void relayKeysAreRegisteredRetiredAndRevokedAndABadKeyIsRefusedBesideItsField() {
        long before = app.count("relay_key");
        var bad =
                send("POST", "/console/team/relay-keys", Map.of("id", "relay-page-1", "publicKey", "not-a-key"), admin);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body())
                .contains("publicKey must be base64 of a raw 32-byte Ed25519 public key")
                .contains("value=\"relay-page-1\"");
        assertThat(app.count("relay_key")).isEqualTo(before);

        var pair = org.fulcrum.franking.RelayKeys.generate(
                new org.fulcrum.franking.RelayKeyId("relay-page-1"), new java.security.SecureRandom());
        String publicKey = org.fulcrum.franking.RelayKeys.encodePublicKey(pair.publicKey());
        assertThat(send("POST", "/console/team/relay-keys", Map.of("id", "relay-page-1", "publicKey", publicKey), admin)
                        .statusCode())
                .isEqualTo(200);
        assertThat(send("POST", "/console/team/relay-keys/relay-page-1/retire", Map.of(), admin)
                        .statusCode())
                .isEqualTo(200);
        var revoked = send("POST", "/console/team/relay-keys/relay-page-1/revoke", Map.of(), admin);
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(app.queryLong("SELECT revoked FROM relay_key WHERE id = 'relay-page-1'"))
                .isEqualTo(1);
        assertThat(app.queryLong("SELECT COUNT(*) FROM audit WHERE target = 'relay_key:relay-page-1'"))
                .isEqualTo(3);
    }

    @Test
    void aTrustedFlaggerIsSuspendedOnlyWithAReason() {
        var reg = app.app()
                .module(ModerationModule.class)
                .moderation()
                .flaggers()
                .register(
                        "test",
                        new org.fulcrum.server.notice.Flagger.Registration(
                                "Page Watch",
                                new java.util.ArrayList<>(
                                        java.util.List.of(org.fulcrum.server.notice.DsaCategory.CYBER_VIOLENCE)),
                                "DSC FR",
                                java.util.Optional.empty(),
                                java.util.Optional.empty()));
        String id = reg.flagger().id();
        var noReason = send("POST", "/console/team/flaggers/" + id + "/status", Map.of("status", "suspended"), admin);
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(app.queryString("SELECT status FROM trusted_flagger WHERE id = '" + id + "'"))
                .isEqualTo("active");
        var suspended = send(
                "POST",
                "/console/team/flaggers/" + id + "/status",
                Map.of("status", "suspended", "reason", "too many unfounded notices"),
                admin);
        assertThat(suspended.statusCode()).isEqualTo(200);
        assertThat(suspended.body()).contains("Flagger is now suspended");
        assertThat(app.queryString("SELECT status FROM trusted_flagger WHERE id = '" + id + "'"))
                .isEqualTo("suspended");
    }
}
