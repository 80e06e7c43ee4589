package org.fulcrum.server.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.fulcrum.server.DetectionModule;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.Moderators;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bank files in and out: the two formats round-trip; a bad line is refused by number and nothing is written. */
class BankImportExportTest {
    static final String PDQ_A = "f8f8f0cee0f4a84f06370a22038f67f0b36e2ed596221e1d33e6b39c4e9c9b22";
    static final String PDQ_B = "e64cc9d91c623882f8d1f1d9a398e78c9f199b3bd83924f2b7e11e0bf861b064";
    static final String MD5 = "0cc175b9c0f1b6a831c399e269772661";
    static final String SHA = "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb";

    static TestApp app;
    static Http staff;
    static int banks;
    /** This test's bank, and what the store held of any bank's hashes before the test. */
    String name;

    String bank;
    long hashesBefore;

    /** One app and admin for the class; each test imports into banks of its own. */
    @BeforeAll
    static void start() {
        app = TestApp.sqlite(c -> c.withRateLimits(0, 0));
        staff = new Moderators(app).admin("erin");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @BeforeEach
    void aBank() {
        name = "imported-" + ++banks;
        bank = create(name);
        hashesBefore = app.count("bank_hash");
    }

    static String create(String name) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("name", name);
        b.put("kind", "block");
        b.put("policy", "review");
        b.put("reason", "terrorism");
        Http.Response r = staff.postJson("/v1/banks", b);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    static Http.Response importText(String bankId, String contentType, String text) {
        return staff.post("/v1/banks/" + bankId + "/import", contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    static Set<String> lines(String body) {
        return Arrays.stream(body.split("\n")).filter(l -> !l.isBlank()).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void csvWithLabelsAndSourcesRoundTripsExactly() {
        String csv = """
                hash,type,label,source
                %s,pdq,"beheading video, part 2",GIFCT
                %s,pdq,"a ""quoted"" label",GIFCT
                %s,md5,plain,internal case 17
                %s,sha256,,
                """.formatted(PDQ_A, PDQ_B.toUpperCase(), MD5, SHA);
        Http.Response r = importText(bank, "text/csv", csv);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("changed").asInt()).isEqualTo(4);
        assertThat(r.json().at("/bank/hashCount").asLong()).isEqualTo(4);

        Http.Response out = staff.get("/v1/banks/" + bank + "/export?format=csv");
        assertThat(out.status()).isEqualTo(200);
        assertThat(out.contentType()).startsWith("text/csv");
        assertThat(out.body()).startsWith("hash,type,label,source\n");
        String lower = csv.replace(PDQ_B.toUpperCase(), PDQ_B);
        assertThat(lines(out.body())).isEqualTo(lines(lower));

        String copy = create("copy-of-" + name);
        assertThat(importText(copy, "text/csv", out.body())
                        .json()
                        .get("changed")
                        .asInt())
                .isEqualTo(4);
        assertThat(staff.get("/v1/banks/" + copy + "/export?format=csv").body()).isEqualTo(out.body());
        assertThat(importText(bank, "text/csv", out.body())
                        .json()
                        .get("unchanged")
                        .asInt())
                .as("importing again adds nothing")
                .isEqualTo(4);
    }

    @Test
    void hexPerLineRoundTripsPerType() {
        String hex = "# PDQ hashes from a programme\n" + PDQ_A + "\r\n\n" + PDQ_B + "\n" + MD5 + "\n";
        Http.Response r = importText(bank, "text/plain", hex);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("changed").asInt()).isEqualTo(3);
        assertThat(lines(staff.get("/v1/banks/" + bank + "/export?format=hex&type=pdq")
                        .body()))
                .containsExactly(PDQ_B, PDQ_A);
        assertThat(staff.get("/v1/banks/" + bank + "/export?format=hex&type=md5")
                        .body())
                .isEqualTo(MD5 + "\n");

        Http.Response sha = staff.post(
                "/v1/banks/" + bank + "/import?type=sha256",
                "text/plain",
                (SHA + "\n").getBytes(StandardCharsets.UTF_8));
        assertThat(sha.status()).as(sha.body()).isEqualTo(200);
        assertThat(staff.get("/v1/banks/" + bank + "/export?format=hex&type=sha256")
                        .body())
                .isEqualTo(SHA + "\n");
        assertThat(staff.get("/v1/banks/" + bank + "/export?format=hex").status())
                .as("a hex file holds one type")
                .isEqualTo(400);
    }

    @Test
    void aMalformedLineIsRefusedByNumberAndNothingIsWritten() {
        long audits = app.count("audit");
        String hex = PDQ_A + "\n" + PDQ_B + "\n" + "not-a-hash\n" + MD5 + "\n";
        Http.Response r = importText(bank, "text/plain", hex);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode problem = r.json();
        assertThat(problem.at("/errors/0/field").asText()).isEqualTo("line 3");
        assertThat(problem.get("detail").asText()).startsWith("line 3").contains("hex digits");
        assertThat(app.count("bank_hash")).isEqualTo(hashesBefore);
        assertThat(app.count("audit")).isEqualTo(audits);
        assertThat(app.app()
                        .module(DetectionModule.class)
                        .detection()
                        .bankIndex()
                        .size(bank))
                .isZero();
    }

    @Test
    void badCsvIsRefusedNamingTheLine() {
        assertThat(importText(bank, "text/csv", "hash,kind\n" + PDQ_A + ",pdq\n")
                        .json()
                        .at("/errors/0/field")
                        .asText())
                .isEqualTo("line 1");
        assertThat(importText(bank, "text/csv", "hash,type,label\n" + PDQ_A + ",pdq,x\n" + PDQ_B + ",jpeg,y\n")
                        .json()
                        .at("/errors/0/reason")
                        .asText())
                .contains("type")
                .contains("pdq, md5, sha256");
        assertThat(importText(bank, "text/csv", "hash,type,label\n" + PDQ_A + ",pdq,x\n" + PDQ_B + ",pdq\n")
                        .json()
                        .at("/errors/0/field")
                        .asText())
                .isEqualTo("line 3");
        assertThat(importText(bank, "text/csv", "hash,type,label\n" + PDQ_A + ",pdq,\"open\n")
                        .json()
                        .at("/errors/0/field")
                        .asText())
                .isEqualTo("line 2");
        assertThat(importText(bank, "text/plain", PDQ_A + ",extra\n")
                        .json()
                        .at("/errors/0/field")
                        .asText())
                .isEqualTo("line 1");
        assertThat(importText(bank, "text/plain", MD5 + "0\n")
                        .json()
                        .at("/errors/0/reason")
                        .asText())
                .contains("33 characters");
        assertThat(importText(bank, "application/json", PDQ_A).status()).isEqualTo(400);
        assertThat(importText(bank, "text/plain", "# only a comment\n")
                        .json()
                        .at("/errors/0/field")
                        .asText())
                .isEqualTo("body");
        assertThat(staff.post("/v1/banks/" + bank + "/import", "text/plain", new byte[] {(byte) 0xff, (byte) 0xfe})
                        .json()
                        .at("/errors/0/reason")
                        .asText())
                .contains("UTF-8");
        assertThat(app.count("bank_hash")).isEqualTo(hashesBefore);
    }

    @Test
    void badJsonInputNamesTheField() {
        Http.Response r = staff.postJson(
                "/v1/banks/" + bank + "/hashes",
                Map.of("hashes", List.of(Map.of("hash", PDQ_A), Map.of("hash", "abc"))));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/errors/0/field").asText()).isEqualTo("hashes[1].hash");
        assertThat(staff.postJson("/v1/banks", Map.of("name", "x", "kind", "block"))
                        .json()
                        .at("/errors/0/field")
                        .asText())
                .isEqualTo("policy");
        assertThat(staff.postJson("/v1/banks", Map.of("name", "y", "kind", "allow", "policy", "remove"))
                        .status())
                .isEqualTo(400);
        assertThat(staff.postJson(
                                "/v1/banks",
                                Map.of(
                                        "name",
                                        "z",
                                        "kind",
                                        "block",
                                        "policy",
                                        "review",
                                        "reason",
                                        "scam",
                                        "threshold",
                                        300))
                        .json()
                        .at("/errors/0/field")
                        .asText())
                .isEqualTo("threshold");
        assertThat(staff.postJson(
                                "/v1/banks",
                                Map.of("name", name, "kind", "block", "policy", "review", "reason", "scam"))
                        .status())
                .as("names are unique")
                .isEqualTo(409);
        assertThat(app.count("bank_hash")).isEqualTo(hashesBefore);
    }
}
