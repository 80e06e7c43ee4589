package org.fulcrum.server.lawful.request;

import java.util.function.Predicate;

/** A required element of a request (SPEC 6), with the field that carries it and how to tell it is there. */
public enum Element {
    LEGAL_BASIS(
            "legalBasis",
            "legal basis with the provision",
            s -> s.grounds().legalBasis().isPresent()),
    REASONS("reasons", "statement of reasons", s -> s.grounds().reasons().isPresent()),
    GROUND(
            "category",
            "ground of illegality of the content",
            s -> s instanceof ContentOrder c && c.category().isPresent()),
    ISSUING_AUTHORITY(
            "issuingAuthority",
            "issuing authority",
            s -> s.issuer().issuingAuthority().isPresent()),
    VALIDATING_AUTHORITY(
            "validatingAuthority",
            "validating authority",
            s -> s.issuer().validatingAuthority().isPresent()),
    LOCATORS(
            "targets", "exact locators (URLs or identifiers)", s -> !s.targets().isEmpty()),
    ACCOUNTS("accounts", "accounts concerned", s -> !s.accounts().isEmpty()),
    TARGETS_OR_ACCOUNTS(
            "targets",
            "accounts or locators concerned",
            s -> !s.targets().isEmpty() || !s.accounts().isEmpty()),
    REDRESS("redress", "redress information", s -> s.order().redress().isPresent()),
    TERRITORIAL_SCOPE(
            "territorialScope",
            "territorial scope",
            s -> !s.order().territorialScope().isEmpty()),
    LANGUAGE("language", "language of the order", s -> s.order().language().isPresent()),
    ISSUED_AT("issuedAt", "date and time of issue", s -> s.order().issuedAt().isPresent()),
    CONTACT_POINT(
            "contactPoint",
            "the authority's contact point",
            s -> s.issuer().contactPoint().isPresent()),
    DATA_CATEGORIES(
            "dataCategories",
            "data categories",
            s -> s.askedData().map(d -> !d.categories().isEmpty()).orElse(false)),
    DATE_RANGE(
            "dateRange",
            "date range",
            s -> s.askedData().flatMap(DataAsked::dateRange).isPresent()),
    OFFICIAL_SIGNATURE(
            "signatureOfOfficial",
            "signature of an authorised official",
            s -> s.issuer().signatureOfOfficial().isPresent()),
    COURT("court", "court", s -> s.issuer().court().isPresent()),
    JUDGE("judge", "judge", s -> s.issuer().judge().isPresent()),
    ADDRESSEE("addressee", "addressee", s -> s.issuer().addressee().isPresent()),
    EMERGENCY_FLAG(
            "emergency",
            "emergency flag",
            s -> s instanceof DataRequest d && d.emergency().isPresent()),
    CRIME(
            "crime",
            "offence investigated",
            s -> s.askedData().flatMap(DataAsked::crime).isPresent()),
    FOLLOW_UP(
            "followUp",
            "intended follow-up production order",
            s -> s instanceof DataRequest d && d.followUp().isPresent()),
    DEADLINE_ASKED(
            "deadlineAsked",
            "deadline asked for",
            s -> s.order().deadlineAsked().isPresent()),
    EMERGENCY_NATURE(
            "emergencyDetails.nature",
            "nature of the emergency",
            s -> emergency(s, Submission.EmergencyDetails::nature)),
    THREAT(
            "emergencyDetails.threat",
            "the threat to life or of serious injury",
            s -> emergency(s, Submission.EmergencyDetails::threat)),
    WHY_URGENT(
            "emergencyDetails.whyUrgent",
            "why normal process cannot wait",
            s -> emergency(s, Submission.EmergencyDetails::whyUrgent)),
    SUPERVISOR_CONTACT(
            "emergencyDetails.supervisorContact",
            "a supervisor's contact for call-back",
            s -> emergency(s, Submission.EmergencyDetails::supervisorContact));

    private final String field;
    private final String label;
    private final Predicate<Submission> present;

    Element(String field, String label, Predicate<Submission> present) {
        this.field = field;
        this.label = label;
        this.present = present;
    }

    /** The JSON field that carries the element. */
    public String field() {
        return field;
    }

    /** The element in words, as the answer names it. */
    public String label() {
        return label;
    }

    public boolean presentIn(Submission s) {
        return present.test(s);
    }

    /** Whether an emergency request carries the emergency element {@code part}; other families carry none. */
    private static boolean emergency(
            Submission s, java.util.function.Function<Submission.EmergencyDetails, java.util.Optional<String>> part) {
        return s instanceof EmergencyRequest e && e.details().flatMap(part).isPresent();
    }
}
