package org.fulcrum.server.lawful.signature;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.fulcrum.server.keys.Ed25519;
import org.fulcrum.server.lawful.signature.SignatureRejected.Reason;

/**
 * RFC 9421 HTTP Message Signatures with Ed25519, as Fulcrum's lawful API uses them: a request
 * signature covers {@code @method} and {@code @target-uri}, plus {@code content-digest} (RFC 9530)
 * when the request has a body, and carries {@code created}, {@code nonce} and {@code keyid}. A
 * message may carry several signatures (a gateway may add its own); the API checks the one whose
 * key is registered. A response signature by Fulcrum covers {@code @status}, {@code content-digest}
 * and the request's signature ({@code "signature";req;key="<label>"}, RFC 9421 section 2.4), so an
 * answer cannot be replayed as the answer to another request.
 */
public final class HttpSignatures {
    /** What every request signature covers. */
    public static final List<String> REQUEST_COMPONENTS = List.of("@method", "@target-uri", "content-digest");
    /** What a request without a body must cover: there is no content to digest. */
    public static final List<String> BODILESS_REQUEST_COMPONENTS = List.of("@method", "@target-uri");

    public static final List<String> RESPONSE_COMPONENTS = List.of("@status", "content-digest");
    /** The most signatures one message may carry; more are refused before any key is looked up. */
    public static final int MAX_SIGNATURES = 8;
    /** What {@code Accept-Signature} asks of callers on a rejection. */
    public static final String ACCEPT_SIGNATURE =
            "sig1=(\"@method\" \"@target-uri\" \"content-digest\");created;nonce;keyid;alg=\"ed25519\"";

    private static final SecureRandom RANDOM = new SecureRandom();

    private HttpSignatures() {}

    /** The three headers that sign a message; {@code contentDigest} is null when none is covered. */
    public record Signed(String contentDigest, String signatureInput, String signature) {}

    /**
     * A parsed signature: its label, its covered components (names, and each one's parameters as
     * written, empty when none), its parameters, the exact params text, and the signature bytes.
     */
    public record Input(
            String label,
            List<String> components,
            List<String> componentParams,
            Map<String, Object> params,
            String serializedParams,
            byte[] signature) {
        /** Whether any covered component carries parameters ({@code ;req}, {@code ;sf}, {@code ;key}...). */
        public boolean hasComponentParams() {
            return componentParams.stream().anyMatch(p -> !p.isEmpty());
        }
    }

    /**
     * The request signature an answer is bound to: its label and its value as the request's
     * {@code Signature} header carried it.
     */
    public record RequestSignature(String label, byte[] value) {
        /** The component identifier that covers it in a response (RFC 9421 sections 2.1.2 and 2.4). */
        public String identifier() {
            return StructuredFields.string("signature") + ";req;key=" + StructuredFields.string(label);
        }

        /** Its value in a signature base: the dictionary member re-serialised. */
        public String serialized() {
            return ":" + Base64.getEncoder().encodeToString(value) + ":";
        }
    }

    /** Signs a request for the lawful API with an officer's Ed25519 key (covering the body's digest). */
    public static Signed signRequest(
            Jwk key, String method, String targetUri, byte[] body, long createdSeconds, String nonce) {
        String digest = ContentDigest.of(body);
        return signRequest(
                key,
                REQUEST_COMPONENTS,
                c -> switch (c) {
                    case "@method" -> method.toUpperCase();
                    case "@target-uri" -> targetUri;
                    case "content-digest" -> digest;
                    default -> null;
                },
                createdSeconds,
                nonce,
                digest);
    }

    /** Signs a request over {@code components}, whose values {@code values} gives, labelled sig1. */
    public static Signed signRequest(
            Jwk key,
            List<String> components,
            Function<String, String> values,
            long createdSeconds,
            String nonce,
            String contentDigest) {
        String params =
                params(components.stream().map(StructuredFields::string).toList(), createdSeconds, key.kid(), nonce);
        String base = base(components, values, params);
        return new Signed(
                contentDigest, "sig1=" + params, "sig1=:" + Base64.getEncoder().encodeToString(sign(key, base)) + ":");
    }

    /** Signs a response with Fulcrum's answer key, bound to the request signature it answers. */
    public static Signed signResponse(
            Jwk key, int status, byte[] body, long createdSeconds, Optional<RequestSignature> request) {
        String digest = ContentDigest.of(body);
        List<String> identifiers = new ArrayList<>();
        StringBuilder lines = new StringBuilder();
        identifiers.add(StructuredFields.string("@status"));
        lines.append(line(identifiers.getLast(), String.valueOf(status)));
        identifiers.add(StructuredFields.string("content-digest"));
        lines.append(line(identifiers.getLast(), digest));
        request.ifPresent(r -> {
            identifiers.add(r.identifier());
            lines.append(line(r.identifier(), r.serialized()));
        });
        String params = params(identifiers, createdSeconds, key.kid(), newNonce());
        String base = lines + "\"@signature-params\": " + params;
        return new Signed(
                digest, "sig1=" + params, "sig1=:" + Base64.getEncoder().encodeToString(sign(key, base)) + ":");
    }

