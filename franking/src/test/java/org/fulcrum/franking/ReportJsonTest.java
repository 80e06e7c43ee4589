package org.fulcrum.franking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReportJsonTest {

    private static final byte[] MESSAGE = {'h', 'i', '!'};
    private static final byte[] KEY = filled(32, 1);
    private static final byte[] COMMITMENT = filled(32, 2);
    private static final byte[] SIGNATURE = filled(64, 3);
    private static final FrankingReport REPORT = new FrankingReport(
            MESSAGE,
            new FrankingKey(KEY),
            new Commitment(COMMITMENT),
            new SenderId("user:1"),
            new ConversationId("chat:1"),
            new Stamp(new RelayKeyId("relay-1"), Instant.ofEpochMilli(1772366400123L), SIGNATURE));
    private static final String JSON = "{\"version\":1,\"message\":\"aGkh\","
            + "\"franking_key\":\"AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE\","
            + "\"commitment\":\"AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI\","
            + "\"sender_id\":\"user:1\",\"conversation_id\":\"chat:1\",\"timestamp_ms\":1772366400123,"
            + "\"relay_key_id\":\"relay-1\",\"stamp\":\"AwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAw"
            + "MDAwMDAwMDAwMDAwMDAw\"}";

    @Test
    void writesTheDocumentedSchemaOnOneLine() {
        assertThat(REPORT.toJson()).isEqualTo(JSON);
    }

    @Test
    void readsWhatItWrites() {
        assertThat(FrankingReport.fromJson(JSON)).isEqualTo(new ParsedReport.Ok(REPORT));
    }

    @Test
    void acceptsWhitespaceAnyFieldOrderAndEscapes() {
        String spaced = JSON.replace(",", " ,\n\t")
                .replace("\":", "\" : ")
                .replace("{", "{ ")
                .replace("}", "\r\n}");
        assertThat(FrankingReport.fromJson(spaced)).isEqualTo(new ParsedReport.Ok(REPORT));
        String reordered = "{\"stamp\":" + JSON.substring(JSON.indexOf("\"stamp\":") + 8, JSON.length() - 1) + ","
                + JSON.substring(1, JSON.indexOf(",\"stamp\"")) + "}";
        assertThat(FrankingReport.fromJson(reordered)).isEqualTo(new ParsedReport.Ok(REPORT));
        assertThat(FrankingReport.fromJson(JSON.replace("user:1", "user\\u003a1")))
                .isEqualTo(new ParsedReport.Ok(REPORT));
    }

    @Test
    void idsWithQuotesAndBackslashesSurviveTheRoundTrip() {
        FrankingReport odd = new FrankingReport(
                MESSAGE,
                new FrankingKey(KEY),
                new Commitment(COMMITMENT),
                new SenderId("a\"b\\c"),
                new ConversationId("\\\"\\"),
                REPORT.stamp());
        assertThat(FrankingReport.fromJson(odd.toJson())).isEqualTo(new ParsedReport.Ok(odd));
    }

    @Test
    void messageUpToTheLimitIsReadAndOneByteMoreIsNot() {
        assertThat(FrankingReport.fromJson(withMessage(new byte[100]), 100)).isInstanceOf(ParsedReport.Ok.class);
        assertMalformed(FrankingReport.fromJson(withMessage(new byte[101]), 100), "message");
        assertThat(FrankingReport.fromJson(withMessage(new byte[64 * 1024]))).isInstanceOf(ParsedReport.Ok.class);
        assertMalformed(FrankingReport.fromJson(withMessage(new byte[64 * 1024 + 1])), "message");
    }

    @Test
    void textFarLargerThanAnyReportIsRefusedBeforeParsing() {
        String huge = JSON.replace("\"version\":1", "\"version\":1" + " ".repeat(10_000));
        assertMalformed(FrankingReport.fromJson(huge, 100), "json");
    }

    @Test
    void everyProperPrefixIsMalformed() {
        for (int length = 0; length < JSON.length(); length++) {
            assertThat(FrankingReport.fromJson(JSON.substring(0, length)))
                    .as("prefix %d", length)
                    .isInstanceOf(ParsedReport.Malformed.class);
        }
    }

    @Nested
    class Refuses {

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "version",
                    "message",
                    "franking_key",
                    "commitment",
                    "sender_id",
                    "conversation_id",
                    "timestamp_ms",
                    "relay_key_id",
                    "stamp"
                })
        void aMissingField(String field) {
            assertMalformed(FrankingReport.fromJson(without(field)), field);
        }

        @Test
        void anUnknownField() {
            assertMalformed(FrankingReport.fromJson(JSON.replace("}", ",\"note\":\"x\"}")), "note");
            assertMalformed(FrankingReport.fromJson(JSON.replace("\"message\"", "\"Message\"")), "Message");
        }

        @Test
        void aDuplicateField() {
            assertMalformed(FrankingReport.fromJson(JSON.replace("}", ",\"sender_id\":\"user:2\"}")), "json");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', textBlock = """
            franking_key | AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE | AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQ
            franking_key | AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE | AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEB
            franking_key | AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE | AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=
            franking_key | AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE | AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQF
            franking_key | AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE | AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBA+E
            commitment   | AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI | AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAg
            message      | aGkh                                        | aGkh=
            message      | aGkh                                        | aGkhA
            message      | aGkh                                        | aG/h
            message      | aGkh                                        | aGkh\\n
            """)
        void badBase64OrAWrongLength(String field, String good, String bad) {
            assertThat(JSON).contains(good);
            assertMalformed(FrankingReport.fromJson(JSON.replace(good, bad)), field);
        }

        @Test
        void aTruncatedStamp() {
            String stamp = JSON.substring(JSON.indexOf("\"stamp\":\"") + 9, JSON.length() - 2);
            assertMalformed(
                    FrankingReport.fromJson(JSON.replace(stamp, stamp.substring(0, stamp.length() - 3))), "stamp");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', textBlock = """
            timestamp_ms | "timestamp_ms":-1
            timestamp_ms | "timestamp_ms":"1772366400123"
            timestamp_ms | "timestamp_ms":253402300800000
            json         | "timestamp_ms":01772366400123
            json         | "timestamp_ms":1772366400123.0
            json         | "timestamp_ms":1.772366400123e12
            json         | "timestamp_ms":1234567890123456789
            json         | "timestamp_ms":null
            json         | "timestamp_ms":true
            json         | "timestamp_ms":[1772366400123]
            json         | "timestamp_ms":{"ms":1772366400123}
            json         | "timestamp_ms":-
            """)
        void aTimestampThatIsNotAnInRangeInteger(String field, String replacement) {
            assertMalformed(
                    FrankingReport.fromJson(JSON.replace("\"timestamp_ms\":1772366400123", replacement)), field);
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"version\":3", "\"version\":0", "\"version\":\"1\""})
        void anotherVersion(String replacement) {
            assertMalformed(FrankingReport.fromJson(JSON.replace("\"version\":1", replacement)), "version");
        }

        @Test
        void versionTwoWithoutTheRecipient() {
            assertMalformed(FrankingReport.fromJson(JSON.replace("\"version\":1", "\"version\":2")), "recipient_id");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "user 1", "user\\u00e91", "user\\t1", "user\\u00001", "\\ud800"})
        void anIdThatIsNotOneToNVisibleAsciiCharacters(String id) {
            assertMalformed(FrankingReport.fromJson(JSON.replace("\"user:1\"", "\"" + id + "\"")), "sender_id");
        }

        @Test
        void anIdThatIsTooLong() {
            assertMalformed(FrankingReport.fromJson(JSON.replace("chat:1", "c".repeat(129))), "conversation_id");
            assertThat(FrankingReport.fromJson(JSON.replace("chat:1", "c".repeat(128))))
                    .isInstanceOf(ParsedReport.Ok.class);
            assertMalformed(FrankingReport.fromJson(JSON.replace("relay-1", "r".repeat(65))), "relay_key_id");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "",
                    " ",
                    "null",
                    "[]",
                    "\"report\"",
                    "{",
                    "}",
                    "{}{}",
                    "{\"version\":1}x",
                    "{\"version\":1,}",
                    "{,\"version\":1}",
                    "{\"version\" 1}",
                    "{'version':1}",
                    "{\"a\\x\":1}",
                    "{\"a\":\"\\u12\"}",
                    "{\"a\":\"tab\there\"}"
                })
        void textThatIsNotOneFlatObject(String json) {
            assertThat(FrankingReport.fromJson(json)).isInstanceOf(ParsedReport.Malformed.class);
        }

        @Test
        void trailingContentAfterTheObject() {
            assertMalformed(FrankingReport.fromJson(JSON + "{}"), "json");
            assertMalformed(FrankingReport.fromJson(JSON + ","), "json");
        }
    }

    private static void assertMalformed(ParsedReport parsed, String field) {
        assertThat(parsed)
                .isInstanceOfSatisfying(
                        ParsedReport.Malformed.class, m -> assertThat(m.field()).isEqualTo(field));
    }

    private static String withMessage(byte[] message) {
        return JSON.replace("\"aGkh\"", "\"" + Base64Url.encode(message) + "\"");
    }

    private static String without(String field) {
        int start = JSON.indexOf("\"" + field + "\":");
        int end = JSON.indexOf(",\"", start + 1);
        return end < 0 ? JSON.substring(0, start - 1) + "}" : JSON.substring(0, start) + JSON.substring(end + 1);
    }

    private static byte[] filled(int length, int value) {
        byte[] out = new byte[length];
        Arrays.fill(out, (byte) value);
        return out;
    }
}
