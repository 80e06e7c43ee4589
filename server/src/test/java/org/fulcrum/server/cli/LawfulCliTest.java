package org.fulcrum.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fulcrum keys new}, {@code sign} and {@code decrypt}, end to end against a running server. */
class LawfulCliTest {
    private static final Json JSON = Json.strict();

    @TempDir
    Path dir;

    record Run(int exit, String out) {}

    static synchronized Run run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            int exit = Main.run(args);
            return new Run(exit, buffer.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }

    @Test
    void anOfficerMakesKeysSignsARequestAndDecryptsTheDisclosure() throws Exception {
        Path keys = dir.resolve("keys");
        Run made = run("keys", "new", "--out", keys.toString());
        assertThat(made.exit()).isZero();
        assertThat(keys.resolve("signing-key.jwk")).exists();
        assertThat(keys.resolve("encryption-key.jwk")).exists();
        assertThat(run("keys", "new", "--out", keys.toString()).exit())
                .as("never overwrites keys")
                .isEqualTo(2);
        JsonNode pub = JSON.mapper().readTree(Files.readString(keys.resolve("public-keys.json")));
        assertThat(pub.at("/signing/d").isMissingNode()).isTrue();

        try (TestApp app = TestApp.sqlite()) {
            StaffSessions staff = new StaffSessions(app.app());
            Http legal = app.http().session(staff.signIn("legal.cli", Role.LEGAL));
            Http legal2 = app.http().session(staff.signIn("legal.cli2", Role.LEGAL));
            String agency = legal.postJson(
                            "/v1/lawful/agencies",
                            Map.of(
                                    "name",
                                    "Landeskriminalamt",
                                    "country",
                                    "DE",
                                    "kind",
                                    "police",
                                    "contactPhone",
                                    "+49 30 1",
                                    "contactEmail",
                                    "lka@example.de"))
                    .json()
                    .get("id")
                    .asText();
            legal.postJson("/v1/lawful/agencies/" + agency + "/verify", Map.of("how", "official directory call-back"));
            String officer = legal.postJson(
                            "/v1/lawful/officers",
                            Map.of(
                                    "agencyId",
                                    agency,
                                    "name",
                                    "K. Officer",
                                    "email",
                                    "k@lka.example",
                                    "phone",
                                    "+49 30 2",
                                    "username",
                                    "k.officer",
                                    "password",
                                    "officer-password-1"))
                    .json()
                    .get("id")
                    .asText();
            legal.postJson("/v1/lawful/officers/" + officer + "/verify", Map.of("how", "in person"));
            assertThat(legal.postJson(
                                    "/v1/lawful/officers/" + officer + "/keys",
                                    Map.of(
                                            "purpose",
                                            "sign",
                                            "publicKey",
                                            pub.at("/signing/x").asText()))
                            .status())
                    .isEqualTo(201);
            assertThat(legal.postJson(
                                    "/v1/lawful/officers/" + officer + "/keys",
                                    Map.of(
                                            "purpose",
                                            "encrypt",
                                            "publicKey",
                                            pub.at("/encryption/x").asText()))
                            .status())
                    .isEqualTo(201);
            app.platform()
                    .postJson("/v1/platform/events", Map.of("events", List.of(Events.post("e", "cli-post", "c", "x"))));
            app.platform()
                    .postJson(
                            "/v1/lawful/account-data",
                            Map.of(
                                    "items",
                                    List.of(Map.of(
                                            "accountId",
                                            "acct-cli",
                                            "category",
                                            "phone_number",
                                            "value",
                                            "+49 170 555",
                                            "observedAt",
                                            "2026-11-01T00:00:00Z"))));

            Path tco = dir.resolve("tco.json");
            Map<String, Object> order = new java.util.LinkedHashMap<>();
            order.put("reference", "TCO-CLI");
            order.put("instrument", "tco_removal_order");
            order.put("kind", "remove_content");
            order.put("jurisdiction", "DE");
            order.put("issuingAuthority", "BKA");
            order.put("issuedAt", Instant.now().minusSeconds(30).toString());
            order.put("reasons", "Art. 2(7) propaganda");
            order.put("category", "terrorism");
            order.put("contactPoint", "bka@example.de");
            order.put("targets", List.of(Map.of("locator", "cli-post")));
            Files.writeString(tco, JSON.write(order));
            String url = app.url() + "/v1/lawful/requests";
            Run curl = run(
                    "sign",
                    "--key",
                    keys.resolve("signing-key.jwk").toString(),
                    "--url",
                    url,
                    "--body",
                    tco.toString());
            assertThat(curl.out())
                    .startsWith("curl -sS -X POST")
                    .contains("Signature-Input: sig1=(\"@method\"")
                    .contains("Content-Digest: sha-256=:")
                    .contains(pub.at("/signing/kid").asText());
            Run sent = run(
                    "sign",
                    "--key",
                    keys.resolve("signing-key.jwk").toString(),
                    "--url",
                    url,
                    "--body",
                    tco.toString(),
                    "--send");
            assertThat(sent.exit()).as(sent.out()).isZero();
            assertThat(sent.out()).contains("HTTP 201").contains("\"status\":\"completed\"");

            Path epoc = dir.resolve("epoc.json");
            Map<String, Object> production = new java.util.LinkedHashMap<>();
            production.put("reference", "EPOC-CLI");
            production.put("instrument", "epoc");
            production.put("kind", "disclose_subscriber_data");
            production.put("jurisdiction", "DE");
            production.put("issuingAuthority", "StA");
            production.put("validatingAuthority", Map.of("name", "AG", "type", "court"));
            production.put("addressee", "Fulcrum EU");
            production.put("emergency", false);
            production.put("crime", "terrorism");
            production.put("accounts", List.of("acct-cli"));
            production.put("dataCategories", List.of("phone_number"));
            Files.writeString(epoc, JSON.write(production));
            Run ordered = run(
                    "sign",
                    "--key",
                    keys.resolve("signing-key.jwk").toString(),
                    "--url",
                    url,
                    "--body",
                    epoc.toString(),
                    "--send");
            String id = JSON.mapper()
                    .readTree(ordered.out().substring(ordered.out().indexOf('{')))
                    .get("id")
                    .asText();
            for (Http h : List.of(legal, legal2)) {
                assertThat(h.postJson(
                                        "/v1/lawful/review/" + id + "/disclosure/approve",
                                        Map.of("reason", "court order"))
                                .status())
                        .isEqualTo(200);
            }
            Run fetched = run(
                    "sign",
                    "--key",
                    keys.resolve("signing-key.jwk").toString(),
                    "--method",
                    "GET",
                    "--url",
                    url + "/" + id + "/package",
                    "--send");
            assertThat(fetched.out()).contains("HTTP 200");
            Path pkg = dir.resolve("package.json");
            Files.writeString(pkg, fetched.out().substring(fetched.out().indexOf('{')));
            Run opened =
                    run("decrypt", "--key", keys.resolve("encryption-key.jwk").toString(), pkg.toString());
            assertThat(opened.exit()).isZero();
            assertThat(opened.out()).contains("+49 170 555").contains("acct-cli");
            Run wrongKey =
                    run("decrypt", "--key", keys.resolve("signing-key.jwk").toString(), pkg.toString());
            assertThat(wrongKey.exit()).isNotZero();
        }
    }
}
