package org.fulcrum.server.notice;

/**
 * Why something is reported: the platform's sub-reasons, each mapped to one DSA Transparency
 * Database category. Child safety, terrorism and threats to life are critical: they go to the
 * front of every queue, and child safety and threats to life also create reporting tasks.
 */
public enum Reason {
    csam(DsaCategory.PROTECTION_OF_MINORS, true),
    child_sexual_exploitation(DsaCategory.PROTECTION_OF_MINORS, true),
    terrorism(DsaCategory.RISK_FOR_PUBLIC_SECURITY, true),
    threat_to_life(DsaCategory.VIOLENCE, true),
    violent_extremism(DsaCategory.RISK_FOR_PUBLIC_SECURITY, false),
    violence(DsaCategory.VIOLENCE, false),
    self_harm(DsaCategory.SELF_HARM, false),
    hate_speech(DsaCategory.ILLEGAL_OR_HARMFUL_SPEECH, false),
    defamation(DsaCategory.ILLEGAL_OR_HARMFUL_SPEECH, false),
    harassment(DsaCategory.CYBER_VIOLENCE, false),
    gender_based_violence(DsaCategory.CYBER_VIOLENCE_AGAINST_WOMEN, false),
    non_consensual_imagery(DsaCategory.CYBER_VIOLENCE, false),
    doxxing(DsaCategory.DATA_PROTECTION_AND_PRIVACY_VIOLATIONS, false),
    privacy(DsaCategory.DATA_PROTECTION_AND_PRIVACY_VIOLATIONS, false),
    scam(DsaCategory.SCAMS_AND_FRAUD, false),
    impersonation(DsaCategory.SCAMS_AND_FRAUD, false),
    spam(DsaCategory.OTHER_VIOLATION_TC, false),
    intellectual_property(DsaCategory.INTELLECTUAL_PROPERTY_INFRINGEMENTS, false),
    election_integrity(DsaCategory.NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS, false),
    illegal_goods(DsaCategory.UNSAFE_AND_PROHIBITED_PRODUCTS, false),
    animal_welfare(DsaCategory.ANIMAL_WELFARE, false),
    consumer_information(DsaCategory.CONSUMER_INFORMATION, false),
    minors_harmful_content(DsaCategory.PROTECTION_OF_MINORS, false),
    terms_of_service(DsaCategory.OTHER_VIOLATION_TC, false),
    unspecified(DsaCategory.NOT_SPECIFIED_NOTICE, false);

    private final DsaCategory category;
    private final boolean critical;

    Reason(DsaCategory category, boolean critical) {
        this.category = category;
        this.critical = critical;
    }

    public DsaCategory category() {
        return category;
    }

    /** Threat to life, terrorism or child safety: reviewed before anything else. */
    public boolean critical() {
        return critical;
    }

    /** Child sexual abuse or exploitation: its media are never stored and a hotline report is owed. */
    public boolean childSafety() {
        return this == csam || this == child_sexual_exploitation;
    }

    /** A threat to life or safety: a DSA Art. 18 notification to the authorities is owed. */
    public boolean threatToLife() {
        return this == threat_to_life;
    }
}
