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
        return new ObjectMapper().readTree(Path.of(System.getProperty("fulcrum.root", ".."))
                .resolve("franking/test-vectors/v1-negative.json").toFile());
    }

    @TestFactory
    Stream<DynamicTest> everyNegativeVectorIsRefusedForItsReason() throws Exception {
        JsonNode file = vectors();
        RelayKey key = RelayKey.active(new RelayKeyId(file.get("relay_key_id").asText()),
                RelayKeys.decodePublicKey(file.get("relay_public_key_base64").asText()),
                Instant.parse("2026-01-01T00:00:00Z"));
        Clock clock = Clock.fixed(Instant.ofEpochMilli(file.get("verifier_time_ms").asLong()), ZoneOffset.UTC);
        FrankingVerifier verifier = new FrankingVerifier(RelayKeyRegistry.of(key), clock);
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : file.get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () ->
                    assertThat(verifier.verifyJson(c.get("report_json").asText()))
                            .isInstanceOfSatisfying(Verification.Rejected.class, r -> assertThat(r.reason().name())
                                    .isEqualTo(c.get("expected_reason").asText()))));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(20);
        String honest = new ObjectMapper().readTree(Path.of(System.getProperty("fulcrum.root", ".."))
                .resolve("franking/test-vectors/v1.json").toFile()).get("report_json").asText();
        tests.add(DynamicTest.dynamicTest("the unaltered report verifies under the same settings", () ->
                assertThat(verifier.verifyJson(honest)).isInstanceOf(Verification.Verified.class)));
        return tests.stream();
    }
}
