package org.fulcrum.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The cross-site attacks of a signed-in console user's browser: a page elsewhere posts to the
 * console with the user's cookie. Each is refused with a foreign, {@code null} or missing origin,
 * and with the right origin but without the session's token; nothing is written. The same request
 * from the console itself (origin and token) works, and API tokens are unaffected.
 */
class CrossSiteRequestTest {
    static final String EVIL = "http://evil.example";
    static TestApp app;
    static StaffSessions sessions;
    static String admin;
    static final HttpClient CLIENT =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() {
        app = TestApp.sqlite(c -> c.withRateLimits(0, 0));
        sessions = new StaffSessions(app.app());
        admin = sessions.signIn("csrf.admin", Role.ADMIN, Role.MODERATOR, Role.LEGAL);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** How the forged request is dressed. */
    enum Dress {
        FOREIGN_ORIGIN,
        NULL_ORIGIN,
        NO_ORIGIN,
        FOREIGN_REFERER,
        RIGHT_ORIGIN_NO_TOKEN,
        RIGHT_ORIGIN_WRONG_TOKEN
    }

    static HttpResponse<String> send(
            String method,
            String path,
            String contentType,
            String body,
            String session,
            String origin,
            String referer,
            String token)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.url() + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", contentType);
        if (session != null) {
            b.header("Cookie", "fulcrum_session=" + session);
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        if (referer != null) {
            b.header("Referer", referer);
        }
        if (token != null) {
            b.header(Csrf.HEADER, token);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> forged(Dress dress, String path, String contentType, String body, String session)
            throws Exception {
        return switch (dress) {
            case FOREIGN_ORIGIN -> send("POST", path, contentType, body, session, EVIL, null, Csrf.tokenFor(session));
            case NULL_ORIGIN -> send("POST", path, contentType, body, session, "null", null, Csrf.tokenFor(session));
            case NO_ORIGIN -> send("POST", path, contentType, body, session, null, null, Csrf.tokenFor(session));
            case FOREIGN_REFERER ->
                send("POST", path, contentType, body, session, null, EVIL + "/page", Csrf.tokenFor(session));
            case RIGHT_ORIGIN_NO_TOKEN -> send("POST", path, contentType, body, session, app.url(), null, null);
            case RIGHT_ORIGIN_WRONG_TOKEN ->
                send("POST", path, contentType, body, session, app.url(), null, Csrf.tokenFor("another-session"));
        };
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** Sends the forged request in every dress; each must be a 403 problem that wrote nothing. */
    static void refusedInEveryDress(String path, String contentType, String body, String session, String table) {
        List<String> accepted = new ArrayList<>();
        for (Dress dress : Dress.values()) {
            long before = app.count(table);
            try {
                HttpResponse<String> r = forged(dress, path, contentType, body, session);
                if (r.statusCode() != 403
                        || !r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")
                        || app.count(table) != before) {
                    accepted.add(dress + " -> " + r.statusCode() + " " + r.body());
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        assertThat(accepted).as(path).isEmpty();
    }

    @Nested
    class Refused {
        @Test
        void creatingAnAutoRemoveBankFromAnotherSite() {
            String body = form(new LinkedHashMap<>(Map.of(
                    "name",
                    "evil bank",
                    "kind",
                    "block",
                    "policy",
                    "remove",
                    "reason",
                    "scam",
                    "threshold",
                    "31",
                    "enabled",
                    "on")));
            refusedInEveryDress("/console/banks", "application/x-www-form-urlencoded", body, admin, "hash_bank");
        }

        @Test
        void importingIntoABankAsPlainText() throws Exception {
            String bank = createBank();
            refusedInEveryDress(
                    "/v1/banks/" + bank + "/import",
                    "text/plain",
                    "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22\n",
                    admin,
                    "bank_hash");
        }

        @Test
        void changingThePassword() {
            String victim = sessions.signIn("csrf.victim", Role.MODERATOR);
            String hash = app.queryString("SELECT password_hash FROM staff WHERE username = 'csrf.victim'");
            refusedInEveryDress(
                    "/account/password",
                    "application/x-www-form-urlencoded",
                    form(Map.of("password", "attacker-chosen-password")),
                    victim,
                    "audit");
            assertThat(app.queryString("SELECT password_hash FROM staff WHERE username = 'csrf.victim'"))
                    .isEqualTo(hash);
        }

        @Test
        void approvingARoleGrant() {
            String second = sessions.signIn("csrf.second", Role.ADMIN);
            String grantee = app.app()
                    .module(AuthModule.class)
                    .staff()
                    .create(sessions.principal("csrf.admin"), "csrf.grantee", "g", "grantee-password-1");
            app.app().module(AuthModule.class).staff().grant(sessions.principal("csrf.admin"), grantee, Role.AUDITOR);
            refusedInEveryDress(
                    "/v1/admin/staff/" + grantee + "/roles/auditor/approve", "application/json", "", second, "audit");
            assertThat(app.app().module(AuthModule.class).staff().activeRoles(grantee))
                    .doesNotContain(Role.AUDITOR);
        }

        @Test
        void startingADataSubjectErasure() {
            refusedInEveryDress(
                    "/v1/privacy/requests",
                    "text/plain",
                    "{\"kind\":\"erasure\",\"accountId\":\"acct-victim\"}",
                    admin,
                    "data_subject_request");
            refusedInEveryDress(
                    "/v1/privacy/requests",
                    "application/json",
                    "{\"kind\":\"erasure\",\"accountId\":\"acct-victim\"}",
                    admin,
                    "data_subject_request");
        }

        @Test
        void signingInThroughAFormOnAnotherSite() throws Exception {
            HttpResponse<String> r = send(
                    "POST",
                    "/login",
                    "application/x-www-form-urlencoded",
                    form(Map.of("username", "csrf.admin", "password", "x")),
                    null,
                    EVIL,
                    null,
                    null);
            assertThat(r.statusCode()).isEqualTo(403);
            HttpResponse<String> noToken = send(
                    "POST",
                    "/login",
                    "application/x-www-form-urlencoded",
                    form(Map.of("username", "csrf.admin", "password", "x")),
                    null,
                    app.url(),
                    null,
                    null);
            assertThat(noToken.statusCode()).isEqualTo(403);
        }

        String createBank() throws Exception {
            HttpResponse<String> r = send(
                    "POST",
                    "/console/banks",
                    "application/x-www-form-urlencoded",
                    form(Map.of(
                            "name",
                            "bank " + System.nanoTime(),
                            "kind",
                            "block",
                            "policy",
                            "review",
                            "reason",
                            "scam",
                            "threshold",
                            "31",
                            "enabled",
                            "on")),
                    admin,
                    app.url(),
                    null,
                    Csrf.tokenFor(admin));
            String location = r.headers().firstValue("Location").orElseThrow(() -> new AssertionError(r.body()));
            return location.substring(location.lastIndexOf('/') + 1);
        }
    }

    @Nested
    class Accepted {
        @Test
        void theSameFormFromTheConsoleItself() throws Exception {
            long before = app.count("hash_bank");
            HttpResponse<String> r = send(
                    "POST",
                    "/console/banks",
                    "application/x-www-form-urlencoded",
                    form(Map.of(
                            "name",
                            "own bank",
                            "kind",
                            "block",
                            "policy",
                            "review",
                            "reason",
                            "scam",
                            "threshold",
                            "31",
                            "enabled",
                            "on",
                            Csrf.FIELD,
                            Csrf.tokenFor(admin))),
                    admin,
                    app.url(),
                    null,
                    null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(302);
            assertThat(app.count("hash_bank")).isEqualTo(before + 1);
        }

        @Test
        void aSameOriginRefererStandsInForAMissingOrigin() throws Exception {
            HttpResponse<String> r = send(
                    "POST",
                    "/v1/privacy/requests",
                    "application/json",
                    "{\"kind\":\"export\",\"accountId\":\"acct-own\"}",
                    admin,
                    null,
                    app.url() + "/console/privacy",
                    Csrf.tokenFor(admin));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }

        @Test
        void anApiTokenNeedsNeitherOriginNorToken() throws Exception {
            HttpRequest req = HttpRequest.newBuilder(URI.create(app.url() + "/v1/privacy/requests"))
                    .header("Authorization", "Bearer " + app.platformToken())
                    .header("Content-Type", "application/json")
                    .header("Origin", EVIL)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"export\",\"accountId\":\"acct-api\"}"))
                    .build();
            HttpResponse<String> r = CLIENT.send(req, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
    }
}
