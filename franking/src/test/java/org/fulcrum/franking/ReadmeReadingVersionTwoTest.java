package org.fulcrum.franking;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * A second implementation of version 2 verification, written from franking/README.md alone with the
 * JDK's primitives and Jackson, none of this library's classes: it reproduces the stamp bytes and
 * report of {@code v2.json}, accepts that report from its recipient, and refuses every case of
 * {@code v2-negative.json} (reason names are this reading's own, compared with the file's).
 */
class ReadmeReadingVersionTwoTest {
    static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    static final List<String> V1 = List.of(
            "version",
            "message",
            "franking_key",
            "commitment",
            "sender_id",
            "conversation_id",
            "timestamp_ms",
            "relay_key_id",
            "stamp");
    static final List<String> V2 = List.of(
            "version",
            "message",
            "franking_key",
            "commitment",
            "sender_id",
            "conversation_id",
            "recipient_id",
            "timestamp_ms",
            "relay_key_id",
            "stamp");
    static final long DAY = 86_400_000L;

    /** What the README's verifier duties need to know: one registered key, the clock, the policy. */
    record Setting(String keyId, PublicKey key, long keyFromMs, long nowMs, boolean acceptVersion1, String submitter) {}

    static JsonNode vectors(String name) throws IOException {
        return new ObjectMapper()
                .readTree(Path.of(System.getProperty("fulcrum.root", ".."))
                        .resolve("franking/test-vectors/" + name)
                        .toFile());
    }

