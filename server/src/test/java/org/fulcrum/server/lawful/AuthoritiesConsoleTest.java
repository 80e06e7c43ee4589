package org.fulcrum.server.lawful;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.lawful.signature.Jwk;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hostile input on the authorities page and the manual lane: refused, named, nothing written. */
class AuthoritiesConsoleTest {
    private static final Json JSON = Json.strict();

    static TestApp app;
    static String legalSession;
    static String auditorSession;
    static Authority france;
    static Authority germany;

    @BeforeAll
    static void start() {
        app = TestApp.sqlite();
        StaffSessions staff = new StaffSessions(app.app());
        legalSession = staff.signIn("legal.keys", Role.LEGAL);
        auditorSession = staff.signIn("audit.keys", Role.AUDITOR);
        Http legal = app.http().session(legalSession);
        france = Authority.register(legal, app.url(), "FR", "Police nationale", true);
        germany = Authority.register(legal, app.url(), "DE", "Bundeskriminalamt", true);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    private static HttpResponse<String> form(String session, String path, Map<String, String> fields) throws Exception {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HttpClient.newHttpClient()
                .send(
                        org.fulcrum.server.support.Http.fromConsole(
                                        HttpRequest.newBuilder(URI.create(app.url() + path)),
                                        app.url(),
                                        "fulcrum_session=" + session)
                                .header("Accept", "text/html")
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static long keys() {
        return app.count("officer_key");
    }

    @Test
    void aPrivateKeyIsRefusedAndNothingIsRegistered() throws Exception {
        long before = keys();
        Jwk secret = Jwk.newEd25519();
        HttpResponse<String> r = form(
                legalSession,
                "/console/lawful/authorities/keys",
                Map.of("officerId", france.officerId, "publicKey", secret.toJson(JSON)));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).contains("publicKey: this is a private key");
        assertThat(keys()).isEqualTo(before);
    }

    @Test
    void aBadSecondKeyInPublicKeysJsonLeavesTheFirstUnregistered() throws Exception {
        long before = keys();
        String json = JSON.write(Map.of(
                "signing",
                Jwk.newEd25519().publicOnly(),
                "encryption",
                Map.of("kty", "OKP", "crv", "X25519", "x", "not*base64url")));
        HttpResponse<String> r = form(
                legalSession,
                "/console/lawful/authorities/keys",
                Map.of("officerId", france.officerId, "publicKey", json));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).contains("id=\"error\"").contains("not*base64url");
        assertThat(keys()).isEqualTo(before);
    }

    @Test
    void aBareKeyNeedsItsPurposeAndTheWholeFileRegistersBoth() throws Exception {
        Jwk signing = Jwk.newEd25519();
        HttpResponse<String> bare = form(
                legalSession,
                "/console/lawful/authorities/keys",
                Map.of("officerId", germany.officerId, "publicKey", signing.x()));
        assertThat(bare.statusCode()).isEqualTo(422);
        assertThat(bare.body()).contains("purpose: choose");
        long before = keys();
        String json = JSON.write(Map.of(
                "signing",
                Jwk.newEd25519().publicOnly(),
                "encryption",
                Jwk.newX25519().publicOnly()));
        HttpResponse<String> both = form(
                legalSession,
                "/console/lawful/authorities/keys",
                Map.of("officerId", germany.officerId, "publicKey", json, "rotate", "yes"));
        assertThat(both.statusCode()).as(both.body()).isEqualTo(200);
        assertThat(both.body()).contains("sign key").contains("encrypt key");
        assertThat(keys()).isEqualTo(before + 2);
    }

    @Test
    void anAuditorReadsTheRegistryButCannotChangeIt() throws Exception {
        Http.Response page = app.http().session(auditorSession).get("/console/lawful/authorities");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Police nationale").doesNotContain("id=\"new-agency\"");
        assertThat(form(auditorSession, "/console/lawful/authorities/agencies", Map.of("name", "x"))
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void aRefusedAgencyKeepsWhatWasTypedAndNamesTheField() throws Exception {
        long before = app.count("agency");
        HttpResponse<String> r = form(
                legalSession,
                "/console/lawful/authorities/agencies",
                Map.of(
                        "name",
                        "Guardia di Finanza",
                        "country",
                        "Italy",
                        "kind",
                        "police",
                        "jurisdictions",
                        "IT",
                        "contactPhone",
                        "+39 06 0000",
                        "contactEmail",
                        "desk@gdf.example"));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).contains("country").contains("value=\"Guardia di Finanza\"");
        assertThat(app.count("agency")).isEqualTo(before);
    }

    @Test
    void anOfficerOfAnotherAgencyCannotBeAttachedAndAnUnknownUsernameIsNamed() throws Exception {
        Http legal = app.http().session(legalSession);
        Http.Response entered = legal.postJson(
                "/v1/lawful/manual",
                JSON.write(Map.of(
                        "agencyId",
                        france.agencyId,
                        "receivedVia",
                        "email",
                        "request",
                        Orders.tco("MAIL-ATTACH", "FR", "post-x"))));
        assertThat(entered.status()).as(entered.body()).isEqualTo(201);
        String id = entered.json().get("id").asText();
        HttpResponse<String> other = form(
                legalSession,
                "/console/lawful/requests/" + id + "/officer",
                Map.of("officer", germany.username, "reason", "wrong desk"));
        // refused on the request's page, in words, with the form as typed
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(other.body())
                .contains("id=\"error\">officer: belongs to Bundeskriminalamt")
                .contains("id=\"attach-officer-name\"")
                .contains("value=\"" + germany.username + "\"")
                .contains("value=\"wrong desk\"");
        HttpResponse<String> unknown = form(
                legalSession,
                "/console/lawful/requests/" + id + "/officer",
                Map.of("officer", "nobody.here", "reason", "x"));
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(unknown.body()).contains("no officer with username or id 'nobody.here'");
        assertThat(app.queryString("SELECT COALESCE(officer_id, 'none') FROM lawful_request WHERE id = '" + id + "'"))
                .isEqualTo("none");
        HttpResponse<String> ok = form(
                legalSession,
                "/console/lawful/requests/" + id + "/officer",
                Map.of("officer", france.username, "reason", "named in the e-mail"));
        assertThat(location(ok)).contains("attached");
        assertThat(app.queryString("SELECT officer_id FROM lawful_request WHERE id = '" + id + "'"))
                .isEqualTo(france.officerId);
        assertThat(app.count("audit")).isPositive();
        assertThat(app.queryString("SELECT reason FROM audit WHERE action = 'request.officer'"))
                .isEqualTo("named in the e-mail");
    }

    @Test
    void aRefusedManualEntryKeepsEverythingTypedAndWritesNothing() throws Exception {
        long before = app.count("lawful_request");
        java.util.LinkedHashMap<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("agencyId", germany.agencyId);
        fields.put("officer", "no.such.officer");
        fields.put("receivedVia", "fax");
        fields.put("reference", "FAX-REF-42");
        fields.put("instrument", "epoc");
        fields.put("kind", "disclose_subscriber_data");
        fields.put("jurisdiction", "DE");
        fields.put("reasons", "the reasons as written");
        fields.put("dataCategories", "ip_addresses");
        HttpResponse<String> r = form(legalSession, "/console/lawful/manual", fields);
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body())
                .contains("officer: no officer with username or id 'no.such.officer'")
                .contains("value=\"FAX-REF-42\"")
                .contains("the reasons as written")
                .containsPattern("<option value=\"epoc\" selected[^>]*>")
                .containsPattern("value=\"ip_addresses\" checked")
                .containsPattern("<option selected>fax</option>");
        assertThat(app.count("lawful_request")).isEqualTo(before);
    }

    private static String location(HttpResponse<String> r) {
        assertThat(r.statusCode()).isEqualTo(302);
        return java.net.URLDecoder.decode(r.headers().firstValue("Location").orElse(""), StandardCharsets.UTF_8);
    }
}
