package org.fulcrum.server.review;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of a DSA Transparency Database statement of reasons (API v1) as SPEC section 6 lists
 * them, written out independently of the code that builds statements: required fields, the
 * conditional fields, the enums, the length limits, the puid charset, and no field the API does not
 * know (an unknown field is where personal data would leak).
 */
final class DsaStatementSchema {
    static final Set<String> KNOWN = Set.of(
            "decision_visibility",
            "decision_visibility_other",
            "end_date_visibility_restriction",
            "decision_monetary",
            "decision_monetary_other",
            "end_date_monetary_restriction",
            "decision_provision",
            "end_date_service_restriction",
            "decision_account",
            "end_date_account_restriction",
            "account_type",
            "decision_ground",
            "decision_ground_reference_url",
            "illegal_content_legal_ground",
            "illegal_content_explanation",
            "incompatible_content_ground",
            "incompatible_content_explanation",
            "incompatible_content_illegal",
            "category",
            "category_addition",
            "category_specification",
            "category_specification_other",
            "content_type",
            "content_type_other",
            "content_language",
            "content_date",
            "application_date",
            "territorial_scope",
            "decision_facts",
            "source_type",
            "source_identity",
            "automated_detection",
            "automated_decision",
            "puid");
    static final Set<String> CATEGORIES = Set.of(
            "ANIMAL_WELFARE",
            "CONSUMER_INFORMATION",
            "CYBER_VIOLENCE",
            "CYBER_VIOLENCE_AGAINST_WOMEN",
            "DATA_PROTECTION_AND_PRIVACY_VIOLATIONS",
            "ILLEGAL_OR_HARMFUL_SPEECH",
            "INTELLECTUAL_PROPERTY_INFRINGEMENTS",
            "NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS",
            "NOT_SPECIFIED_NOTICE",
            "OTHER_VIOLATION_TC",
            "PROTECTION_OF_MINORS",
            "RISK_FOR_PUBLIC_SECURITY",
            "SCAMS_AND_FRAUD",
            "SELF_HARM",
            "UNSAFE_AND_PROHIBITED_PRODUCTS",
            "VIOLENCE");
    static final Set<String> CONTENT_TYPES = Set.of(
            "CONTENT_TYPE_APP",
            "CONTENT_TYPE_AUDIO",
            "CONTENT_TYPE_IMAGE",
            "CONTENT_TYPE_PRODUCT",
            "CONTENT_TYPE_SYNTHETIC_MEDIA",
            "CONTENT_TYPE_TEXT",
            "CONTENT_TYPE_VIDEO",
            "CONTENT_TYPE_OTHER");
    static final Set<String> VISIBILITY = Set.of(
            "DECISION_VISIBILITY_CONTENT_REMOVED",
            "DECISION_VISIBILITY_CONTENT_DISABLED",
            "DECISION_VISIBILITY_CONTENT_DEMOTED",
            "DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED",
            "DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED",
            "DECISION_VISIBILITY_CONTENT_LABELLED",
            "DECISION_VISIBILITY_OTHER");
    static final Set<String> MONETARY =
            Set.of("DECISION_MONETARY_SUSPENSION", "DECISION_MONETARY_TERMINATION", "DECISION_MONETARY_OTHER");
    static final Set<String> PROVISION = Set.of(
            "DECISION_PROVISION_PARTIAL_SUSPENSION",
            "DECISION_PROVISION_TOTAL_SUSPENSION",
            "DECISION_PROVISION_PARTIAL_TERMINATION",
            "DECISION_PROVISION_TOTAL_TERMINATION");
    static final Set<String> ACCOUNT = Set.of("DECISION_ACCOUNT_SUSPENDED", "DECISION_ACCOUNT_TERMINATED");
    static final Set<String> SOURCES =
            Set.of("SOURCE_ARTICLE_16", "SOURCE_TRUSTED_FLAGGER", "SOURCE_TYPE_OTHER_NOTIFICATION", "SOURCE_VOLUNTARY");
    static final Set<String> AUTOMATED_DECISION =
            Set.of("AUTOMATED_DECISION_FULLY", "AUTOMATED_DECISION_PARTIALLY", "AUTOMATED_DECISION_NOT_AUTOMATED");
    static final Set<String> EEA = Set.of(
            "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
            "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO");
    /** ISO 639-1 codes in capitals, as the database's content_language takes them. */
    static final Set<String> ISO_639_1 = java.util.Arrays.stream(java.util.Locale.getISOLanguages())
            .filter(l -> l.length() == 2)
            .map(l -> l.toUpperCase(java.util.Locale.ROOT))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    static final Pattern PUID = Pattern.compile("[a-zA-Z0-9_-]+");

    private DsaStatementSchema() {}