    /** lp(x) for each field in turn: uint32be length, then the bytes. */
    static byte[] lengthPrefixed(byte[]... fields) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (byte[] f : fields) {
            out.writeInt(f.length);
            out.write(f);
        }
        return bytes.toByteArray();
    }

    static byte[] longBytes(long value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new DataOutputStream(bytes).writeLong(value);
        return bytes.toByteArray();
    }

    static byte[] ascii(String s) {
        return s.getBytes(US_ASCII);
    }

    static byte[] stampV2Bytes(
            String keyId, byte[] commitment, String sender, String conversation, String recipient, long ms)
            throws IOException {
        return lengthPrefixed(
                ascii("fulcrum/franking/v2/stamp"),
                ascii(keyId),
                commitment,
                ascii(sender),
                ascii(conversation),
                ascii(recipient),
                longBytes(ms));
    }

    static byte[] stampV1Bytes(String keyId, byte[] commitment, String sender, String conversation, long ms)
            throws IOException {
        return lengthPrefixed(
                ascii("fulcrum/franking/v1/stamp"),
                ascii(keyId),
                commitment,
                ascii(sender),
                ascii(conversation),
                longBytes(ms));
    }

    static byte[] commitment(byte[] key, byte[] message, String sender, String conversation) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(
                lengthPrefixed(ascii("fulcrum/franking/v1/commitment"), message, ascii(sender), ascii(conversation)));
    }

    static PublicKey rawEd25519(String base64) throws Exception {
        byte[] raw = Base64.getDecoder().decode(base64);
        byte[] spki = new byte[44];
        System.arraycopy(HexFormat.of().parseHex("302a300506032b6570032100"), 0, spki, 0, 12);
        System.arraycopy(raw, 0, spki, 12, 32);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    }

    static boolean ed25519(PublicKey key, byte[] data, byte[] signature) throws Exception {
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(key);
        s.update(data);
        return s.verify(signature);
    }

    /** base64url without padding, canonical only, of exactly {@code min..max} bytes; null when not. */
    static byte[] canonical(JsonNode node, int min, int max) {
        if (!node.isTextual() || node.asText().contains("=")) {
            return null;
        }
        try {
            byte[] b = Base64.getUrlDecoder().decode(node.asText());
            boolean roundTrips =
                    Base64.getUrlEncoder().withoutPadding().encodeToString(b).equals(node.asText());
            return roundTrips && b.length >= min && b.length <= max ? b : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static boolean isId(JsonNode node, int max) {
        if (!node.isTextual()) {
            return false;
        }
        String s = node.asText();
        return !s.isEmpty() && s.length() <= max && s.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
    }

    /** The README's verifier, steps 1 to 8, returning the reason of the first failed step or "VERIFIED". */
    static String verify(String json, Setting at) throws Exception {
        JsonNode r;
        try {
            r = STRICT.readTree(json);
        } catch (IOException e) {
            return "MALFORMED";
        }
        if (r == null || !r.isObject() || !r.path("version").isIntegralNumber()) {
            return "MALFORMED";
        }
        long version = r.get("version").asLong();
        List<String> fields = version == 1 ? V1 : version == 2 ? V2 : null;
        List<String> names = new ArrayList<>();
        r.fieldNames().forEachRemaining(names::add);
        if (fields == null || names.size() != fields.size() || !names.containsAll(fields)) {
            return "MALFORMED";
        }
        byte[] message = canonical(r.get("message"), 0, 65_536);
        byte[] frankingKey = canonical(r.get("franking_key"), 32, 32);
        byte[] commitment = canonical(r.get("commitment"), 32, 32);
        byte[] stamp = canonical(r.get("stamp"), 64, 64);
        boolean ids = isId(r.get("sender_id"), 128)
                && isId(r.get("conversation_id"), 128)
                && isId(r.get("relay_key_id"), 64)
                && (version == 1 || isId(r.get("recipient_id"), 128));
        JsonNode time = r.get("timestamp_ms");
        if (message == null
                || frankingKey == null
                || commitment == null
                || stamp == null
                || !ids
                || !time.isIntegralNumber()
                || time.asLong() < 0
                || time.asLong() > 253_402_300_799_999L) {
            return "MALFORMED";
        }
        if (version == 1 && !at.acceptVersion1()) {
            return "VERSION_NOT_ACCEPTED";
        }
        if (!r.get("relay_key_id").asText().equals(at.keyId())) {
            return "UNKNOWN_RELAY_KEY";
        }
        long ms = time.asLong();
        if (ms > at.nowMs() + 5 * 60_000L || ms < at.nowMs() - 365 * DAY) {
            return "TIMESTAMP_OUT_OF_RANGE";
        }
        if (ms < at.keyFromMs()) {
            return "EXPIRED_KEY";
        }
        String sender = r.get("sender_id").asText();
        String conversation = r.get("conversation_id").asText();
        byte[] signed = version == 2
                ? stampV2Bytes(
                        at.keyId(),
                        commitment,
                        sender,
                        conversation,
                        r.get("recipient_id").asText(),
                        ms)
                : stampV1Bytes(at.keyId(), commitment, sender, conversation, ms);
        if (!ed25519(at.key(), signed, stamp)) {
            return "BAD_STAMP";
        }
        if (!MessageDigest.isEqual(commitment, commitment(frankingKey, message, sender, conversation))) {
            return "BAD_COMMITMENT";
        }
        if (version == 2 && !r.get("recipient_id").asText().equals(at.submitter())) {
            return "NOT_RECIPIENT";
        }
        return "VERIFIED";
    }

    @Test
    void theVersionTwoVectorIsReproducedAndVerifiesFromItsRecipient() throws Exception {
        JsonNode v = vectors("v2.json");
        HexFormat hex = HexFormat.of();
        byte[] commitment = commitment(
                hex.parseHex(v.get("franking_key").asText()),
                v.get("message_utf8").asText().getBytes(UTF_8),
                v.get("sender_id").asText(),
                v.get("conversation_id").asText());
        assertEquals(v.get("commitment").asText(), hex.formatHex(commitment));
        byte[] signed = stampV2Bytes(
                v.get("relay_key_id").asText(),
                commitment,
                v.get("sender_id").asText(),
                v.get("conversation_id").asText(),
                v.get("recipient_id").asText(),
                v.get("timestamp_ms").asLong());
        assertEquals(v.get("stamp_signed_bytes").asText(), hex.formatHex(signed));
        PublicKey relay = rawEd25519(v.get("relay_public_key_base64").asText());
        assertTrue(ed25519(relay, signed, hex.parseHex(v.get("stamp_signature").asText())));

        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String report = "{\"version\":2,\"message\":\""
                + url.encodeToString(v.get("message_utf8").asText().getBytes(UTF_8))
                + "\",\"franking_key\":\""
                + url.encodeToString(hex.parseHex(v.get("franking_key").asText()))
                + "\",\"commitment\":\"" + url.encodeToString(commitment)
                + "\",\"sender_id\":\"" + v.get("sender_id").asText()
                + "\",\"conversation_id\":\"" + v.get("conversation_id").asText()
                + "\",\"recipient_id\":\"" + v.get("recipient_id").asText()
                + "\",\"timestamp_ms\":" + v.get("timestamp_ms").asLong()
                + ",\"relay_key_id\":\"" + v.get("relay_key_id").asText()
                + "\",\"stamp\":\""
                + url.encodeToString(hex.parseHex(v.get("stamp_signature").asText())) + "\"}";
        assertEquals(v.get("report_json").asText(), report);

        long now = v.get("timestamp_ms").asLong() + DAY;
        Setting fromRecipient = new Setting(
                "relay-2026-03", relay, 0, now, false, v.get("recipient_id").asText());
        assertEquals("VERIFIED", verify(report, fromRecipient));
        assertEquals("NOT_RECIPIENT", verify(report, new Setting("relay-2026-03", relay, 0, now, false, "user:1001")));
    }

    @Test
    void everyPublishedVersionTwoForgeryIsRefusedForTheSameReason() throws Exception {
        JsonNode n = vectors("v2-negative.json");
        PublicKey relay = rawEd25519(n.get("relay_public_key_base64").asText());
        long keyFrom = java.time.Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        for (JsonNode c : n.get("cases")) {
            Setting at = new Setting(
                    n.get("relay_key_id").asText(),
                    relay,
                    keyFrom,
                    n.get("verifier_time_ms").asLong(),
                    c.path("accept_version1").asBoolean(true),
                    c.path("reporter_id").asText(n.get("reporter_id").asText()));
            assertEquals(
                    c.get("expected_reason").asText(),
                    verify(c.get("report_json").asText(), at),
                    c.get("name").asText());
        }
    }
}
