package org.fulcrum.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.LawfulModule;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.lawful.registry.Authorities;
import org.fulcrum.server.support.ManualTime;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.fulcrum.server.web.Csrf;

/**
 * Accounts of either realm for sign-in tests, on an app whose clock the test moves: created as
 * an admin or legal staff would, signed in with password and TOTP codes of that clock.
 */
final class Accounts {
    final TestApp app;
    final ManualTime clock;
    final StaffSessions staff;
    private String agencyId;

    Accounts(TestApp app, ManualTime clock) {
        this.app = app;
        this.clock = clock;
        this.staff = new StaffSessions(app.app());
    }

    Credentials credentials() {
        return app.app().module(AuthModule.class).credentials();
    }

    /** A fresh account of {@code realm} holding a one-time {@code password}; returns its id. */
    String create(Realm realm, String username, String password, Role... roles) {
        return switch (realm) {
            case STAFF -> {
                staff.create(username, password, roles.length == 0 ? new Role[] {Role.MODERATOR} : roles);
                yield staff.principal(username).id();
            }
            case OFFICER ->
                app.app()
                        .module(LawfulModule.class)
                        .lawful()
                        .authorities()
                        .createOfficer(
                                "test",
                                new Authorities.NewOfficer(
                                        agency(),
                                        "Officer " + username,
                                        username + "@police.example",
                                        "+33 2",
                                        username,
                                        password));
        };
    }

    private String agency() {
        if (agencyId == null) {
            agencyId = app.app()
                    .module(LawfulModule.class)
                    .lawful()
                    .authorities()
                    .createAgency(
                            "test",
                            new Authorities.NewAgency(
                                    "Police", "FR", "police", List.of(), "+33 1", "desk@police.example"));
        }
        return agencyId;
    }

    /** Signs in with password and a fresh TOTP code (enrolling when needed); returns the session secret. */
    String signedIn(Realm realm, String username, String password, String address) {
        return completed(realm, username, password, address).sessionSecret();
    }

    /**
     * Signs in with password and a fresh TOTP code from a browser without a device cookie; returns
     * the complete session and the device cookie it was given.
     */
    Credentials.CodeStep.Accepted completed(Realm realm, String username, String password, String address) {
        var step = (Credentials.PasswordStep.Accepted) credentials().signIn(realm, username, password, address);
        String secret = step.needsTotpEnrolment()
                ? credentials().beginTotpEnrolment(realm, step.sessionSecret())
                : totpSecret(realm, username);
        clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
        var code = credentials().secondFactor(realm, step.sessionSecret(), Totp.code(secret, clock.instant()));
        assertThat(code).isInstanceOf(Credentials.CodeStep.Accepted.class);
        return (Credentials.CodeStep.Accepted) code;
    }

    String totpSecret(Realm realm, String username) {
        return app.queryString("SELECT totp_secret FROM " + realm.table + " WHERE username = '" + username + "'");
    }

    String wrongCode(String secret) {
        String right = Totp.code(secret, clock.instant());
        return right.equals("000000") ? "111111" : "000000";
    }

    /** The cookie a browser sends for a session of {@code realm}. */
    static String cookie(Realm realm, String secret) {
        return (realm == Realm.STAFF ? "fulcrum_session=" : "fulcrum_portal=") + secret;
    }

    /** The cookie {@code name} an answer sets, as a browser would send it back ({@code name=value}). */
    static String setCookie(HttpResponse<?> r, String name) {
        return r.headers().allValues("Set-Cookie").stream()
                .map(c -> c.split(";", 2)[0])
                .filter(c -> c.startsWith(name + "="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no cookie " + name + " in " + r.headers()));
    }

    HttpResponse<String> form(String path, Map<String, String> fields, String cookie) {
        StringBuilder body = new StringBuilder();
        fields.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.url() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        return send(b, cookie);
    }

    HttpResponse<String> get(String path, String cookie, String accept) {
        return send(
                HttpRequest.newBuilder(URI.create(app.url() + path))
                        .header("Accept", accept)
                        .GET(),
                cookie);
    }

    HttpResponse<String> postJson(String path, String json, String cookie) {
        return send(
                HttpRequest.newBuilder(URI.create(app.url() + path))
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)),
                cookie);
    }

    /**
     * Sends as the console's own pages do: from Fulcrum's origin, with the anti-forgery token of the
     * cookies sent ({@code name=value; name=value}), or of a pre-session cookie before sign-in.
     */
    private HttpResponse<String> send(HttpRequest.Builder b, String cookie) {
        String secret;
        if (cookie != null && !cookie.isEmpty()) {
            b.header("Cookie", cookie);
            // the token hashes the values of all of Fulcrum's cookies, in the order of their names
            secret = String.join(
                    "\n",
                    new java.util.TreeMap<>(java.util.Arrays.stream(cookie.split(";\\s*"))
                                    .map(c -> c.split("=", 2))
                                    .collect(java.util.stream.Collectors.toMap(c -> c[0], c -> c[1])))
                            .values());
        } else {
            // one pre-session cookie for every sign-in form: refusals are then compared page for page
            secret = "pre-session-of-the-sign-in-tests";
            b.header("Cookie", Csrf.PRE_SESSION + "=" + secret);
        }
        b.header("Origin", app.url()).header(Csrf.HEADER, Csrf.tokenFor(secret));
        try {
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
