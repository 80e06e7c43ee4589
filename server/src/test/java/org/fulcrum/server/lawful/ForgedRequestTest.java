package org.fulcrum.server.lawful;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.App;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.lawful.signature.HttpSignatures;
import org.fulcrum.server.lawful.signature.Jwk;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every forged-request variant of SPEC 2.5 is rejected with a problem answer naming why, and writes nothing. */
class ForgedRequestTest {
    private static final Json JSON = Json.strict();

    static TestApp app;
    static Http legal;
    static Authority officer;
    static final String PATH = "/v1/lawful/requests";

    @BeforeAll
    static void start() {
        app = TestApp.sqlite();
        legal = app.http().session(new StaffSessions(app.app()).signIn("legal.one", Role.LEGAL));
        officer = Authority.register(legal, app.url(), "FR", "Gendarmerie nationale", true);
        app.platform()
                .postJson(
                        "/v1/platform/events", Map.of("events", List.of(Events.post("ev-f1", "forge-post", "c", "x"))));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static String body() {
        return JSON.write(Orders.tco("TCO-FORGE-" + System.nanoTime(), "FR", "forge-post"));
    }

    static Map<String, String> signed(Jwk key, String body, long created, String nonce) {
        HttpSignatures.Signed s = HttpSignatures.signRequest(
                key, "POST", app.url() + PATH, body.getBytes(StandardCharsets.UTF_8), created, nonce);
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Digest", s.contentDigest());
        h.put("Signature-Input", s.signatureInput());
        h.put("Signature", s.signature());
        h.put("body", body);
        return h;
    }

    static void assertRejected(Authority.Response r, int status, String type) {
        long before = app.count("lawful_request");
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.raw().headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = r.json();
        assertThat(problem.get("type").asText()).isEqualTo("https://fulcrum.dev/problems/" + type);
        assertThat(problem.get("detail").asText()).isNotBlank();
        assertThat(app.count("lawful_request")).isEqualTo(before);
    }

    long requests() {
        return app.count("lawful_request");
    }

    @Nested
    class Rejected {
        @Test
        void unsigned() {
            long before = requests();
            Authority.Response r = officer.raw("POST", PATH, Map.of("body", body()));
            assertRejected(r, 401, "signature-missing");
            assertThat(r.raw().headers().firstValue("Accept-Signature").orElse(""))
                    .contains("content-digest");
            assertThat(requests()).isEqualTo(before);
        }

        @Test
        void badlySigned() {
            long before = requests();
            Map<String, String> h =
                    signed(officer.signing, body(), Instant.now().getEpochSecond(), HttpSignatures.newNonce());
            byte[] sig = Base64.getDecoder()
                    .decode(h.get("Signature").substring(6, h.get("Signature").length() - 1));
            sig[10] ^= 1;
            h.put("Signature", "sig1=:" + Base64.getEncoder().encodeToString(sig) + ":");
            assertRejected(officer.raw("POST", PATH, h), 401, "bad-signature");
            assertThat(requests()).isEqualTo(before);
        }

        @Test
        void signedByAnotherKeyClaimingARegisteredKeyId() {
            long before = requests();
            Jwk other = Jwk.newEd25519();
            Map<String, String> h = signed(other, body(), Instant.now().getEpochSecond(), HttpSignatures.newNonce());
            h.put("Signature-Input", h.get("Signature-Input").replace(other.kid(), officer.signing.kid()));
            assertRejected(officer.raw("POST", PATH, h), 401, "bad-signature");
            assertThat(requests()).isEqualTo(before);
        }

        @Test
        void unknownKey() {
            long before = requests();
            Map<String, String> h =
                    signed(Jwk.newEd25519(), body(), Instant.now().getEpochSecond(), HttpSignatures.newNonce());
            Authority.Response r = officer.raw("POST", PATH, h);
            assertRejected(r, 401, "unknown-key");
            assertThat(requests()).isEqualTo(before);
            // flagged to legal staff, though nothing was written
            JsonNode rejections = legal.get("/v1/lawful/rejections").json();
            assertThat(rejections.toString()).contains("unknown-key");
        }

        @Test
        void revokedKey() {
            Authority revoked = Authority.register(legal, app.url(), "FR", "Police municipale", true);
            assertThat(legal.postJson(
                                    "/v1/lawful/keys/" + revoked.signing.kid() + "/revoke",
                                    Map.of("reason", "laptop stolen"))
                            .status())
                    .isEqualTo(204);
            long before = requests();
            Authority.Response r = revoked.send("POST", PATH, body());
            assertRejected(r, 401, "revoked-key");
            assertThat(r.json().get("detail").asText()).contains("laptop stolen");
            assertThat(requests()).isEqualTo(before);
        }

        @Test
        void replayedNonce() {
            Map<String, String> h =
                    signed(officer.signing, body(), Instant.now().getEpochSecond(), HttpSignatures.newNonce());
            assertThat(officer.raw("POST", PATH, h).status()).isEqualTo(201);
            long before = requests();
            assertRejected(officer.raw("POST", PATH, h), 401, "replayed-nonce");
            assertThat(requests()).isEqualTo(before);
        }

        @Test
        void expiredCreated() {
            long before = requests();
            Map<String, String> h =
                    signed(officer.signing, body(), Instant.now().getEpochSecond() - 3600, HttpSignatures.newNonce());
            assertRejected(officer.raw("POST", PATH, h), 401, "signature-expired");
            assertThat(requests()).isEqualTo(before);
        }

        @Test
        void createdInTheFuture() {
            long before = requests();
            Map<String, String> h =
                    signed(officer.signing, body(), Instant.now().getEpochSecond() + 3600, HttpSignatures.newNonce());
            assertRejected(officer.raw("POST", PATH, h), 401, "signature-from-the-future");
            assertThat(requests()).isEqualTo(before);
        }

        @Test
        void tamperedBody() {
            long before = requests();
            String original = body();
            Map<String, String> h =
                    signed(officer.signing, original, Instant.now().getEpochSecond(), HttpSignatures.newNonce());
            h.put("body", original.replace("forge-post", "other-post"));
            assertRejected(officer.raw("POST", PATH, h), 400, "content-digest-mismatch");
            assertThat(requests()).isEqualTo(before);
        }

        @Test
        void signatureNotCoveringTheDigest() {
            long before = requests();
            Map<String, String> h =
                    signed(officer.signing, body(), Instant.now().getEpochSecond(), HttpSignatures.newNonce());
            h.put("Signature-Input", h.get("Signature-Input").replace(" \"content-digest\"", ""));
            Authority.Response r = officer.raw("POST", PATH, h);
            assertRejected(r, 401, "signature-incomplete");
            assertThat(r.json().get("detail").asText()).contains("content-digest");
            assertThat(requests()).isEqualTo(before);
        }

        @Test
        void malformedHeaders() {
            Map<String, String> h =
                    signed(officer.signing, body(), Instant.now().getEpochSecond(), HttpSignatures.newNonce());
            h.put("Signature-Input", "sig1=(\"@method\"");
            assertRejected(officer.raw("POST", PATH, h), 401, "signature-malformed");
        }

        @Test
        void signedButHostileBodiesAreClearProblemsAndWriteNothing() {
            long before = requests();
            Authority.Response broken = officer.send("POST", PATH, "{\"reference\": ");
            assertThat(broken.status()).isEqualTo(400);
            assertThat(broken.json().get("detail").asText()).contains("not valid JSON");
            Authority.Response unknown = officer.send("POST", PATH, body().replace("\"reference\"", "\"refrence\""));
            assertThat(unknown.status()).isEqualTo(400);
            Authority.Response badEnum =
                    officer.send("POST", PATH, body().replace("tco_removal_order", "royal_decree"));
            assertThat(badEnum.status()).isEqualTo(400);
            assertThat(badEnum.json().get("errors").toString()).contains("instrument");
            Authority.Response huge = officer.send("POST", PATH, "{\"reference\": \"" + "x".repeat(300_000) + "\"}");
            assertThat(huge.status()).isEqualTo(413);
            Authority.Response tooMany = officer.send(
                    "POST",
                    PATH,
                    JSON.write(Map.of(
                            "reference",
                            "R",
                            "instrument",
                            "tco_removal_order",
                            "kind",
                            "remove_content",
                            "jurisdiction",
                            "FR",
                            "targets",
                            java.util.Collections.nCopies(101, Map.of("locator", "x")))));
            assertThat(tooMany.status()).isEqualTo(400);
            assertThat(tooMany.json().get("detail").asText()).contains("at most 100");
            assertThat(requests()).isEqualTo(before);
        }

        @Test
        void statusOfAnotherAgencysRequestIsNotFound() {
            String id = officer.submit(Orders.tco("TCO-OWN", "FR", "forge-post"))
                    .json()
                    .get("id")
                    .asText();
            Authority stranger = Authority.register(legal, app.url(), "BE", "Police fédérale", true);
            assertThat(stranger.status(id).status()).isEqualTo(404);
            assertThat(officer.status(id).status()).isEqualTo(200);
        }
    }

    @Test
    void aNonceStaysUsedAcrossARestart() throws Exception {
        Path dir = Files.createTempDirectory("fulcrum-nonce");
        Map<String, String> headers;
        String base;
        try (App first = App.create(TestApp.seeded(dir), Clock.systemUTC()).start()) {
            Http staff = new Http(first.baseUrl()).session(new StaffSessions(first).signIn("legal.r", Role.LEGAL));
            Authority a = Authority.register(staff, first.baseUrl(), "FR", "Police judiciaire", true);
            new Http(first.baseUrl())
                    .bearer(first.module(AuthModule.class)
                            .tokens()
                            .issue("t", Role.PLATFORM, "p", "p")
                            .secret())
                    .postJson("/v1/platform/events", Map.of("events", List.of(Events.post("e1", "p1", "c1", "x"))));
            String b = JSON.write(Orders.tco("TCO-R", "FR", "p1"));
            HttpSignatures.Signed s = HttpSignatures.signRequest(
                    a.signing,
                    "POST",
                    first.baseUrl() + PATH,
                    b.getBytes(StandardCharsets.UTF_8),
                    Instant.now().getEpochSecond(),
                    HttpSignatures.newNonce());
            headers = Map.of(
                    "Content-Digest",
                    s.contentDigest(),
                    "Signature-Input",
                    s.signatureInput(),
                    "Signature",
                    s.signature(),
                    "body",
                    b);
            assertThat(Authority.raw(first.baseUrl(), "POST", PATH, headers).status())
                    .isEqualTo(201);
            base = first.baseUrl();
        }
        // a fresh port; the signed @target-uri still matches through the configured public URL
        try (App second = App.create(TestApp.config(dir).withPublicUrl(base), Clock.systemUTC())
                .start()) {
            Authority.Response replay = Authority.raw(second.baseUrl(), "POST", PATH, headers);
            assertThat(replay.status()).as(replay.body()).isEqualTo(401);
            assertThat(replay.json().get("type").asText()).endsWith("replayed-nonce");
        }
    }
}
