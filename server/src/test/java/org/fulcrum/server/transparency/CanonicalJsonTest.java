package org.fulcrum.server.transparency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.support.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The log's canonical JSON against the RFC 8785 vectors of the RFC author's reference
 * implementation (../shared/jcs): the same bytes for every value a log entry can hold, and a
 * refusal, never other bytes, for what it cannot (null, fractions).
 */
class CanonicalJsonTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final double EXACT = 9007199254740992d;

    @ParameterizedTest
    @ValueSource(strings = {"french", "structures", "unicode", "weird"})
    void entriesOfStringsIntegersListsAndMapsAreEncodedAsRfc8785Does(String name) throws Exception {
        Path dir = SharedData.require("jcs");
        Map<String, Object> value = read(dir.resolve("input/" + name + ".json"));
        byte[] expected = Files.readAllBytes(dir.resolve("output/" + name + ".json"));
        assertThat(new String(CanonicalJson.bytes(value), StandardCharsets.UTF_8))
                .isEqualTo(new String(expected, StandardCharsets.UTF_8));
        String hex = Files.readString(dir.resolve("outhex/" + name + ".txt")).replaceAll("\\s+", "");
        assertThat(CanonicalJson.bytes(value)).isEqualTo(HexFormat.of().parseHex(hex));
    }

    @Test
    void stringsEscapeOnlyQuotesBackslashesAndControlCharactersInLowerCaseHex() throws Exception {
        Path dir = SharedData.require("jcs");
        Map<String, Object> values = read(dir.resolve("input/values.json"));
        String output = Files.readString(dir.resolve("output/values.json"), StandardCharsets.UTF_8);
        String expected = "{" + output.substring(output.indexOf("\"string\":"));
        assertThat(new String(CanonicalJson.bytes(Map.of("string", values.get("string"))), StandardCharsets.UTF_8))
                .isEqualTo(expected);
    }

    @Test
    void nullAndFractionsAreRefusedRatherThanEncodedDifferently() throws Exception {
        Path dir = SharedData.require("jcs");
        Map<String, Object> values = read(dir.resolve("input/values.json"));
        assertThatThrownBy(() -> CanonicalJson.bytes(Map.of("numbers", values.get("numbers"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Double");
        assertThatThrownBy(() -> CanonicalJson.bytes(Map.of("literals", values.get("literals"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("null");
        assertThat(new String(CanonicalJson.bytes(Map.of("literals", List.of(true, false))), StandardCharsets.UTF_8))
                .isEqualTo("{\"literals\":[true,false]}");
    }

    /** A vector as the values an entry holds: integral numbers (56.0 is 56) as integers. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> read(Path file) throws Exception {
        return (Map<String, Object>) integers(JSON.readValue(file.toFile(), LinkedHashMap.class));
    }

    static Object integers(Object v) {
        return switch (v) {
            case Double d when d == Math.rint(d) && Math.abs(d) <= EXACT -> d.longValue();
            case Map<?, ?> m -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                m.forEach((k, x) -> out.put(k, integers(x)));
                yield out;
            }
            case List<?> l -> l.stream().map(CanonicalJsonTest::integers).toList();
            case null -> null;
            default -> v;
        };
    }
}