    static List<String> violations(JsonNode s) {
        List<String> v = new ArrayList<>();
        for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!KNOWN.contains(f)) {
                v.add("unknown field " + f);
            }
        }
        String ground = text(s, "decision_ground", v);
        if ("DECISION_GROUND_ILLEGAL_CONTENT".equals(ground)) {
            limited(s, "illegal_content_legal_ground", 500, v);
            limited(s, "illegal_content_explanation", 2000, v);
        } else if ("DECISION_GROUND_INCOMPATIBLE_CONTENT".equals(ground)) {
            limited(s, "incompatible_content_ground", 500, v);
            limited(s, "incompatible_content_explanation", 2000, v);
        } else {
            v.add("decision_ground is not a known ground: " + ground);
        }
        List<String> types = array(s, "content_type", CONTENT_TYPES, true, v);
        if (types.contains("CONTENT_TYPE_OTHER")) {
            limited(s, "content_type_other", 500, v);
        }
        String category = text(s, "category", v);
        if (category == null
                || !category.startsWith("STATEMENT_CATEGORY_")
                || !CATEGORIES.contains(category.substring("STATEMENT_CATEGORY_".length()))) {
            v.add("category is not a known category: " + category);
        }
        limited(s, "decision_facts", 5000, v);
        date(s, "content_date", LocalDate.of(2000, 1, 1), true, v);
        date(s, "application_date", LocalDate.of(2020, 1, 1), true, v);
        oneOf(s, "source_type", SOURCES, true, v);
        oneOf(s, "automated_detection", Set.of("Yes", "No"), true, v);
        oneOf(s, "automated_decision", AUTOMATED_DECISION, true, v);
        String puid = text(s, "puid", v);
        if (puid != null && (puid.length() > 500 || !PUID.matcher(puid).matches())) {
            v.add("puid must be at most 500 characters of [a-zA-Z0-9-_]: " + puid);
        }
        boolean any = false;
        if (s.has("decision_visibility")) {
            any = true;
            List<String> vis = array(s, "decision_visibility", VISIBILITY, true, v);
            if (vis.contains("DECISION_VISIBILITY_OTHER")) {
                limited(s, "decision_visibility_other", 500, v);
            }
        }
        if (s.has("decision_monetary")) {
            any = true;
            oneOf(s, "decision_monetary", MONETARY, true, v);
        }
        if (s.has("decision_provision")) {
            any = true;
            oneOf(s, "decision_provision", PROVISION, true, v);
        }
        if (s.has("decision_account")) {
            any = true;
            oneOf(s, "decision_account", ACCOUNT, true, v);
        }
        if (!any) {
            v.add("none of decision_visibility, decision_monetary, decision_provision, decision_account");
        }
        if (s.has("content_language")) {
            String language = text(s, "content_language", v);
            if (language != null && !ISO_639_1.contains(language)) {
                v.add("content_language is not an ISO 639-1 code in capitals: " + language);
            }
        }
        if (s.has("incompatible_content_illegal")) {
            if (!"DECISION_GROUND_INCOMPATIBLE_CONTENT".equals(ground)) {
                v.add("incompatible_content_illegal belongs to the incompatible content ground only");
            }
            oneOf(s, "incompatible_content_illegal", Set.of("Yes", "No"), true, v);
        }
        if (s.has("source_identity")) {
            limited(s, "source_identity", 500, v);
            if ("SOURCE_VOLUNTARY".equals(s.path("source_type").asText())) {
                v.add("source_identity names a notifier; a voluntary decision has none");
            }
        }
        if (s.has("decision_ground_reference_url")) {
            String url = text(s, "decision_ground_reference_url", v);
            if (url != null && (url.length() > 500 || !url.matches("https?://\\S+"))) {
                v.add("decision_ground_reference_url must be an http(s) URL of at most 500 characters");
            }
        }
        if (s.has("territorial_scope")) {
            array(s, "territorial_scope", EEA, true, v);
        }
        for (String f : List.of(
                "end_date_visibility_restriction",
                "end_date_monetary_restriction",
                "end_date_service_restriction",
                "end_date_account_restriction")) {
            date(s, f, LocalDate.of(2000, 1, 1), false, v);
        }
        return v;
    }

    private static String text(JsonNode s, String field, List<String> v) {
        JsonNode n = s.get(field);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            v.add(field + " is required");
            return null;
        }
        return n.asText();
    }

    private static void limited(JsonNode s, String field, int max, List<String> v) {
        String t = text(s, field, v);
        if (t != null && t.codePointCount(0, t.length()) > max) {
            v.add(field + " is longer than " + max);
        }
    }

    private static void oneOf(JsonNode s, String field, Set<String> values, boolean required, List<String> v) {
        if (!s.has(field) && !required) {
            return;
        }
        String t = text(s, field, v);
        if (t != null && !values.contains(t)) {
            v.add(field + " has an unknown value " + t);
        }
    }

    private static List<String> array(JsonNode s, String field, Set<String> values, boolean nonEmpty, List<String> v) {
        JsonNode n = s.get(field);
        List<String> out = new ArrayList<>();
        if (n == null || !n.isArray() || (nonEmpty && n.isEmpty())) {
            v.add(field + " must be a non-empty array");
            return out;
        }
        n.forEach(e -> {
            if (!e.isTextual() || !values.contains(e.asText())) {
                v.add(field + " has an unknown value " + e);
            }
            out.add(e.asText());
        });
        return out;
    }

    private static void date(JsonNode s, String field, LocalDate min, boolean required, List<String> v) {
        if (!s.has(field)) {
            if (required) {
                v.add(field + " is required");
            }
            return;
        }
        try {
            String t = s.get(field).asText();
            if (!t.matches("\\d{4}-\\d{2}-\\d{2}")) {
                v.add(field + " must be YYYY-MM-DD: " + t);
                return;
            }
            if (LocalDate.parse(t).isBefore(min)) {
                v.add(field + " is before " + min);
            }
        } catch (DateTimeParseException e) {
            v.add(field + " is not a date");
        }
    }
}
