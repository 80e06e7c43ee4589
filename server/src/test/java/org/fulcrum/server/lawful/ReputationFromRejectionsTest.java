package org.fulcrum.server.lawful;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.lawful.signature.HttpSignatures;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests refused before they were stored count against the agency whose key or officer they came
 * under, from the durable rejection records: three of them mark it low, so its next TCO order waits
 * for a person (and the hour's alert) instead of running unattended. Each kind of misuse counts.
 */
class ReputationFromRejectionsTest {
    private static final Json JSON = Json.strict();

    static final String PATH = "/v1/lawful/requests";
    static TestApp app;
    static Http legal;

    @BeforeAll
    static void start() {
        app = TestApp.sqlite();
        legal = app.http().session(new StaffSessions(app.app()).signIn("legal.rep", Role.LEGAL));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static String order(String ref) {
        return JSON.write(Orders.tco(ref, "FR", "unused-post"));
    }

    /** The next TCO order from the officer, and the reputation the reviewer sees with it. */
    static JsonNode nextTcoOrder(Authority officer, String post) {
        app.platform()
                .postJson(
                        "/v1/platform/events",
                        Map.of("events", List.of(Events.post("ev-" + post, post, "chan-" + post, "x"))));
        Authority.Response tco = officer.submit(Orders.tco("TCO-" + post, "FR", post));
        assertThat(tco.status()).as(tco.body()).isEqualTo(201);
        String id = tco.json().get("id").asText();
        assertThat(app.queryString("SELECT flags FROM lawful_request WHERE id = '" + id + "'"))
                .contains("low_reputation");
        return legal.get("/v1/lawful/review/" + id).json().get("reputation");
    }

    @Test
    void signaturesThatDoNotVerifyCountAgainstTheAgency() {
        Authority officer = Authority.register(legal, app.url(), "FR", "Brigade des signatures", true);
        for (int i = 0; i < 3; i++) {
            Authority.Response r = officer.send("POST", PATH, order("BAD-SIG-" + i), h -> {
                byte[] sig = Base64.getDecoder()
                        .decode(h.get("Signature")
                                .substring(6, h.get("Signature").length() - 1));
                sig[10] ^= 1;
                h.put("Signature", "sig1=:" + Base64.getEncoder().encodeToString(sig) + ":");
                return h;
            });
            assertThat(r.json().get("type").asText()).endsWith("/bad-signature");
        }
        JsonNode rep = nextTcoOrder(officer, "rep-bad-sig");
        assertThat(rep.get("badSignatures").asInt()).isEqualTo(3);
        assertThat(rep.get("received").asInt()).isEqualTo(1);
    }

    @Test
    void malformedSignaturesCountAgainstTheAgency() {
        Authority officer = Authority.register(legal, app.url(), "FR", "Brigade des en-tetes", true);
        for (int i = 0; i < 3; i++) {
            Authority.Response r = officer.send("POST", PATH, order("MALFORMED-" + i), h -> {
                h.put("Signature-Input", h.get("Signature-Input").replace(" \"content-digest\"", ""));
                return h;
            });
            assertThat(r.json().get("type").asText()).endsWith("/signature-incomplete");
        }
        assertThat(nextTcoOrder(officer, "rep-malformed").get("malformed").asInt())
                .isEqualTo(3);
    }

    @Test
    void requestsSignedForAnotherDeploymentCountAgainstTheAgency() throws Exception {
        Authority officer = Authority.register(legal, app.url(), "FR", "Brigade des cibles", true);
        for (int i = 0; i < 3; i++) {
            byte[] body = order("WRONG-TARGET-" + i).getBytes(StandardCharsets.UTF_8);
            HttpSignatures.Signed s = HttpSignatures.signRequest(
                    officer.signing,
                    "POST",
                    "http://fulcrum.other-deployment.example" + PATH,
                    body,
                    Instant.now().getEpochSecond(),
                    HttpSignatures.newNonce());
            SignedProtocolTest.Raw r = SignedProtocolTest.sendWithHost(
                    app.url(), "fulcrum.other-deployment.example", "POST", PATH, SignedProtocolTest.headers(s), body);
            assertThat(r.json().get("type").asText()).endsWith("/wrong-target");
        }
        assertThat(nextTcoOrder(officer, "rep-wrong-target").get("wrongTarget").asInt())
                .isEqualTo(3);
    }

    @Test
    void requestsOutsideTheAgencysRemitCountAgainstIt() {
        Authority officer = Authority.register(legal, app.url(), "FR", "Brigade des frontieres", true);
        for (int i = 0; i < 3; i++) {
            Authority.Response r = officer.submit(Orders.tco("OUTSIDE-" + i, "DE", "unused-post"));
            assertThat(r.json().get("type").asText()).endsWith("/jurisdiction-not-covered");
        }
        assertThat(nextTcoOrder(officer, "rep-outside").get("outsideRemit").asInt())
                .isEqualTo(3);
    }

    @Test
    void expiredSignaturesAreNotMisuse() {
        Authority officer = Authority.register(legal, app.url(), "FR", "Brigade des horloges", true);
        officer.clock(Clock.fixed(Instant.now().minusSeconds(3600), ZoneOffset.UTC));
        for (int i = 0; i < 3; i++) {
            Authority.Response r = officer.submit(Orders.tco("STALE-" + i, "FR", "unused-post"));
            assertThat(r.json().get("type").asText()).endsWith("/signature-expired");
        }
        officer.clock(Clock.systemUTC());
        app.platform()
                .postJson(
                        "/v1/platform/events",
                        Map.of("events", List.of(Events.post("ev-rep-stale", "rep-stale", "chan-rep-stale", "x"))));
        Authority.Response tco = officer.submit(Orders.tco("TCO-rep-stale", "FR", "rep-stale"));
        String id = tco.json().get("id").asText();
        assertThat(app.queryLong("SELECT COUNT(*) FROM lawful_rejection WHERE reason = 'signature-expired'"))
                .isEqualTo(3);
        assertThat(app.queryString("SELECT flags FROM lawful_request WHERE id = '" + id + "'"))
                .doesNotContain("low_reputation");
        JsonNode rep = legal.get("/v1/lawful/review/" + id).json().get("reputation");
        for (String misuse :
                List.of("forged", "invalid", "repeated", "outsideRemit", "badSignatures", "malformed", "wrongTarget")) {
            assertThat(rep.get(misuse).asInt()).as(misuse).isZero();
        }
    }
}