    private static String line(String identifier, String value) {
        return identifier + ": " + value + "\n";
    }

    public static String newNonce() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The serialized signature parameters over already serialized component identifiers. */
    static String params(List<String> identifiers, long created, String keyid, String nonce) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < identifiers.size(); i++) {
            sb.append(i == 0 ? "" : " ").append(identifiers.get(i));
        }
        return sb.append(");created=")
                .append(created)
                .append(";keyid=")
                .append(StructuredFields.string(keyid))
                .append(";nonce=")
                .append(StructuredFields.string(nonce))
                .append(";alg=\"ed25519\"")
                .toString();
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
                throw new SignatureRejected(
                        Reason.INCOMPLETE, "the signature covers '" + c + "' but the message has no such component");
            }
            if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                throw new SignatureRejected(Reason.MALFORMED, "component '" + c + "' contains a line break");
            }
            sb.append(StructuredFields.string(c)).append(": ").append(v).append('\n');
        }
        return sb.append("\"@signature-params\": ").append(serializedParams).toString();
    }

    public static byte[] sign(Jwk key, String base) {
        return Ed25519.sign(key.ed25519Seed(), base.getBytes(StandardCharsets.UTF_8));
    }

    public static boolean verify(byte[] publicKey, String base, byte[] signature) {
        return Ed25519.verify(publicKey, base.getBytes(StandardCharsets.UTF_8), signature);
    }

    /** Parses {@code Signature-Input} and {@code Signature} and answers the first signature. */
    public static Input parse(String signatureInput, String signature) {
        return parseAll(signatureInput, signature).getFirst();
    }

    /**
     * Parses every signature of a message, in the order of {@code Signature-Input}. A label that
     * only one of the two headers names is skipped (it cannot be checked); at least one complete
     * signature, and at most {@link #MAX_SIGNATURES}, must remain.
     */
    public static List<Input> parseAll(String signatureInput, String signature) {
        if (signatureInput == null || signature == null || signatureInput.isBlank() || signature.isBlank()) {
            throw new SignatureRejected(
                    Reason.MISSING,
                    "the request has no "
                            + (signatureInput == null || signatureInput.isBlank() ? "Signature-Input" : "Signature")
                            + " header; sign it with RFC 9421 "
                            + "HTTP Message Signatures (Ed25519 over @method, @target-uri and, with a body, content-digest, "
                            + "with created, nonce and keyid) as described at /.well-known/fulcrum/contact.json");
        }
        Map<String, StructuredFields.Member> inputs;
        Map<String, StructuredFields.Member> sigs;
        try {
            inputs = StructuredFields.dictionary(signatureInput);
            sigs = StructuredFields.dictionary(signature);
        } catch (StructuredFields.Malformed e) {
            throw new SignatureRejected(
                    Reason.MALFORMED, "the signature headers are not RFC 8941 dictionaries: " + e.getMessage());
        }
        if (inputs.size() > MAX_SIGNATURES || sigs.size() > MAX_SIGNATURES) {
            throw new SignatureRejected(
                    Reason.MALFORMED, "at most " + MAX_SIGNATURES + " signatures are accepted " + "per request");
        }
        List<Input> out = new ArrayList<>();
        for (var e : inputs.entrySet()) {
            String label = e.getKey();
            if (!sigs.containsKey(label)) {
                continue;
            }
            if (!(e.getValue() instanceof StructuredFields.InnerList list)) {
                throw new SignatureRejected(
                        Reason.MALFORMED, "Signature-Input member '" + label + "' is not an inner list");
            }
            if (!(sigs.get(label) instanceof StructuredFields.Bytes bytes)) {
                throw new SignatureRejected(
                        Reason.MALFORMED, "Signature member '" + label + "' is not a byte sequence");
            }
            out.add(new Input(
                    label,
                    List.copyOf(list.items()),
                    List.copyOf(list.itemParams()),
                    list.params(),
                    list.raw(),
                    bytes.value()));
        }
        if (out.isEmpty()) {
            throw new SignatureRejected(
                    Reason.MALFORMED,
                    "no label of Signature-Input (" + inputs.keySet() + ") has a value in Signature (" + sigs.keySet()
                            + ")");
        }
        return out;
    }
}
