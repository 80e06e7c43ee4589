package org.fulcrum.franking;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * A second implementation of format version 1, written from franking/README.md alone with the JDK's
 * primitives and none of this library's classes: it reproduces the published vector byte for byte
 * and refuses every published forgery.
 */
class ReadmeReadingTest {
    static final HexFormat HEX = HexFormat.of();
    static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    static final List<String> ORDER = List.of(
            "version",
            "message",
            "franking_key",
            "commitment",
            "sender_id",
            "conversation_id",
            "timestamp_ms",
            "relay_key_id",
            "stamp");

    static JsonNode file(String name) throws Exception {
        return new ObjectMapper()
                .readTree(Path.of(System.getProperty("fulcrum.root", ".."))
                        .resolve("franking/test-vectors/" + name)
                        .toFile());
    }

    static byte[] lp(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(p.length).array());
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] hmac(byte[] key, byte[]... data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        for (byte[] d : data) {
            mac.update(d);
        }
        return mac.doFinal();
    }

    static byte[] commitment(byte[] frankingKey, byte[] message, String sender, String conversation) throws Exception {
        return hmac(
                frankingKey,
                lp(
                        "fulcrum/franking/v1/commitment".getBytes(US_ASCII),
                        message,
                        sender.getBytes(US_ASCII),
                        conversation.getBytes(US_ASCII)));
    }

    static byte[] stampBytes(String keyId, byte[] commitment, String sender, String conversation, long ms) {
        return lp(
                "fulcrum/franking/v1/stamp".getBytes(US_ASCII),
                keyId.getBytes(US_ASCII),
                commitment,
                sender.getBytes(US_ASCII),
                conversation.getBytes(US_ASCII),
                ByteBuffer.allocate(8).putLong(ms).array());
    }

    static PublicKey ed25519(byte[] raw) throws Exception {
        byte[] spki = HEX.parseHex("302a300506032b6570032100"); // SubjectPublicKeyInfo prefix for Ed25519
        return KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(
                        ByteBuffer.allocate(44).put(spki).put(raw).array()));
    }

    static boolean signedBy(PublicKey key, byte[] data, byte[] signature) throws Exception {
        Signature v = Signature.getInstance("Ed25519");
        v.initVerify(key);
        v.update(data);
        return v.verify(signature);
    }

    /** HKDF-SHA256 (RFC 5869), 64 bytes. */
    static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info) throws Exception {
        byte[] prk = hmac(salt, ikm);
        byte[] t1 = hmac(prk, info, new byte[] {1});
        byte[] t2 = hmac(prk, t1, info, new byte[] {2});
        return ByteBuffer.allocate(64).put(t1).put(t2).array();
    }

    static byte[] b64url(String text) {
        byte[] bytes = Base64.getUrlDecoder().decode(text);
        if (text.contains("=")
                || !Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(bytes)
                        .equals(text)) {
            throw new IllegalArgumentException("not canonical base64url");
        }
        return bytes;
    }

    @Test
    void theVectorIsReproducedFromTheReadme() throws Exception {
        JsonNode v = file("v1.json");
        byte[] frankingKey = HEX.parseHex(v.get("franking_key").asText());
        byte[] message = v.get("message_utf8").asText().getBytes(UTF_8);
        String sender = v.get("sender_id").asText();
        String conversation = v.get("conversation_id").asText();
        byte[] commitment = commitment(frankingKey, message, sender, conversation);
        assertEquals(v.get("commitment").asText(), HEX.formatHex(commitment));

        PublicKey relay = ed25519(
                Base64.getDecoder().decode(v.get("relay_public_key_base64").asText()));
        byte[] signature = HEX.parseHex(v.get("stamp_signature").asText());
        long ms = v.get("timestamp_ms").asLong();
        assertTrue(signedBy(
                relay, stampBytes(v.get("relay_key_id").asText(), commitment, sender, conversation, ms), signature));

        byte[] envelope = HEX.parseHex(v.get("envelope").asText());
        assertEquals(1, envelope[0]);
        byte[] nonce = Arrays.copyOfRange(envelope, 1, 17);
        byte[] ciphertext = Arrays.copyOfRange(envelope, 17, envelope.length - 32);
        byte[] keys =
                hkdf(nonce, HEX.parseHex(v.get("message_key").asText()), "fulcrum/franking/v1/etm".getBytes(US_ASCII));
        byte[] tag = hmac(
                Arrays.copyOfRange(keys, 32, 64),
                new byte[] {1},
                nonce,
                ByteBuffer.allocate(8).putLong(commitment.length).array(),
                commitment,
                ciphertext);
        assertTrue(MessageDigest.isEqual(tag, Arrays.copyOfRange(envelope, envelope.length - 32, envelope.length)));
        Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
        ctr.init(Cipher.DECRYPT_MODE, new SecretKeySpec(Arrays.copyOf(keys, 32), "AES"), new IvParameterSpec(nonce));
        byte[] plaintext = ctr.doFinal(ciphertext);
        assertArrayEquals(frankingKey, Arrays.copyOf(plaintext, 32));
        assertArrayEquals(message, Arrays.copyOfRange(plaintext, 32, plaintext.length));

        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String report = "{\"version\":1,\"message\":\"" + url.encodeToString(message) + "\",\"franking_key\":\""
                + url.encodeToString(frankingKey) + "\",\"commitment\":\"" + url.encodeToString(commitment)
                + "\",\"sender_id\":\"" + sender + "\",\"conversation_id\":\"" + conversation + "\",\"timestamp_ms\":"
                + ms + ",\"relay_key_id\":\"" + v.get("relay_key_id").asText() + "\",\"stamp\":\""
                + url.encodeToString(signature) + "\"}";
        assertEquals(v.get("report_json").asText(), report);
        assertTrue(accepts(report, relay, ms + 86_400_000L));
    }

    @Test
    void everyPublishedForgeryIsRefused() throws Exception {
        JsonNode n = file("v1-negative.json");
        PublicKey relay = ed25519(
                Base64.getDecoder().decode(n.get("relay_public_key_base64").asText()));
        for (JsonNode c : n.get("cases")) {
            assertFalse(
                    accepts(
                            c.get("report_json").asText(),
                            relay,
                            n.get("verifier_time_ms").asLong()),
                    c.get("name").asText());
        }
    }

    /** The verifier's duties of the README, for the one registered key "relay-2026-03". */
    static boolean accepts(String json, PublicKey relay, long nowMs) {
        try {
            JsonNode r = STRICT.readTree(json);
            if (!r.isObject()
                    || !Set.copyOf(ORDER).equals(Set.copyOf(iterable(r.fieldNames())))
                    || r.size() != ORDER.size()
                    || !r.get("version").isInt()
                    || r.get("version").asInt() != 1
                    || !r.get("timestamp_ms").isIntegralNumber()) {
                return false;
            }
            for (String f : List.of(
                    "message", "franking_key", "commitment", "sender_id", "conversation_id", "relay_key_id", "stamp")) {
                if (!r.get(f).isTextual()) {
                    return false;
                }
            }
            String sender = r.get("sender_id").asText();
            String conversation = r.get("conversation_id").asText();
            for (String id : List.of(sender, conversation, r.get("relay_key_id").asText())) {
                if (id.isEmpty() || id.length() > 128 || !id.chars().allMatch(ch -> ch >= 0x21 && ch <= 0x7e)) {
                    return false;
                }
            }
            byte[] frankingKey = b64url(r.get("franking_key").asText());
            byte[] commitment = b64url(r.get("commitment").asText());
            byte[] stamp = b64url(r.get("stamp").asText());
            byte[] message = b64url(r.get("message").asText());
            if (frankingKey.length != 32 || commitment.length != 32 || stamp.length != 64 || message.length > 65_536) {
                return false;
            }
            long ms = r.get("timestamp_ms").asLong();
            if (!r.get("relay_key_id").asText().equals("relay-2026-03")
                    || ms > nowMs + 300_000L
                    || ms < nowMs - 365L * 86_400_000L) {
                return false;
            }
            return signedBy(relay, stampBytes("relay-2026-03", commitment, sender, conversation, ms), stamp)
                    && MessageDigest.isEqual(commitment, commitment(frankingKey, message, sender, conversation));
        } catch (Exception malformed) {
            return false;
        }
    }

    static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
