package org.fulcrum.server.exchange;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.keys.Ed25519;

/**
 * A feed batch as it travels: a JSON Web Signature in the flattened JSON serialization (RFC 7515
 * section 7.2.2) with EdDSA over Ed25519 (RFC 8037). The protected header names the algorithm, the
 * key id and the type {@value #TYPE}; the payload is the batch's JSON; the signature covers
 * {@code ASCII(protected + "." + payload)}, both base64url without padding.
 */
public final class FeedSignature {
    /** The protected header's {@code typ}. */
    public static final String TYPE = "fulcrum-exchange+json";

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();

    private FeedSignature() {}

    /**
     * The signed batch.
     *
     * @param protectedHeader base64url of the protected header's JSON
     * @param payload base64url of the batch's JSON
     * @param signature base64url of the Ed25519 signature
     */
    public record SignedBatch(@JsonProperty("protected") String protectedHeader, String payload, String signature) {}

    /** Why a batch was refused. */
    public static final class BatchRefused extends Exception {
        BatchRefused(String message) {
            super(message);
        }
    }

    static SignedBatch sign(FeedKey key, byte[] payloadJson, Json json) {
        String header = B64.encodeToString(
                json.write(new java.util.TreeMap<>(java.util.Map.of("alg", "EdDSA", "kid", key.keyId(), "typ", TYPE)))
                        .getBytes(StandardCharsets.UTF_8));
        String payload = B64.encodeToString(payloadJson);
        byte[] sig = key.sign(FeedKey.ascii(header + "." + payload));
        return new SignedBatch(header, payload, B64.encodeToString(sig));
    }

    /**
     * The payload of a signed batch, if it is signed by {@code publicKey} with the expected header;
     * throws {@link BatchRefused} naming what is wrong otherwise.
     */
    static byte[] verify(String body, byte[] publicKey, Json json) throws BatchRefused {
        JsonNode envelope;
        try {
            envelope = json.tree(body);
        } catch (IOException e) {
            throw new BatchRefused("the batch is not JSON");
        }
        if (envelope == null || !envelope.isObject()) {
            throw new BatchRefused("the batch is not a JSON object");
        }
        String header = text(envelope, "protected");
        String payload = text(envelope, "payload");
        String signature = text(envelope, "signature");
        byte[] sig = decode("signature", signature);
        if (!Ed25519.verify(publicKey, FeedKey.ascii(header + "." + payload), sig)) {
            throw new BatchRefused("the batch's signature does not verify with the pinned publisher key");
        }
        JsonNode h;
        try {
            h = json.mapper().readTree(decode("protected", header));
        } catch (IOException e) {
            throw new BatchRefused("the protected header is not JSON");
        }
        if (h == null
                || !"EdDSA".equals(h.path("alg").asText())
                || !TYPE.equals(h.path("typ").asText())) {
            throw new BatchRefused("the protected header must name alg EdDSA and typ " + TYPE);
        }
        return decode("payload", payload);
    }

    private static String text(JsonNode n, String field) throws BatchRefused {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new BatchRefused("the batch has no " + field);
        }
        return v.asText();
    }

    private static byte[] decode(String field, String b64) throws BatchRefused {
        try {
            return UNB64.decode(b64);
        } catch (IllegalArgumentException e) {
            throw new BatchRefused("the batch's " + field + " is not base64url");
        }
    }
}
