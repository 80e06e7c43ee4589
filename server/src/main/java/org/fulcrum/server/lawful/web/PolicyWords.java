package org.fulcrum.server.lawful.web;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fulcrum.server.policy.Effect;
import org.fulcrum.server.policy.Need;
import org.fulcrum.server.web.Text;

/**
 * The policy's codes in words for the pages people read: what a rule did ({@code keep_only} reads
 * "keep only the data categories the rule names"), what a decision came to, what an escalation waits for.
 * Stored decisions, traces and the JSON API keep the codes; only pages use these words, with the
 * code beside them for auditors who compare a page with the record.
 */
public final class PolicyWords {
    // Explanations are stored as "Principle 1 (No keys), rule keys-requested → refuse [acct-1]: …".
    private static final Pattern ARROW = Pattern.compile("→ ([a-z_]+)(?=[ :\\[]|$)", Pattern.MULTILINE);

    private PolicyWords() {}

    /** A rule's effect in words; {@code error} and unknown codes read as words of the code. */
    public static String effect(String code) {
        return switch (code) {
            case "-", "" -> "";
            case "error" -> "condition could not be evaluated; a person decides";
            default -> effectCode(code).map(PolicyWords::effect).orElse(Text.lower(code));
        };
    }

    /** A rule's effect in words. */
    public static String effect(Effect e) {
        return switch (e) {
            case refuse -> "refuse";
            case escalate -> "hand to a person";
            case clarify -> "ask the authority to clarify";
            case comply -> "comply as asked";
            case geo_restrict -> "restrict only in the requesting country";
            case withhold -> "withhold the data categories the rule names";
            case keep_only -> "keep only the data categories the rule names";
            case note -> "noted only";
        };
    }

    /** A decision's outcome code ({@code comply_in_part}) in words. */
    public static String outcome(String code) {
        return switch (code) {
            case "comply" -> "comply as asked";
            case "comply_in_part" -> "comply in part";
            case "refuse" -> "refuse";
            case "clarify" -> "ask the authority to clarify";
            case "escalate" -> "a person must act first";
            default -> Text.lower(code);
        };
    }

    /** What an escalation waits for, in words. */
    public static String need(Need n) {
        return switch (n) {
            case finding -> "a reviewer's finding on political speech, protest or journalism";
            case callback -> "call-back verification through a contact on file";
            case legal_review -> "a legal reviewer's assessment";
        };
    }

    /** A stored explanation with each rule's effect code after its arrow put in words. */
    public static String explanation(String text) {
        Matcher m = ARROW.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String words = effectCode(m.group(1)).map(PolicyWords::effect).orElse(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement("→ " + words));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Optional<Effect> effectCode(String code) {
        for (Effect e : Effect.values()) {
            if (e.name().equals(code)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
