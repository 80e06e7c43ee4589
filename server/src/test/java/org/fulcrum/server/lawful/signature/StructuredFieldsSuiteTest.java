package org.fulcrum.server.lawful.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.fulcrum.server.lawful.signature.StructuredFields.Date;
import org.fulcrum.server.lawful.signature.StructuredFields.DisplayString;
import org.fulcrum.server.lawful.signature.StructuredFields.Inner;
import org.fulcrum.server.lawful.signature.StructuredFields.Item;
import org.fulcrum.server.lawful.signature.StructuredFields.Malformed;
import org.fulcrum.server.lawful.signature.StructuredFields.Token;
import org.fulcrum.server.support.SharedData;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The HTTP working group's Structured Field Values test suite (httpwg/structured-field-tests, in
 * ../shared/structured-fields): every parsing case gives the expected value or fails as it must, and
 * every value serialises to its canonical form; the serialisation-only cases likewise.
 */
class StructuredFieldsSuiteTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> parsingCases() throws Exception {
        Path dir = SharedData.require("structured-fields");
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                for (JsonNode c : JSON.readTree(file.toFile())) {
                    tests.add(DynamicTest.dynamicTest(
                            file.getFileName() + ": " + c.get("name").asText(), () -> parse(c)));
                }
            }
        }
        assertThat(tests).hasSizeGreaterThan(1000);
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> serialisationCases() throws Exception {
        Path dir = SharedData.require("structured-fields/serialisation-tests");
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                for (JsonNode c : JSON.readTree(file.toFile())) {
                    tests.add(DynamicTest.dynamicTest(
                            file.getFileName() + ": " + c.get("name").asText(), () -> {
                                String type = c.get("header_type").asText();
                                if (c.path("must_fail").asBoolean()) {
                                    assertThatThrownBy(() -> serialise(type, fromJson(type, c.get("expected"))))
                                            .isInstanceOf(IllegalArgumentException.class);
                                } else {
                                    assertThat(serialise(type, fromJson(type, c.get("expected"))))
                                            .isEqualTo(joined(c.get("canonical")));
                                }
                            }));
                }
            }
        }
        return tests.stream();
    }

    static void parse(JsonNode c) throws Exception {
        String type = c.get("header_type").asText();
        List<String> lines = new ArrayList<>();
        c.get("raw").forEach(l -> lines.add(l.asText()));
        String field = String.join(", ", lines);
        Object parsed;
        try {
            parsed = switch (type) {
                case "item" -> StructuredFields.parseItem(field);
                case "list" -> StructuredFields.parseList(field);
                case "dictionary" -> StructuredFields.parseDictionary(field);
                default -> throw new AssertionError(type);
            };
        } catch (Malformed e) {
            assertThat(c.path("must_fail").asBoolean() || c.path("can_fail").asBoolean())
                    .as("refused: " + e.getMessage())
                    .isTrue();
            return;
        }
        assertThat(c.path("must_fail").asBoolean())
                .as("parsed what must fail: " + field)
                .isFalse();
        assertThat(normal(parsed)).isEqualTo(normal(fromJson(type, c.get("expected"))));
        String canonical = c.has("canonical") ? joined(c.get("canonical")) : field;
        assertThat(serialise(type, parsed)).isEqualTo(canonical);
    }

    static String joined(JsonNode lines) {
        List<String> out = new ArrayList<>();
        lines.forEach(l -> out.add(l.asText()));
        return String.join(", ", out);
    }

    @SuppressWarnings("unchecked")
    static String serialise(String type, Object value) {
        return switch (type) {
            case "item" -> StructuredFieldsWriter.item((Item) value);
            case "list" -> StructuredFieldsWriter.list((List<Object>) value);
            default -> StructuredFieldsWriter.dictionary((Map<String, Object>) value);
        };
    }

    /** The suite's JSON form of a field value, as the parser's Java values. */
    static Object fromJson(String type, JsonNode n) {
        switch (type) {
            case "item":
                return item(n);
            case "list": {
                List<Object> out = new ArrayList<>();
                n.forEach(m -> out.add(member(m)));
                return out;
            }
            default: {
                Map<String, Object> out = new LinkedHashMap<>();
                n.forEach(m -> out.put(m.get(0).asText(), member(m.get(1))));
                return out;
            }
        }
    }

    static Object member(JsonNode n) {
        if (n.get(0).isArray()) {
            List<Item> items = new ArrayList<>();
            n.get(0).forEach(i -> items.add(item(i)));
            return new Inner(items, params(n.get(1)));
        }
        return item(n);
    }

    static Item item(JsonNode n) {
        return new Item(bare(n.get(0)), params(n.get(1)));
    }

    static Map<String, Object> params(JsonNode n) {
        Map<String, Object> out = new LinkedHashMap<>();
        n.forEach(p -> out.put(p.get(0).asText(), bare(p.get(1))));
        return out;
    }

    static Object bare(JsonNode n) {
        if (n.isObject()) {
            String value = n.get("value").asText();
            return switch (n.get("__type").asText()) {
                case "token" -> new Token(value);
                case "binary" -> base32(value);
                case "date" -> new Date(n.get("value").asLong());
                case "displaystring" -> new DisplayString(value);
                default -> throw new AssertionError(n);
            };
        }
        if (n.isIntegralNumber()) {
            return n.asLong();
        }
        if (n.isNumber()) {
            return n.decimalValue();
        }
        return n.isBoolean() ? (Object) n.asBoolean() : n.asText();
    }

    /** Values in a form whose equals compares content (byte arrays, decimals of any scale). */
    static Object normal(Object v) {
        return switch (v) {
            case Item i -> List.of("item", normal(i.value()), normal(i.params()));
            case Inner i ->
                List.of(
                        "inner",
                        i.items().stream()
                                .map(StructuredFieldsSuiteTest::normal)
                                .toList(),
                        normal(i.params()));
            case Map<?, ?> m -> {
                List<Object> out = new ArrayList<>();
                m.forEach((k, x) -> out.add(List.of(k, normal(x))));
                yield out;
            }
            case List<?> l -> l.stream().map(StructuredFieldsSuiteTest::normal).toList();
            case byte[] b -> "bytes:" + HexFormat.of().formatHex(b);
            case BigDecimal d -> "decimal:" + d.stripTrailingZeros().toPlainString();
            case Long l -> "integer:" + l;
            default -> v;
        };
    }

    static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : text.replace("=", "").toCharArray()) {
            buffer = buffer << 5 | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.write(buffer >> (bits - 8) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}
