package org.fulcrum.server.lawful;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.fulcrum.server.lawful.SignatureRejected.Reason;

/**
 * RFC 9421 HTTP Message Signatures with Ed25519, as Fulcrum's lawful API uses them: a request
 * signature covers {@code @method}, {@code @target-uri} and {@code content-digest} (RFC 9530) and
 * carries {@code created}, {@code nonce} and {@code keyid}; a response signature by Fulcrum covers
 * {@code @status} and {@code content-digest}. One signature per message, labelled freely.
 */
public final class HttpSignatures {
    public static final List<String> REQUEST_COMPONENTS = List.of("@method", "@target-uri", "content-digest");
    public static final List<String> RESPONSE_COMPONENTS = List.of("@status", "content-digest");
    /** What {@code Accept-Signature} asks of callers on a rejection. */
    public static final String ACCEPT_SIGNATURE =
            "sig1=(\"@method\" \"@target-uri\" \"content-digest\");created;nonce;keyid;alg=\"ed25519\"";
    private static final SecureRandom RANDOM = new SecureRandom();

    private HttpSignatures() {
    }

    /** The three headers that sign a message. */
    public record Signed(String contentDigest, String signatureInput, String signature) {
    }

    /** A parsed signature: its covered components, its parameters, the exact params text, the bytes. */
    public record Input(String label, List<String> components, Map<String, Object> params, String serializedParams,
                        byte[] signature) {
    }

    /** Signs a request for the lawful API with an officer's Ed25519 key. */
    public static Signed signRequest(Jwk key, String method, String targetUri, byte[] body, long createdSeconds,
                                     String nonce) {
        String digest = ContentDigest.of(body);
        String params = params(REQUEST_COMPONENTS, createdSeconds, key.kid(), nonce);
        String base = base(REQUEST_COMPONENTS, c -> switch (c) {
            case "@method" -> method.toUpperCase();
            case "@target-uri" -> targetUri;
            case "content-digest" -> digest;
            default -> null;
        }, params);
        return new Signed(digest, "sig1=" + params, "sig1=:" + Base64.getEncoder().encodeToString(sign(key, base)) + ":");
    }

    /** Signs a response with Fulcrum's answer key. */
    public static Signed signResponse(Jwk key, int status, byte[] body, long createdSeconds) {
        String digest = ContentDigest.of(body);
        String params = params(RESPONSE_COMPONENTS, createdSeconds, key.kid(), newNonce());
        String base = base(RESPONSE_COMPONENTS, c -> switch (c) {
            case "@status" -> String.valueOf(status);
            case "content-digest" -> digest;
            default -> null;
        }, params);
        return new Signed(digest, "sig1=" + params, "sig1=:" + Base64.getEncoder().encodeToString(sign(key, base)) + ":");
    }

    public static String newNonce() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String params(List<String> components, long created, String keyid, String nonce) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < components.size(); i++) {
            sb.append(i == 0 ? "" : " ").append(StructuredFields.string(components.get(i)));
        }
        return sb.append(");created=").append(created).append(";keyid=").append(StructuredFields.string(keyid))
                .append(";nonce=").append(StructuredFields.string(nonce)).append(";alg=\"ed25519\"").toString();
    }

    /**
     * The signature base (RFC 9421 section 2.5). {@code values} gives each component's value, or
     * null when the message lacks it.
     */
    public static String base(List<String> components, Function<String, String> values, String serializedParams) {
        StringBuilder sb = new StringBuilder();
        for (String c : components) {
            String v = values.apply(c);
            if (v == null) {
                throw new SignatureRejected(Reason.INCOMPLETE, "the signature covers '" + c
                        + "' but the message has no such component");
            }
            if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                throw new SignatureRejected(Reason.MALFORMED, "component '" + c + "' contains a line break");
            }
            sb.append(StructuredFields.string(c)).append(": ").append(v).append('\n');
        }
        return sb.append("\"@signature-params\": ").append(serializedParams).toString();
    }

    static byte[] sign(Jwk key, String base) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key.ed25519Private());
        byte[] msg = base.getBytes(StandardCharsets.UTF_8);
        signer.update(msg, 0, msg.length);
        return signer.generateSignature();
    }

    public static boolean verify(byte[] publicKey, String base, byte[] signature) {
        if (publicKey.length != 32 || signature.length != 64) {
            return false;
        }
        try {
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
            byte[] msg = base.getBytes(StandardCharsets.UTF_8);
            verifier.update(msg, 0, msg.length);
            return verifier.verifySignature(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Parses {@code Signature-Input} and {@code Signature}; exactly one signature is accepted. */
    public static Input parse(String signatureInput, String signature) {
        if (signatureInput == null || signature == null || signatureInput.isBlank() || signature.isBlank()) {
            throw new SignatureRejected(Reason.MISSING, "the request has no " + (signatureInput == null
                    || signatureInput.isBlank() ? "Signature-Input" : "Signature") + " header; sign it with RFC 9421 "
                    + "HTTP Message Signatures (Ed25519 over @method, @target-uri and content-digest, with created, "
                    + "nonce and keyid) as described at /.well-known/fulcrum/contact.json");
        }
        Map<String, StructuredFields.Member> inputs;
        Map<String, StructuredFields.Member> sigs;
        try {
            inputs = StructuredFields.dictionary(signatureInput);
            sigs = StructuredFields.dictionary(signature);
        } catch (StructuredFields.Malformed e) {
            throw new SignatureRejected(Reason.MALFORMED, "the signature headers are not RFC 8941 dictionaries: "
                    + e.getMessage());
        }
        if (inputs.size() != 1 || sigs.size() != 1) {
            throw new SignatureRejected(Reason.MALFORMED, "exactly one signature is accepted per request");
        }
        String label = inputs.keySet().iterator().next();
        if (!(inputs.get(label) instanceof StructuredFields.InnerList list)) {
            throw new SignatureRejected(Reason.MALFORMED, "Signature-Input member '" + label + "' is not an inner list");
        }
        if (!(sigs.get(label) instanceof StructuredFields.Bytes bytes)) {
            throw new SignatureRejected(Reason.MALFORMED, "Signature has no byte sequence labelled '" + label + "'");
        }
        return new Input(label, new ArrayList<>(list.items()), list.params(), list.raw(), bytes.value());
    }
}
