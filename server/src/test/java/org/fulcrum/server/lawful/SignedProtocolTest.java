package org.fulcrum.server.lawful;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.lawful.signature.ContentDigest;
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

/**
 * The signed protocol as an authority's own RFC 9421 tooling meets it: signatures hold only for
 * this deployment's public URL, whatever the Host header says; a GET needs no digest; a gateway's
 * extra signature does no harm; contact.json gives the exact templates; answers are bound to the
 * request they answer.
 */
class SignedProtocolTest {
    private static final Json JSON = Json.strict();

    static final String PATH = "/v1/lawful/requests";
    static TestApp app;
    static Http legal;
    static Authority officer;

    @BeforeAll
    static void start() {
        app = TestApp.sqlite();
        legal = app.http().session(new StaffSessions(app.app()).signIn("legal.protocol", Role.LEGAL));
        officer = Authority.register(legal, app.url(), "FR", "Gendarmerie nationale", true);
        app.platform()
                .postJson(
                        "/v1/platform/events",
                        Map.of("events", List.of(Events.post("ev-sp1", "protocol-post", "c", "x"))));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static String body() {
        return JSON.write(Orders.tco("TCO-SP-" + System.nanoTime(), "FR", "protocol-post"));
    }

    /** A response read off a raw socket. */
    record Raw(int status, String body) {
        JsonNode json() {
            try {
                return JSON.mapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError(body, e);
            }
        }
    }

    /**
     * Sends a request over a plain socket, so the {@code Host} header can name another origin (the
     * JDK client will not send one of its own choosing).
     */
    static Raw sendWithHost(
            String base, String host, String method, String path, Map<String, String> headers, byte[] body)
            throws IOException {
        URI uri = URI.create(base);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("Content-Type: application/json\r\nContent-Length: ")
                    .append(body.length)
                    .append("\r\nConnection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            int split = response.indexOf("\r\n\r\n");
            String rest = response.substring(split + 4);
            boolean chunked = response.substring(0, split).toLowerCase().contains("transfer-encoding: chunked");
            return new Raw(status, chunked ? dechunk(rest) : rest);
        }
    }

    private static String dechunk(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (true) {
            int eol = s.indexOf("\r\n", i);
            int size = Integer.parseInt(s.substring(i, eol).trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(s, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
        }
    }

    static Map<String, String> headers(HttpSignatures.Signed s) {
        Map<String, String> h = new LinkedHashMap<>();
        if (s.contentDigest() != null) {
            h.put("Content-Digest", s.contentDigest());
        }
        h.put("Signature-Input", s.signatureInput());
        h.put("Signature", s.signature());
        return h;
    }

    long count(String table) {
        return app.count(table);
    }

    @Nested
    class SignedForThisDeploymentOnly {
        @Test
        void aRequestSignedForAnotherAuthorityAndSentWithItsHostIsRejectedAndWritesOnlyTheRejection() throws Exception {
            String body = body();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            HttpSignatures.Signed s = HttpSignatures.signRequest(
                    officer.signing,
                    "POST",
                    "http://fulcrum.other-deployment.example" + PATH,
                    bytes,
                    Instant.now().getEpochSecond(),
                    HttpSignatures.newNonce());
            long requests = count("lawful_request");
            long nonces = count("signature_nonce");
            long audit = count("audit");
            long rejections = count("lawful_rejection");
            long entries = app.queryLong("SELECT size FROM log_state");

            Raw r = sendWithHost(app.url(), "fulcrum.other-deployment.example", "POST", PATH, headers(s), bytes);

            assertThat(r.status()).as(r.body()).isEqualTo(401);
            assertThat(r.json().get("type").asText()).endsWith("/wrong-target");
            assertThat(r.json().get("detail").asText()).contains(app.app().publicUrl());
            assertThat(count("lawful_request")).isEqualTo(requests);
            assertThat(count("signature_nonce")).isEqualTo(nonces);
            assertThat(count("audit")).isEqualTo(audit);
            assertThat(count("lawful_rejection")).isEqualTo(rejections + 1);
            assertThat(app.queryLong("SELECT size FROM log_state")).isEqualTo(entries + 1);
            assertThat(app.queryString("SELECT kind FROM log_entry ORDER BY idx DESC LIMIT 1"))
                    .isEqualTo("request_rejected");
            assertThat(app.queryString("SELECT reason || ' ' || jurisdiction || ' ' || officer_id || ' ' || key_id "
                            + "FROM lawful_rejection ORDER BY at DESC LIMIT 1"))
                    .isEqualTo("wrong-target FR " + officer.officerId + " " + officer.signing.kid());
        }

        @Test
        void aRequestSignedForOneDeploymentCannotBeReplayedAtAnotherWhereTheKeyIsRegistered() throws Exception {
            try (TestApp other = TestApp.sqlite()) {
                Http otherLegal =
                        other.http().session(new StaffSessions(other.app()).signIn("legal.other", Role.LEGAL));
                Authority there = Authority.register(otherLegal, other.url(), "FR", "Gendarmerie nationale", true);
                assertThat(otherLegal
                                .postJson(
                                        "/v1/lawful/officers/" + there.officerId + "/keys",
                                        Map.of("purpose", "sign", "publicKey", officer.signing.x()))
                                .status())
                        .isEqualTo(201);
                other.platform()
                        .postJson(
                                "/v1/platform/events",
                                Map.of("events", List.of(Events.post("ev-sp2", "protocol-post", "c", "x"))));
                byte[] bytes = body().getBytes(StandardCharsets.UTF_8);
                HttpSignatures.Signed s = HttpSignatures.signRequest(
                        officer.signing,
                        "POST",
                        app.app().publicUrl() + PATH,
                        bytes,
                        Instant.now().getEpochSecond(),
                        HttpSignatures.newNonce());
                assertThat(sendWithHost(
                                        app.url(),
                                        URI.create(app.url()).getAuthority(),
                                        "POST",
                                        PATH,
                                        headers(s),
                                        bytes)
                                .status())
                        .isEqualTo(201);

                // the same signed request, sent to the other deployment with this one's host name
                Raw replay = sendWithHost(
                        other.url(), URI.create(app.url()).getAuthority(), "POST", PATH, headers(s), bytes);

                assertThat(replay.status()).as(replay.body()).isEqualTo(401);
                assertThat(replay.json().get("type").asText()).endsWith("/wrong-target");
                assertThat(other.count("lawful_request")).isZero();
                assertThat(other.count("lawful_rejection")).isEqualTo(1);
            }
        }

        @Test
        void aRequestSignedForThePublicUrlIsAcceptedWhateverAddressItTravelsTo() throws Exception {
            byte[] bytes = body().getBytes(StandardCharsets.UTF_8);
            HttpSignatures.Signed s = HttpSignatures.signRequest(
                    officer.signing,
                    "POST",
                    app.app().publicUrl() + PATH,
                    bytes,
                    Instant.now().getEpochSecond(),
                    HttpSignatures.newNonce());
            Raw r = sendWithHost(app.url(), "internal-balancer.local:8080", "POST", PATH, headers(s), bytes);
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
    }

    @Nested
    class Interop {
        String submitted() {
            Authority.Response r = officer.submit(Orders.tco("TCO-SP-GET-" + System.nanoTime(), "FR", "protocol-post"));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            return r.json().get("id").asText();
        }

        @Test
        void aGetWithoutContentDigestIsAccepted() {
            String id = submitted();
            String target = app.app().publicUrl() + PATH + "/" + id;
            HttpSignatures.Signed s = HttpSignatures.signRequest(
                    officer.signing,
                    HttpSignatures.BODILESS_REQUEST_COMPONENTS,
                    c -> c.equals("@method") ? "GET" : target,
                    Instant.now().getEpochSecond(),
                    HttpSignatures.newNonce(),
                    null);
            Map<String, String> h = headers(s);
            assertThat(h).doesNotContainKey("Content-Digest");

            Authority.Response r = officer.raw("GET", PATH + "/" + id, h);

            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().get("id").asText()).isEqualTo(id);
        }

        @Test
        void aPostWithABodyStillNeedsItsDigestCovered() {
            byte[] bytes = body().getBytes(StandardCharsets.UTF_8);
            String target = app.app().publicUrl() + PATH;
            HttpSignatures.Signed s = HttpSignatures.signRequest(
                    officer.signing,
                    HttpSignatures.BODILESS_REQUEST_COMPONENTS,
                    c -> c.equals("@method") ? "POST" : target,
                    Instant.now().getEpochSecond(),
                    HttpSignatures.newNonce(),
                    null);
            Map<String, String> h = headers(s);
            h.put("body", new String(bytes, StandardCharsets.UTF_8));
            Authority.Response r = officer.raw("POST", PATH, h);
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.json().get("type").asText()).endsWith("/signature-incomplete");
        }

        /** A gateway's own signature, made with a key Fulcrum does not know, over components of its choice. */
        Map<String, String> withGatewaySignature(Map<String, String> signed, String target) {
            Jwk gateway = Jwk.newEd25519();
            String params = "(\"@method\" \"@authority\" \"signature\";key=\"sig1\");created="
                    + Instant.now().getEpochSecond() + ";keyid=\"gateway-2026\";tag=\"ingress\"";
            String sig1 = signed.get("Signature").substring("sig1=".length());
            String base =
                    "\"@method\": POST\n\"@authority\": " + URI.create(target).getAuthority() + "\n"
                            + "\"signature\";key=\"sig1\": " + sig1 + "\n\"@signature-params\": " + params;
            Map<String, String> h = new LinkedHashMap<>(signed);
            h.put("Signature-Input", "gw=" + params + ", " + signed.get("Signature-Input"));
            h.put(
                    "Signature",
                    "gw=:" + Base64.getEncoder().encodeToString(HttpSignatures.sign(gateway, base)) + ":, "
                            + signed.get("Signature"));
            return h;
        }

        @Test
        void aGatewayAddingItsOwnSignatureDoesNotBreakTheRequest() {
            String body = body();
            String target = app.app().publicUrl() + PATH;
            HttpSignatures.Signed s = HttpSignatures.signRequest(
                    officer.signing,
                    "POST",
                    target,
                    body.getBytes(StandardCharsets.UTF_8),
                    Instant.now().getEpochSecond(),
                    HttpSignatures.newNonce());
            Map<String, String> h = withGatewaySignature(headers(s), target);
            h.put("body", body);

            Authority.Response r = officer.raw("POST", PATH, h);

            assertThat(r.status()).as(r.body()).isEqualTo(201);
            // the answer is bound to the officer's signature, not the gateway's
            assertThat(r.raw().headers().firstValue("Signature-Input").orElseThrow())
                    .contains("\"signature\";req;key=\"sig1\"");
        }

        @Test
        void theRegisteredSignatureIsCheckedEvenBesideAValidForeignOne() {
            String body = body();
            String target = app.app().publicUrl() + PATH;
            HttpSignatures.Signed s = HttpSignatures.signRequest(
                    officer.signing,
                    "POST",
                    target,
                    body.getBytes(StandardCharsets.UTF_8),
                    Instant.now().getEpochSecond(),
                    HttpSignatures.newNonce());
            Map<String, String> h = withGatewaySignature(headers(s), target);
            h.put("body", body.replace("protocol-post", "another-post"));
            h.put("Content-Digest", ContentDigest.of(h.get("body").getBytes(StandardCharsets.UTF_8)));
            long before = count("lawful_request");

            Authority.Response r = officer.raw("POST", PATH, h);

            assertThat(r.status()).as(r.body()).isEqualTo(401);
            assertThat(r.json().get("type").asText()).endsWith("/bad-signature");
            assertThat(count("lawful_request")).isEqualTo(before);
        }

        @Test
        void signaturesOfUnregisteredKeysAloneAreRejected() {
            String body = body();
            HttpSignatures.Signed s = HttpSignatures.signRequest(
                    Jwk.newEd25519(),
                    "POST",
                    app.app().publicUrl() + PATH,
                    body.getBytes(StandardCharsets.UTF_8),
                    Instant.now().getEpochSecond(),
                    HttpSignatures.newNonce());
            Map<String, String> h = withGatewaySignature(headers(s), app.app().publicUrl() + PATH);
            h.put("body", body);
            Authority.Response r = officer.raw("POST", PATH, h);
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.json().get("type").asText()).endsWith("/unknown-key");
        }

        @Test
        void contactJsonGivesTheExactSignatureInputAndARequestBuiltFromItIsAccepted() {
            JsonNode sig =
                    app.http().get("/.well-known/fulcrum/contact.json").json().at("/submit/api/signature");
            String withBody = sig.at("/templates/withBody/Signature-Input").asText();
            String withoutBody =
                    sig.at("/templates/withoutBody/Signature-Input").asText();
            assertThat(withBody).startsWith("sig1=(\"@method\" \"@target-uri\" \"content-digest\");created=<");
            assertThat(withoutBody).startsWith("sig1=(\"@method\" \"@target-uri\");created=<");
            assertThat(sig.get("targetUri").asText()).contains(app.app().publicUrl());

            // fill in the template literally and sign its base as RFC 9421 section 2.5 builds it
            String body = body();
            String digest = ContentDigest.of(body.getBytes(StandardCharsets.UTF_8));
            String input = withBody.replaceAll(
                            "created=<[^>]*>", "created=" + Instant.now().getEpochSecond())
                    .replaceAll("keyid=\"<[^>]*>\"", "keyid=\"" + officer.signing.kid() + "\"")
                    .replaceAll("nonce=\"<[^>]*>\"", "nonce=\"" + HttpSignatures.newNonce() + "\"");
            String base = "\"@method\": POST\n\"@target-uri\": " + app.app().publicUrl() + PATH + "\n"
                    + "\"content-digest\": " + digest + "\n\"@signature-params\": " + input.substring("sig1=".length());
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Content-Digest", digest);
            h.put("Signature-Input", input);
            h.put(
                    "Signature",
                    "sig1=:" + Base64.getEncoder().encodeToString(HttpSignatures.sign(officer.signing, base)) + ":");
            h.put("body", body);
            Authority.Response r = officer.raw("POST", PATH, h);
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }

        @Test
        void anAnswerSignatureCoversTheRequestSignature() {
            String body = body();
            HttpSignatures.Signed s = HttpSignatures.signRequest(
                    officer.signing,
                    "POST",
                    app.app().publicUrl() + PATH,
                    body.getBytes(StandardCharsets.UTF_8),
                    Instant.now().getEpochSecond(),
                    HttpSignatures.newNonce());
            Map<String, String> h = headers(s);
            h.put("body", body);
            Authority.Response r = officer.raw("POST", PATH, h);
            assertThat(r.status()).as(r.body()).isEqualTo(201);

            String answerInput = r.raw().headers().firstValue("Signature-Input").orElseThrow();
            String answerSignature = r.raw().headers().firstValue("Signature").orElseThrow();
            String answerDigest = r.raw().headers().firstValue("Content-Digest").orElseThrow();
            assertThat(answerInput).startsWith("sig1=(\"@status\" \"content-digest\" \"signature\";req;key=\"sig1\");");
            String requestSignature = s.signature().substring("sig1=".length());
            String base = "\"@status\": 201\n\"content-digest\": " + answerDigest + "\n"
                    + "\"signature\";req;key=\"sig1\": " + requestSignature + "\n"
                    + "\"@signature-params\": " + answerInput.substring("sig1=".length());
            byte[] answerKey = Jwk.decode(
                    "x",
                    app.http()
                            .get("/.well-known/fulcrum/contact.json")
                            .json()
                            .at("/answerKeys/0/x")
                            .asText());
            byte[] signature = Base64.getDecoder().decode(answerSignature.substring(6, answerSignature.length() - 1));
            assertThat(ContentDigest.check(answerDigest, r.body().getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo(ContentDigest.Check.MATCH);
            assertThat(HttpSignatures.verify(answerKey, base, signature)).isTrue();

            // the same answer does not verify as the answer to another request
            String otherRequest = HttpSignatures.signRequest(
                            officer.signing,
                            "POST",
                            app.app().publicUrl() + PATH,
                            body.getBytes(StandardCharsets.UTF_8),
                            Instant.now().getEpochSecond(),
                            HttpSignatures.newNonce())
                    .signature()
                    .substring("sig1=".length());
            assertThat(HttpSignatures.verify(answerKey, base.replace(requestSignature, otherRequest), signature))
                    .isFalse();
        }
    }
}
