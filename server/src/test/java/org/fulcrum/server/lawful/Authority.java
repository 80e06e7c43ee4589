package org.fulcrum.server.lawful;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.lawful.signature.HttpSignatures;
import org.fulcrum.server.lawful.signature.Jwk;
import org.fulcrum.server.support.Http;

/**
 * An authority as tests see it: an agency and an officer registered by legal staff through the
 * registry API, with key files made like {@code fulcrum keys new}, sending signed requests.
 */
final class Authority {
    private static final Json JSON = Json.strict();

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String base;
    final String agencyId;
    final String officerId;
    final String username;
    final String password;
    final Jwk signing;
    final Jwk encryption;
    final String agencyPhone;
    private java.time.Clock clock = java.time.Clock.systemUTC();
    /** The Signature header of the last request sent, to check the answer is bound to it. */
    String lastSignature;

    private Authority(
            String base,
            String agencyId,
            String officerId,
            String username,
            String password,
            Jwk signing,
            Jwk encryption,
            String agencyPhone) {
        this.base = base;
        this.agencyId = agencyId;
        this.officerId = officerId;
        this.username = username;
        this.password = password;
        this.signing = signing;
        this.encryption = encryption;
        this.agencyPhone = agencyPhone;
    }

    /** Registers an agency of {@code country} and one officer, verified out of band unless told otherwise. */
    static Authority register(Http legal, String base, String country, String name, boolean verified) {
        String phone = "+00 " + Math.abs(name.hashCode());
        Http.Response agency = legal.postJson(
                "/v1/lawful/agencies",
                Map.of(
                        "name",
                        name,
                        "country",
                        country,
                        "kind",
                        "police",
                        "jurisdictions",
                        List.of(country),
                        "contactPhone",
                        phone,
                        "contactEmail",
                        "desk@" + country.toLowerCase() + ".police.example"));
        assertThat(agency.status()).as(agency.body()).isEqualTo(201);
        String agencyId = agency.json().get("id").asText();
        String slug = name.toLowerCase().replaceAll("[^a-z0-9]+", ".");
        String username = slug.substring(0, Math.min(slug.length(), 24)) + "." + System.nanoTime() % 100000;
        String password = "officer-password-" + username;
        Http.Response officer = legal.postJson(
                "/v1/lawful/officers",
                Map.of(
                        "agencyId",
                        agencyId,
                        "name",
                        "Officer of " + name,
                        "email",
                        username + "@police.example",
                        "phone",
                        "+00 555 " + username.length(),
                        "username",
                        username,
                        "password",
                        password));
        assertThat(officer.status()).as(officer.body()).isEqualTo(201);
        String officerId = officer.json().get("id").asText();
        if (verified) {
            assertThat(legal.postJson(
                                    "/v1/lawful/agencies/" + agencyId + "/verify",
                                    Map.of("how", "called the switchboard listed in the government directory"))
                            .status())
                    .isEqualTo(204);
            assertThat(legal.postJson(
                                    "/v1/lawful/officers/" + officerId + "/verify",
                                    Map.of("how", "video call with badge, confirmed by the agency's switchboard"))
                            .status())
                    .isEqualTo(204);
        }
        Jwk signing = Jwk.newEd25519();
        Jwk encryption = Jwk.newX25519();
        assertThat(legal.postJson(
                                "/v1/lawful/officers/" + officerId + "/keys",
                                Map.of("purpose", "sign", "publicKey", signing.x()))
                        .status())
                .isEqualTo(201);
        assertThat(legal.postJson(
                                "/v1/lawful/officers/" + officerId + "/keys",
                                Map.of("purpose", "encrypt", "publicKey", encryption.x()))
                        .status())
                .isEqualTo(201);
        return new Authority(base, agencyId, officerId, username, password, signing, encryption, phone);
    }

    /** Signs with {@code created} taken from {@code c} (the server's test clock). */
    Authority clock(java.time.Clock c) {
        this.clock = c;
        return this;
    }

    /** A response with the raw headers. */
    record Response(int status, String body, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return JSON.mapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    Response send(String method, String path, String body) {
        return send(method, path, body, h -> h);
    }

    /**
     * Signs and sends; {@code tamper} may change the headers (and the "body" entry) after signing,
     * to forge requests.
     */
    Response send(String method, String path, String body, UnaryOperator<Map<String, String>> tamper) {
        Map<String, String> headers = sign(method, path, body);
        lastSignature = headers.get("Signature");
        return raw(method, path, tamper.apply(headers));
    }

    /**
     * The headers (and "body" entry) of a request signed for {@code path} under this authority's base,
     * with a fresh nonce, to send to any node serving that public URL with {@link #raw(String, String,
     * String, Map)}.
     */
    Map<String, String> sign(String method, String path, String body) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        HttpSignatures.Signed s = HttpSignatures.signRequest(
                signing, method, base + path, bytes, clock.instant().getEpochSecond(), HttpSignatures.newNonce());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Digest", s.contentDigest());
        headers.put("Signature-Input", s.signatureInput());
        headers.put("Signature", s.signature());
        headers.put("body", body == null ? "" : body);
        return headers;
    }

    static Response raw(String base, String method, String path, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        String body = headers.getOrDefault("body", "");
        headers.forEach((k, v) -> {
            if (!k.equals("body") && v != null) {
                b.header(k, v);
            }
        });
        if (method.equals("GET")) {
            b.GET();
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Response raw(String method, String path, Map<String, String> headers) {
        return raw(base, method, path, headers);
    }

    Response submit(Map<String, Object> request) {
        return send("POST", "/v1/lawful/requests", JSON.write(request));
    }

    Response status(String id) {
        return send("GET", "/v1/lawful/requests/" + id, null);
    }
}
