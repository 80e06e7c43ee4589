package org.fulcrum.franking;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every published negative vector is refused by the verifier, for the reason the file gives. */
class NegativeVectorsTest {

    static JsonNode vectors() throws Exception {
        return new ObjectMapper()
                .readTree(Path.of(System.getProperty("fulcrum.root", ".."))
                        .resolve("franking/test-vectors/v1-negative.json")
                        .toFile());
    }

    @TestFactory
    Stream<DynamicTest> everyNegativeVectorIsRefusedForItsReason() throws Exception {
        JsonNode file = vectors();
        RelayKey key = RelayKey.active(
                new RelayKeyId(file.get("relay_key_id").asText()),
                RelayKeys.decodePublicKey(file.get("relay_public_key_base64").asText()),
                Instant.parse("2026-01-01T00:00:00Z"));
        Clock clock =
                Clock.fixed(Instant.ofEpochMilli(file.get("verifier_time_ms").asLong()), ZoneOffset.UTC);
        FrankingVerifier verifier = new FrankingVerifier(RelayKeyRegistry.of(key), clock);
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : file.get("cases")) {
            tests.add(DynamicTest.dynamicTest(
                    c.get("name").asText(),
                    () -> assertThat(verifier.verifyJson(c.get("report_json").asText()))
                            .isInstanceOfSatisfying(
                                    Verification.Rejected.class,
                                    r -> assertThat(r.reason().name())
                                            .isEqualTo(c.get("expected_reason").asText()))));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(20);
        String honest = new ObjectMapper()
                .readTree(Path.of(System.getProperty("fulcrum.root", ".."))
                        .resolve("franking/test-vectors/v1.json")
                        .toFile())
                .get("report_json")
                .asText();
        tests.add(DynamicTest.dynamicTest(
                "the unaltered report verifies under the same settings",
                () -> assertThat(verifier.verifyJson(honest)).isInstanceOf(Verification.Verified.class)));
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> everyVersionTwoNegativeVectorIsRefusedForItsReason() throws Exception {
        JsonNode file = new ObjectMapper()
                .readTree(Path.of(System.getProperty("fulcrum.root", ".."))
                        .resolve("franking/test-vectors/v2-negative.json")
                        .toFile());
        RelayKeyRegistry registry = RelayKeyRegistry.of(RelayKey.active(
                new RelayKeyId(file.get("relay_key_id").asText()),
                RelayKeys.decodePublicKey(file.get("relay_public_key_base64").asText()),
                Instant.parse("2026-01-01T00:00:00Z")));
        Clock clock =
                Clock.fixed(Instant.ofEpochMilli(file.get("verifier_time_ms").asLong()), ZoneOffset.UTC);
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : file.get("cases")) {
            VerifierPolicy policy = VerifierPolicy.defaults()
                    .withVersion1(c.path("accept_version1").asBoolean(true));
            FrankingVerifier verifier = new FrankingVerifier(registry, clock, policy);
            String reporter =
                    c.path("reporter_id").asText(file.get("reporter_id").asText());
            tests.add(DynamicTest.dynamicTest(
                    c.get("name").asText(),
                    () -> assertThat(verifier.verifyJson(c.get("report_json").asText(), reporter))
                            .isInstanceOfSatisfying(
                                    Verification.Rejected.class,
                                    r -> assertThat(r.reason().name())
                                            .isEqualTo(c.get("expected_reason").asText()))));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(15);
        String honest = new ObjectMapper()
                .readTree(Path.of(System.getProperty("fulcrum.root", ".."))
                        .resolve("franking/test-vectors/v2.json")
                        .toFile())
                .get("report_json")
                .asText();
        FrankingVerifier strict =
                new FrankingVerifier(registry, clock, VerifierPolicy.defaults().withVersion1(false));
        tests.add(DynamicTest.dynamicTest(
                "the unaltered report verifies for its recipient with version 1 off",
                () -> assertThat(strict.verifyJson(
                                honest, file.get("reporter_id").asText()))
                        .isInstanceOf(Verification.Verified.class)));
        return tests.stream();
    }
}
