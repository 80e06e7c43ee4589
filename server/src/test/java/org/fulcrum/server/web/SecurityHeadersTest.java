package org.fulcrum.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Console and portal cannot be framed or sniffed, run only the site's script files, and signed-in answers are never cached. */
class SecurityHeadersTest {
    static TestApp app;
    static Http admin;

    @BeforeAll
    static void start() {
        app = TestApp.sqlite();
        admin = app.http()
                .session(new StaffSessions(app.app()).signIn("headers.admin", Role.ADMIN, Role.MODERATOR, Role.LEGAL));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static void protectedAgainstFramingAndSniffing(HttpHeaders h, String what) {
        String csp = h.firstValue("Content-Security-Policy").orElse("");
        assertThat(csp)
                .as(what)
                .contains("frame-ancestors 'none'")
                .contains("script-src 'self'")
                .doesNotContain("'unsafe-inline' 'unsafe-eval'")
                .doesNotContainPattern("script-src[^;]*unsafe");
        assertThat(h.firstValue("X-Frame-Options")).as(what).contains("DENY");
        assertThat(h.firstValue("X-Content-Type-Options")).as(what).contains("nosniff");
        assertThat(h.firstValue("Referrer-Policy")).as(what).isPresent();
    }

    @Test
    void consolePortalSignInAndErrorsCarryTheHeaders() {
        for (String path : List.of(
                "/console/subjects", "/console/banks", "/login", "/portal/login", "/transparency", "/no/such/page")) {
            Http.Response r =
                    path.startsWith("/console") ? admin.get(path) : app.http().get(path);
            protectedAgainstFramingAndSniffing(r.raw().headers(), path);
        }
        protectedAgainstFramingAndSniffing(
                app.http().bearer("ful_wrong").get("/v1/banks").raw().headers(), "401");
    }

    @Test
    void signedInAnswersAreNeverCached() {
        assertThat(admin.get("/console/subjects").raw().headers().firstValue("Cache-Control"))
                .contains("no-store");
        Http.Response token = admin.postJson(
                "/v1/admin/tokens", java.util.Map.of("kind", "platform", "ownerId", "p", "name", "cache check"));
        assertThat(token.status()).as(token.body()).isEqualTo(201);
        assertThat(token.raw().headers().firstValue("Cache-Control")).contains("no-store");
        Http.Response export = app.platform()
                .postJson("/v1/privacy/requests", java.util.Map.of("kind", "export", "accountId", "acct-cache"));
        Http.Response body = app.platform()
                .get("/v1/privacy/requests/" + export.json().get("id").asText() + "/export");
        assertThat(body.status()).isEqualTo(200);
        assertThat(body.raw().headers().firstValue("Cache-Control")).contains("no-store");
        // a handler's own caching header does not undo it for a signed-in caller
        assertThat(admin.get("/.well-known/fulcrum/contact.json")
                        .raw()
                        .headers()
                        .firstValue("Cache-Control"))
                .contains("no-store");
    }

    @Test
    void noRenderedPageHasAnInlineScript() {
        Pattern inline = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE);
        for (String path : List.of(
                "/console/subjects",
                "/console/banks",
                "/console/rules",
                "/console/queues",
                "/console/lawful",
                "/console/privacy",
                "/login",
                "/portal/login",
                "/transparency",
                "/contact")) {
            Http.Response r =
                    path.startsWith("/console") ? admin.get(path) : app.http().get(path);
            assertThat(r.status()).as(path).isEqualTo(200);
            assertThat(inline.matcher(r.body()).find())
                    .as(path + " has an inline script")
                    .isFalse();
            assertThat(r.body()).as(path).doesNotContainPattern("\\son[a-z]+=\"");
        }
    }

    @Test
    void noTemplateHasAnInlineScriptOrEventHandler() throws IOException {
        Pattern inline = Pattern.compile(
                "<script(?![^>]*\\bsrc=)[^>]*>|\\son(click|load|submit|change|input)=", Pattern.CASE_INSENSITIVE);
        try (Stream<Path> files = Files.walk(Path.of("src/main/jte"))) {
            List<String> offenders = files.filter(p -> p.toString().endsWith(".jte"))
                    .filter(p -> {
                        try {
                            return inline.matcher(Files.readString(p)).find();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(Path::toString)
                    .toList();
            assertThat(offenders).isEmpty();
        }
    }

    /** Sends {@code request} as bytes (some are not requests a client library would send) and returns the answer's head. */
    static String raw(TestApp target, String request) throws IOException {
        java.net.URI u = java.net.URI.create(target.url());
        try (var socket = new java.net.Socket(u.getHost(), u.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            String answer =
                    new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            int end = answer.indexOf("\r\n\r\n");
            return end < 0 ? answer : answer.substring(0, end);
        }
    }

    @Test
    void refusalsMadeBeforeTheApplicationCarryTheHeadersToo() throws Exception {
        try (TestApp tls = TestApp.sqlite(c -> c.withPublicUrl("https://fulcrum.example"))) {
            String host = "Host: 127.0.0.1\r\nConnection: close\r\n";
            String oversized = "x".repeat(20_000);
            var refusals = java.util.Map.of(
                    "a path that is not UTF-8",
                    "GET /console/%ff%fe HTTP/1.1\r\n" + host + "\r\n",
                    "an ambiguous path",
                    "GET /console/..;/v1/banks HTTP/1.1\r\n" + host + "\r\n",
                    "headers too large",
                    "GET /login HTTP/1.1\r\n" + host + "X-Filler: " + oversized + "\r\n\r\n",
                    "a body over the limit",
                    "POST /v1/notices HTTP/1.1\r\n" + host + "Content-Type: application/json\r\nContent-Length: "
                            + (tls.app().config().maxBodyBytes() + 1) + "\r\n\r\n{");
            for (var e : refusals.entrySet()) {
                String head = raw(tls, e.getValue());
                assertThat(head).as(e.getKey()).matches("(?s)HTTP/1\\.1 4\\d\\d .*");
                for (String header : List.of(
                        "Content-Security-Policy: ",
                        "X-Frame-Options: DENY",
                        "X-Content-Type-Options: nosniff",
                        "Referrer-Policy: same-origin",
                        "Strict-Transport-Security: max-age=31536000")) {
                    assertThat(head).as(e.getKey() + "\n" + head).containsIgnoringCase(header);
                }
            }
        }
    }

    @Test
    void behindTlsBrowsersAreToldToUseHttpsOnly() throws Exception {
        try (TestApp tls = TestApp.sqlite(c -> c.withPublicUrl("https://fulcrum.example"))) {
            for (String path : List.of("/login", "/portal/login", "/no/such/page", "/healthz")) {
                HttpHeaders h = CookieTest.CLIENT
                        .send(
                                java.net.http.HttpRequest.newBuilder(java.net.URI.create(tls.url() + path))
                                        .build(),
                                java.net.http.HttpResponse.BodyHandlers.discarding())
                        .headers();
                assertThat(h.firstValue("Strict-Transport-Security")).as(path).hasValue("max-age=31536000");
            }
        }
        // on plain http the header would mean nothing (browsers ignore it there), so it is not sent
        assertThat(app.http().get("/login").raw().headers().firstValue("Strict-Transport-Security"))
                .isEmpty();
    }
}
