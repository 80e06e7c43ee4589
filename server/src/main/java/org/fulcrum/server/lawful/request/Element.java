package org.fulcrum.server.lawful.request;

import java.util.function.Predicate;

/** A required element of a request (SPEC 6), with the field that carries it and how to tell it is there. */
public enum Element {
    LEGAL_BASIS(
            "legalBasis", "legal basis with the provision", s -> s.legalBasis().isPresent()),
    REASONS("reasons", "statement of reasons", s -> s.reasons().isPresent()),
    GROUND("category", "ground of illegality of the content", s -> s.category().isPresent()),
    ISSUING_AUTHORITY(
            "issuingAuthority", "issuing authority", s -> s.issuingAuthority().isPresent()),
    VALIDATING_AUTHORITY(
            "validatingAuthority",
            "validating authority",
            s -> s.validatingAuthority().isPresent()),
    LOCATORS(
            "targets", "exact locators (URLs or identifiers)", s -> !s.targets().isEmpty()),
    ACCOUNTS("accounts", "accounts concerned", s -> !s.accounts().isEmpty()),
    TARGETS_OR_ACCOUNTS(
            "targets",
            "accounts or locators concerned",
            s -> !s.targets().isEmpty() || !s.accounts().isEmpty()),
    REDRESS("redress", "redress information", s -> s.redress().isPresent()),
    TERRITORIAL_SCOPE(
            "territorialScope", "territorial scope", s -> !s.territorialScope().isEmpty()),
    LANGUAGE("language", "language of the order", s -> s.language().isPresent()),
    ISSUED_AT("issuedAt", "date and time of issue", s -> s.issuedAt().isPresent()),
    CONTACT_POINT(
            "contactPoint",
            "the authority's contact point",
            s -> s.contactPoint().isPresent()),
    DATA_CATEGORIES(
            "dataCategories", "data categories", s -> !s.dataCategories().isEmpty()),
    DATE_RANGE("dateRange", "date range", s -> s.dateRange().isPresent()),
    OFFICIAL_SIGNATURE(
            "signatureOfOfficial",
            "signature of an authorised official",
            s -> s.signatureOfOfficial().isPresent()),
    COURT("court", "court", s -> s.court().isPresent()),
    JUDGE("judge", "judge", s -> s.judge().isPresent()),
    ADDRESSEE("addressee", "addressee", s -> s.addressee().isPresent()),
    EMERGENCY_FLAG("emergency", "emergency flag", s -> s.emergency().isPresent()),
    CRIME("crime", "offence investigated", s -> s.crime().isPresent()),
    FOLLOW_UP(
            "followUp", "intended follow-up production order", s -> s.followUp().isPresent()),
    DEADLINE_ASKED("deadlineAsked", "deadline asked for", s -> s.deadlineAsked().isPresent()),
    EMERGENCY_NATURE(
            "emergencyDetails.nature",
            "nature of the emergency",
            s -> s.emergencyDetails()
                    .flatMap(Submission.EmergencyDetails::nature)
                    .isPresent()),
    THREAT(
            "emergencyDetails.threat",
            "the threat to life or of serious injury",
            s -> s.emergencyDetails()
                    .flatMap(Submission.EmergencyDetails::threat)
                    .isPresent()),
    WHY_URGENT(
            "emergencyDetails.whyUrgent",
            "why normal process cannot wait",
            s -> s.emergencyDetails()
                    .flatMap(Submission.EmergencyDetails::whyUrgent)
                    .isPresent()),
    SUPERVISOR_CONTACT(
            "emergencyDetails.supervisorContact",
            "a supervisor's contact for call-back",
            s -> s.emergencyDetails()
                    .flatMap(Submission.EmergencyDetails::supervisorContact)
                    .isPresent());

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
}
