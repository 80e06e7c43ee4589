package org.fulcrum.server.lawful.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.lawful.disclosure.AnswerKey;
import org.fulcrum.server.lawful.disclosure.SealedPackage;
import org.fulcrum.server.lawful.request.Instrument;
import org.fulcrum.server.lawful.signature.HttpSignatures;
import org.fulcrum.server.lawful.signature.SignedRequests;
import org.fulcrum.server.policy.Jurisdiction;
import org.fulcrum.server.policy.LegalEntity;
import org.fulcrum.server.policy.Policy;

/**
 * The point of contact as data: for any jurisdiction, which legal entity answers, how to send each
 * instrument and what it must contain, the languages accepted, and the keys that sign Fulcrum's
 * answers. Built from the jurisdictions file in force, so the directory and the routing agree.
 */
public final class ContactDirectory {
    private ContactDirectory() {}

    /** How to send one instrument. */
    public record InstrumentInfo(
            String id, String title, String clock, List<String> kinds, List<Map<String, String>> requiredElements) {}

    /** One jurisdiction's contact. */
    public record JurisdictionInfo(
            String code, String entity, String tier, List<String> languages, List<String> instruments) {}

    public static Map<String, Object> build(
            Policy policy, AnswerKey answerKey, String publicUrl, long routed, Optional<String> only) {
        String base = publicUrl.replaceAll("/+$", "");
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("service", "Fulcrum lawful requests");
        doc.put("policyVersion", policy.version());
        doc.put("principles", base + "/v1/policy");
        doc.put(
                "submit",
                Map.of(
                        "api",
                                Map.of(
                                        "url",
                                        base + "/v1/lawful/requests",
                                        "method",
                                        "POST",
                                        "contentType",
                                        "application/json",
                                        "signature",
                                        signature(base)),
                        "portal", Map.of("url", base + "/portal", "login", "password and TOTP second factor"),
                        "manual",
                                "e-mail or post to the entity that answers for your jurisdiction; such requests are "
                                        + "verified by call-back through the contact on file before anything is done"));
        doc.put("answerKeys", List.of(answerKey.publicKey()));
        doc.put(
                "answers",
                Map.of(
                        "signature",
                        "RFC 9421, Ed25519, by one of answerKeys, over @status, "
                                + "content-digest and the request's signature (RFC 9421 section 2.4), so an answer belongs to "
                                + "one request only",
                        "signatureInput",
                        ANSWER_TEMPLATE,
                        "disclosures",
                        "HPKE (RFC 9180) base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM, "
                                + "to the officer's registered X25519 key; format " + SealedPackage.FORMAT
                                + " (README, Lawful requests; fulcrum decrypt opens it)"));
        List<LegalEntity> entities = new ArrayList<>();
        for (Jurisdiction j : policy.jurisdictions().values()) {
            if (!entities.contains(j.entity())) {
                entities.add(j.entity());
            }
        }
        doc.put("entities", entities);
        Map<String, InstrumentInfo> instruments = new LinkedHashMap<>();
        for (Instrument i : Instrument.values()) {
            List<Map<String, String>> elements = i.required().stream()
                    .map(e -> Map.of("field", e.field(), "element", e.label()))
                    .toList();
            instruments.put(
                    i.name(),
                    new InstrumentInfo(
                            i.name(),
                            i.title(),
                            i.clockLabel(),
                            i.kinds().stream().map(Enum::name).toList(),
                            elements));
        }
        doc.put("instruments", instruments);
        Map<String, JurisdictionInfo> jurisdictions = new LinkedHashMap<>();
        if (only.isPresent()) {
            jurisdictions.put(only.get(), info(only.get(), policy.jurisdiction(only.get())));
        } else {
            policy.jurisdictions().forEach((code, j) -> jurisdictions.put(code, info(code, j)));
        }
        doc.put("jurisdictions", jurisdictions);
        doc.put(
                "routing",
                Map.of(
                        "rule",
                        "a request addressed to the wrong entity is routed to the one that answers "
                                + "for its jurisdiction, not bounced, and counted",
                        "routedSoFar",
                        routed));
        return doc;
    }

    /** What an answer's {@code Signature-Input} looks like; {@code sig1} is the request's label. */
    static final String ANSWER_TEMPLATE = "sig1=(\"@status\" \"content-digest\" \"signature\";req;key=\"sig1\")"
            + ";created=<unix seconds>;keyid=\"<answer key thumbprint>\";nonce=\"<random>\";alg=\"ed25519\"";

    /** The exact signature each API route needs, so any RFC 9421 library can be configured from it. */
    static Map<String, Object> signature(String base) {
        String params = ";created=<unix seconds>;keyid=\"<RFC 7638 thumbprint of your registered Ed25519 key>\""
                + ";nonce=\"<fresh, 8-128 base64url characters>\";alg=\"ed25519\"";
        Map<String, Object> withBody = new LinkedHashMap<>();
        withBody.put("routes", List.of("POST /v1/lawful/requests", "POST /v1/lawful/requests/{id}/answers"));
        withBody.put("Signature-Input", "sig1=(\"@method\" \"@target-uri\" \"content-digest\")" + params);
        withBody.put("Content-Digest", "sha-256=:<base64 of the SHA-256 of the body>:");
        Map<String, Object> withoutBody = new LinkedHashMap<>();
        withoutBody.put("routes", List.of("GET /v1/lawful/requests/{id}", "GET /v1/lawful/requests/{id}/package"));
        withoutBody.put("Signature-Input", "sig1=(\"@method\" \"@target-uri\")" + params);
        withoutBody.put("Content-Digest", "not needed; if sent and covered, it must be the digest of the empty body");
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("standard", "RFC 9421 HTTP Message Signatures");
        s.put("algorithm", "ed25519");
        s.put(
                "targetUri",
                "@target-uri is the request's URL under " + base + " exactly (scheme, host, port, path, "
                        + "query), whatever Host header reaches us; a request signed for another origin is rejected "
                        + "(wrong-target)");
        s.put("covered", HttpSignatures.REQUEST_COMPONENTS);
        s.put("coveredWithoutBody", HttpSignatures.BODILESS_REQUEST_COMPONENTS);
        s.put("templates", Map.of("withBody", withBody, "withoutBody", withoutBody));
        s.put("parameters", List.of("created", "nonce", "keyid"));
        s.put("maxAgeSeconds", SignedRequests.MAX_AGE.toSeconds());
        s.put(
                "severalSignatures",
                "accepted (up to " + HttpSignatures.MAX_SIGNATURES + "): the one whose keyid is "
                        + "registered is checked, the others are ignored, any label");
        s.put("keyid", "RFC 7638 thumbprint of the officer's registered Ed25519 key");
        s.put("tool", "fulcrum sign --key FILE --url URL [--method M] [--body FILE]");
        return s;
    }

    public static JurisdictionInfo info(String code, Jurisdiction j) {
        return new JurisdictionInfo(code, j.entity().id(), j.tier(), j.entity().languages(), j.instruments());
    }
}
