package org.fulcrum.franking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.fulcrum.testkit.Seeded;
import org.junit.jupiter.api.Test;

class FrankingPropertiesTest {

    /** What each field's alteration may be rejected as; the order of the verifier's checks decides. */
    private static final Map<String, Set<RejectReason>> EXPECTED = Map.of(
            "version", EnumSet.of(RejectReason.MALFORMED),
            "message", EnumSet.of(RejectReason.BAD_COMMITMENT),
            "franking_key", EnumSet.of(RejectReason.BAD_COMMITMENT),
            "commitment", EnumSet.of(RejectReason.BAD_STAMP),
            "sender_id", EnumSet.of(RejectReason.BAD_STAMP, RejectReason.MALFORMED),
            "conversation_id", EnumSet.of(RejectReason.BAD_STAMP, RejectReason.MALFORMED),
            "timestamp_ms",
                    EnumSet.of(
                            RejectReason.BAD_STAMP,
                            RejectReason.TIMESTAMP_OUT_OF_RANGE,
                            RejectReason.EXPIRED_KEY,
                            RejectReason.MALFORMED),
            "relay_key_id", EnumSet.of(RejectReason.UNKNOWN_RELAY_KEY, RejectReason.MALFORMED),
            "stamp", EnumSet.of(RejectReason.BAD_STAMP));

    private final Fixture f = new Fixture();

    @Test
    void everyHonestReportVerifiesDirectlyAndAsJson() {
        Seeded.forAll(200, r -> everyHonestReportVerifiesDirectlyAndAsJson(Seeded.bytes(r, 0, 2000), id(r), id(r)));
    }

    private void everyHonestReportVerifiesDirectlyAndAsJson(byte[] message, String sender, String conversation) {
        FrankingReport report = f.report(message, new SenderId(sender), new ConversationId(conversation));

        assertThat(f.verifier.verify(report)).isEqualTo(new Verification.Verified(report));
        assertThat(f.verifier.verifyJson(report.toJson())).isEqualTo(new Verification.Verified(report));
    }

    @Test
    void anySingleBitChangeToAnyReportFieldIsRejected() {
        Seeded.forAll(
                500,
                r -> anySingleBitChangeToAnyReportFieldIsRejected(
                        Seeded.bytes(r, 1, 300),
                        id(r),
                        id(r),
                        Seeded.oneOf(r, List.copyOf(EXPECTED.keySet())),
                        Seeded.between(r, 0, Integer.MAX_VALUE)));
    }

    private void anySingleBitChangeToAnyReportFieldIsRejected(
            byte[] message, String sender, String conversation, String field, int position) {
        FrankingReport report = f.report(message, new SenderId(sender), new ConversationId(conversation));
        Map<String, Object> fields = fields(report);
        fields.put(field, flip(fields.get(field), position));

        Verification verification = f.verifier.verifyJson(render(fields));

        assertThat(verification)
                .isInstanceOfSatisfying(
                        Verification.Rejected.class, r -> assertThat(r.reason()).isIn(EXPECTED.get(field)));
    }

    @Test
    void anySingleBitChangeToTheJsonTextIsRejected() {
        Seeded.forAll(
                500,
                r -> anySingleBitChangeToTheJsonTextIsRejected(
                        Seeded.bytes(r, 0, 300),
                        id(r),
                        Seeded.between(r, 0, Integer.MAX_VALUE),
                        Seeded.between(r, 0, 7)));
    }

    private void anySingleBitChangeToTheJsonTextIsRejected(byte[] message, String sender, int position, int bit) {
        String json = f.report(message, new SenderId(sender), Fixture.CHAT).toJson();
        char[] chars = json.toCharArray();
        chars[position % chars.length] ^= (char) (1 << bit);

        assertThat(f.verifier.verifyJson(new String(chars))).isInstanceOf(Verification.Rejected.class);
    }

    /** An id of printable ASCII without spaces, of any allowed length. */
    private static String id(Random r) {
        char[] chars = new char[Seeded.between(r, 1, SenderId.MAX_LENGTH)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) Seeded.between(r, '!', '~');
        }
        return new String(chars);
    }

    /** The report's JSON fields as values: base64url fields as bytes, ids as strings, numbers as longs. */
    private static Map<String, Object> fields(FrankingReport r) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("version", 1L);
        fields.put("message", r.message());
        fields.put("franking_key", r.frankingKey().bytes());
        fields.put("commitment", r.commitment().bytes());
        fields.put("sender_id", r.sender().value());
        fields.put("conversation_id", r.conversation().value());
        fields.put("timestamp_ms", r.timestamp().toEpochMilli());
        fields.put("relay_key_id", r.relayKeyId().value());
        fields.put("stamp", r.stamp().signature());
        return fields;
    }

    private static Object flip(Object value, int position) {
        return switch (value) {
            case byte[] bytes -> {
                byte[] flipped = bytes.clone();
                int bit = position % (bytes.length * 8);
                flipped[bit / 8] ^= (byte) (1 << (bit % 8));
                yield flipped;
            }
            case String text -> {
                char[] chars = text.toCharArray();
                int bit = position % (chars.length * 8);
                chars[bit / 8] ^= (char) (1 << (bit % 8));
                yield new String(chars);
            }
            case Long number -> number ^ (1L << (position % 64));
            default -> throw new IllegalArgumentException(value.getClass().toString());
        };
    }

    /** Writes any field values as JSON, escaping whatever a flipped bit produced. */
    private static String render(Map<String, Object> fields) {
        StringBuilder json = new StringBuilder("{");
        fields.forEach((name, value) -> {
            json.append(json.length() > 1 ? "," : "").append('"').append(name).append("\":");
            switch (value) {
                case byte[] bytes ->
                    json.append('"')
                            .append(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes))
                            .append('"');
                case String text -> json.append(quoted(text));
                default -> json.append(value);
            }
        });
        return json.append('}').toString();
    }

    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
