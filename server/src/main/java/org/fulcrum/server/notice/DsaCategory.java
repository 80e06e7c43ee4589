package org.fulcrum.server.notice;

/**
 * The statement categories of the DSA Transparency Database (API v1). {@link #key()} is the exact
 * value the database expects, for example {@code STATEMENT_CATEGORY_SCAMS_AND_FRAUD}.
 */
public enum DsaCategory {
    ANIMAL_WELFARE,
    CONSUMER_INFORMATION,
    CYBER_VIOLENCE,
    CYBER_VIOLENCE_AGAINST_WOMEN,
    DATA_PROTECTION_AND_PRIVACY_VIOLATIONS,
    ILLEGAL_OR_HARMFUL_SPEECH,
    INTELLECTUAL_PROPERTY_INFRINGEMENTS,
    NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS,
    NOT_SPECIFIED_NOTICE,
    OTHER_VIOLATION_TC,
    PROTECTION_OF_MINORS,
    RISK_FOR_PUBLIC_SECURITY,
    SCAMS_AND_FRAUD,
    SELF_HARM,
    UNSAFE_AND_PROHIBITED_PRODUCTS,
    VIOLENCE;

    public static final String PREFIX = "STATEMENT_CATEGORY_";

    public String key() {
        return PREFIX + name();
    }
}
