package org.fulcrum.server.lawful;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Request bodies for tests, complete for their instrument unless a test removes an element. */
final class Orders {
    private Orders() {}

    static Map<String, Object> tco(String reference, String jurisdiction, String postId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reference", reference);
        m.put("instrument", "tco_removal_order");
        m.put("kind", "remove_content");
        m.put("jurisdiction", jurisdiction);
        m.put("issuingAuthority", "Office central de lutte contre la criminalité liée aux TIC");
        m.put("issuedAt", Instant.now().minusSeconds(60).toString());
        m.put("reasons", "Video glorifying a terrorist attack, Art. 2(7)(a) of Regulation (EU) 2021/784");
        m.put("category", "terrorism");
        m.put("targets", List.of(Map.of("locator", "https://messenger.example/p/" + postId, "subjectId", postId)));
        m.put("contactPoint", "pharos@interieur.example, +33 1 00 00 00 00");
        return m;
    }

    static Map<String, Object> generic(
            String reference, String jurisdiction, String kind, String category, List<String> subjects) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reference", reference);
        m.put("instrument", "generic_national_order");
        m.put("kind", kind);
        m.put("jurisdiction", jurisdiction);
        m.put("issuingAuthority", "National authority of " + jurisdiction);
        m.put("legalBasis", "Law on information, Art. 15.3");
        m.put("reasons", "The items named violate national law");
        m.put("category", category);
        m.put(
                "targets",
                subjects.stream()
                        .map(s -> Map.of("locator", "https://messenger.example/c/" + s, "subjectId", s))
                        .toList());
        m.put("territorialScope", List.of(jurisdiction));
        m.put("redress", "Appeal to the administrative court within 30 days");
        m.put("deadlineAsked", Instant.now().plusSeconds(24 * 3600).toString());
        return m;
    }

    static Map<String, Object> keys(String reference, String jurisdiction) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reference", reference);
        m.put("instrument", "generic_national_order");
        m.put("kind", "hand_over_keys");
        m.put("jurisdiction", jurisdiction);
        m.put("issuingAuthority", "Federal security service");
        m.put("legalBasis", "Federal law on information, Art. 10.1");
        m.put("reasons", "Access to the encryption keys of all private chats is required");
        m.put("accounts", List.of());
        m.put("targets", List.of());
        m.put("dataCategories", List.of("encryption_keys"));
        m.put("territorialScope", List.of(jurisdiction));
        m.put("redress", "None");
        m.put("deadlineAsked", Instant.now().plusSeconds(7 * 24 * 3600).toString());
        return m;
    }

    static Map<String, Object> epoc(String reference, String jurisdiction, String account, List<String> categories) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reference", reference);
        m.put("instrument", "epoc");
        m.put("kind", "disclose_subscriber_data");
        m.put("jurisdiction", jurisdiction);
        m.put("issuingAuthority", "Staatsanwaltschaft Berlin");
        m.put("validatingAuthority", Map.of("name", "Amtsgericht Tiergarten", "type", "court"));
        m.put("addressee", "Fulcrum EU Legal Representative");
        m.put("emergency", false);
        m.put("crime", "terrorism");
        m.put("offenceMaxYears", 10);
        m.put("accounts", List.of(account));
        m.put("dataCategories", categories);
        return m;
    }

    static Map<String, Object> emergency(String reference, String jurisdiction, String account) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reference", reference);
        m.put("instrument", "emergency_disclosure_request");
        m.put("kind", "emergency_disclosure");
        m.put("jurisdiction", jurisdiction);
        m.put("issuingAuthority", "County sheriff's office");
        m.put("accounts", List.of(account));
        m.put("dataCategories", List.of("phone_number", "ip_addresses"));
        m.put(
                "emergencyDetails",
                Map.of(
                        "nature",
                        "Kidnapping in progress",
                        "threat",
                        "A child's life is at risk",
                        "whyUrgent",
                        "The victim may be moved within hours",
                        "supervisorContact",
                        "Sgt. Doe, +1 555 0100"));
        return m;
    }
}
