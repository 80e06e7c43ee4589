package org.fulcrum.server.lawful;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.policy.Jurisdiction;
import org.fulcrum.server.policy.LegalEntity;
import org.fulcrum.server.policy.Policy;

/**
 * The point of contact as data: for any jurisdiction, which legal entity answers, how to send each
 * instrument and what it must contain, the languages accepted, and the keys that sign Fulcrum's
 * answers. Built from the jurisdictions file in force, so the directory and the routing agree.
 */
public final class ContactDirectory {
    private ContactDirectory() {
    }

    /** How to send one instrument. */
    public record InstrumentInfo(String id, String title, String clock, List<String> kinds,
                                 List<Map<String, String>> requiredElements) {
    }

    /** One jurisdiction's contact. */
    public record JurisdictionInfo(String code, String entity, String tier, List<String> languages,
                                   List<String> instruments) {
    }

    public static Map<String, Object> build(Policy policy, AnswerKey answerKey, String publicUrl, long routed,
                                            Optional<String> only) {
        String base = publicUrl.replaceAll("/+$", "");
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("service", "Fulcrum lawful requests");
        doc.put("policyVersion", policy.version());
        doc.put("principles", base + "/v1/policy");
        doc.put("submit", Map.of(
                "api", Map.of("url", base + "/v1/lawful/requests", "method", "POST", "contentType", "application/json",
                        "signature", Map.of("standard", "RFC 9421 HTTP Message Signatures", "algorithm", "ed25519",
                                "covered", HttpSignatures.REQUEST_COMPONENTS,
                                "parameters", List.of("created", "nonce", "keyid"),
                                "maxAgeSeconds", SignedRequests.MAX_AGE.toSeconds(),
                                "contentDigest", "RFC 9530 Content-Digest with sha-256",
                                "keyid", "RFC 7638 thumbprint of the officer's registered Ed25519 key",
                                "tool", "fulcrum sign --key FILE --url URL [--method M] [--body FILE]")),
                "portal", Map.of("url", base + "/portal", "login", "password and TOTP second factor"),
                "manual", "e-mail or post to the entity that answers for your jurisdiction; such requests are "
                        + "verified by call-back through the contact on file before anything is done"));
        doc.put("answerKeys", List.of(answerKey.publicKey()));
        doc.put("answers", "answers are signed with RFC 9421 over @status and content-digest by one of answerKeys; "
                + "disclosures are encrypted to the officer's registered X25519 key (fulcrum decrypt)");
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
                    .map(e -> Map.of("field", e.field(), "element", e.label())).toList();
            instruments.put(i.name(), new InstrumentInfo(i.name(), i.title(), i.clockLabel(),
                    i.kinds().stream().map(Enum::name).toList(), elements));
        }
        doc.put("instruments", instruments);
        Map<String, JurisdictionInfo> jurisdictions = new LinkedHashMap<>();
        if (only.isPresent()) {
            jurisdictions.put(only.get(), info(only.get(), policy.jurisdiction(only.get())));
        } else {
            policy.jurisdictions().forEach((code, j) -> jurisdictions.put(code, info(code, j)));
        }
        doc.put("jurisdictions", jurisdictions);
        doc.put("routing", Map.of("rule", "a request addressed to the wrong entity is routed to the one that answers "
                + "for its jurisdiction, not bounced, and counted", "routedSoFar", routed));
        return doc;
    }

    static JurisdictionInfo info(String code, Jurisdiction j) {
        return new JurisdictionInfo(code, j.entity().id(), j.tier(), j.entity().languages(), j.instruments());
    }
}
