package org.fulcrum.server.review;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.fulcrum.server.notice.DsaCategory;
import org.fulcrum.server.notice.Source;
import org.fulcrum.server.platform.EnforcementState.AccountStatus;
import org.fulcrum.server.platform.EnforcementState.Visibility;
import org.fulcrum.server.web.Text;

/**
 * Codes in words for the console: reasons, DSA categories and grounds as a person reads them,
 * durations in days and hours, times to the minute (the page's script turns them into relative
 * times with the viewer's own time zone on hover).
 */
public final class Words {
    private Words() {}

    /**
     * Codes whose words are not their parts read one after another: an acronym, a hyphenated term or
     * a phrase a moderator would say the other way round.
     */
    private static final java.util.Map<String, String> PHRASES = java.util.Map.of(
            "csam", "Child sexual abuse material (CSAM)",
            "non_consensual_imagery", "Non-consensual intimate imagery",
            "gender_based_violence", "Gender-based violence",
            "minors_harmful_content", "Content harmful to minors",
            "self_harm", "Self-harm",
            "overturn", "Overturned on human review");

    /** {@code hate_speech} → "Hate speech", {@code SCAMS_AND_FRAUD} → "Scams and fraud", {@code csam} → "Child sexual abuse material (CSAM)". */
    public static String of(String code) {
        String phrase = PHRASES.get(code);
        return phrase != null ? phrase : Text.code(code);
    }

    /** A DSA statement category in words ("Other violation of the terms" for {@code OTHER_VIOLATION_TC}). */
    public static String category(DsaCategory c) {
        return switch (c) {
            case OTHER_VIOLATION_TC -> "Other violation of the terms of service";
            case NOT_SPECIFIED_NOTICE -> "Not specified in the notice";
            case NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS -> "Negative effects on civic discourse or elections";
            default -> of(c.name());
        };
    }

    /** A category given as its DSA key or bare name, in words; anything else as it is. */
    public static String categoryKey(String key) {
        String bare = key.startsWith(DsaCategory.PREFIX) ? key.substring(DsaCategory.PREFIX.length()) : key;
        try {
            return category(DsaCategory.valueOf(bare));
        } catch (IllegalArgumentException e) {
            return key;
        }
    }

    private static final java.util.List<String> PREFIXES = java.util.List.of(
            "DECISION_GROUND_",
            "DECISION_VISIBILITY_",
            "DECISION_MONETARY_",
            "DECISION_PROVISION_",
            "DECISION_ACCOUNT_",
            "ACCOUNT_TYPE_",
            "CONTENT_TYPE_",
            "SOURCE_",
            "AUTOMATED_DECISION_",
            "AUTOMATED_DETECTION_",
            "TERRITORIAL_SCOPE_",
            "KEYWORD_");

    /**
     * A value of a statement of reasons in words: codes lose their field prefix and read as words
     * ({@code DECISION_GROUND_ILLEGAL_CONTENT} → "Illegal content"); lists are joined; text stays.
     */
    public static String dsa(Object value) {
        if (value instanceof java.util.Collection<?> c) {
            return String.join(", ", c.stream().map(Words::dsa).toList());
        }
        String v = String.valueOf(value);
        if (v.startsWith(DsaCategory.PREFIX)) {
            return categoryKey(v);
        }
        // Country and language codes stay codes; only multi-word codes read as words.
        if (!v.matches("[A-Z][A-Z0-9_]+") || v.matches("[A-Z]{2,3}")) {
            return v;
        }
        for (String p : PREFIXES) {
            if (v.startsWith(p)) {
                return of(v.substring(p.length()));
            }
        }
        return of(v);
    }

    /** Whether readers see a subject, in words: "Removed", "Disabled". */
    public static String visibility(Visibility v) {
        return of(v.name());
    }

    /** An account's standing in words: "Active", "Suspended", "Terminated". */
    public static String account(AccountStatus s) {
        return of(s.name());
    }

    /**
     * What detection did about a match ({@code removed_reported} reads "Removed automatically and
     * reported"); an outcome without a phrase reads as words of its code.
     */
    public static String matchOutcome(String code) {
        return switch (code) {
            case "noticed" -> "Sent to review as a notice";
            case "removed" -> "Removed automatically";
            case "removed_reported" -> "Removed automatically and reported";
            case "dry_run" -> "Recorded only: the detector is in dry run";
            case "suppressed" -> "Recorded only: the media is in an allow bank";
            case "already_removed" -> "Nothing done: already removed";
            case "deleted" -> "Nothing done: deleted on the platform";
            case "unknown_subject" -> "Nothing done: the subject is not known";
            case "report_only" -> "Reported only, not acted on";
            case "failed" -> "Not acted on: the response failed";
            default -> Text.words(code);
        };
    }

    /** Where a case came from, for the middle of a sentence: "reported by a trusted flagger". */
    public static String reportedBy(Source s) {
        return switch (s) {
            case user_report -> "reported by a user";
            case trusted_flagger -> "reported by a trusted flagger";
            case authority -> "reported by an authority";
            case detection -> "found by automated detection";
        };
    }

    /** What kind of ground a decision cites: "Legal provision" (illegal content) or "Terms clause". */
    public static String groundKind(String kind) {
        return "legal".equals(kind) ? "Legal provision" : "Terms clause";
    }

    // A ground that already names its kind, as moderators often type it ("Terms of service 4.2: scams").
    private static final Pattern NAMES_POLICY = Pattern.compile("(?i)^(terms|tos)\\b");
    private static final Pattern NAMES_LEGAL = Pattern.compile("(?i)^(illegal content|legal provision)\\b");
    // A label written twice at the start of a stored reason: "Terms of service: Terms of service: scam".

    /**
     * A decision's ground led by its kind ("Terms clause: 4.2 scams"), the kind left out when the
     * ground already names it: "Terms of service 4.2: scams" reads once, not after "Terms clause:".
     */
    public static String ground(String kind, String ground) {
        String g = ground.strip();
        Pattern names = "legal".equals(kind) ? NAMES_LEGAL : NAMES_POLICY;
        return names.matcher(g).find() ? g : groundKind(kind) + ": " + g;
    }

    // The label a ground is stored behind when automation writes it ("Terms of service: scam").
    private static final Pattern STORED_LABEL = Pattern.compile("(?i)^(terms of service|illegal content)\\s*:\\s*");

    /**
     * A ground for a sentence that already names its kind ("based on our terms of service, …"): a
     * leading "Terms of service:" or "Illegal content:" label is left out, so the kind reads once.
     */
    public static String groundInSentence(String ground) {
        String rest = STORED_LABEL.matcher(ground.strip()).replaceFirst("");
        return rest.isEmpty() ? ground.strip() : rest;
    }

    /**
     * A stored reason with its leading label once: actions record "Terms of service: " before the
     * ground, and a ground that began with the same label read it twice.
     */
    public static String reason(String stored) {
        return Text.labelOnce(stored);
    }

    /** A duration as days and hours ("2 days 4 hours", "45 minutes"). */
    public static String duration(Duration d) {
        return Text.duration(d);
    }

    /** A duration given in minutes, as days and hours. */
    public static String minutes(long minutes) {
        return duration(Duration.ofMinutes(minutes));
    }

    /** An instant to the minute in UTC; the page's script shows it relative, local on hover. */
    public static String time(Instant t) {
        return Text.minute(t);
    }
}
