package org.fulcrum.server.privacy;

import org.fulcrum.server.web.Text;

/**
 * Privacy's codes in words for the console: what a data subject asked for, what became of it, and
 * what placed a legal hold. The records and the JSON API keep the codes; pages show these words
 * with the code beside them, as the policy's words do.
 */
public final class PrivacyWords {
    private PrivacyWords() {}

    /** What a data subject asked for: "Export of their data (right of access)". */
    public static String kind(DataSubjectRequests.Kind k) {
        return switch (k) {
            case export -> "Export of their data (right of access)";
            case erasure -> "Erasure of their data (right to erasure)";
        };
    }

    /** What became of a data subject request ({@code partly_erased} and the rest), in words. */
    public static String outcome(String code) {
        return switch (code) {
            case "exported" -> "Exported";
            case "erased" -> "Erased";
            case "partly_erased" -> "Partly erased: what a legal hold covers is kept until it ends";
            case "nothing_held" -> "Nothing is held about the account";
            case "refused" -> "Refused";
            default -> Text.words(code);
        };
    }

    /** What placed a hold, for the middle of a sentence: "a preservation order". */
    public static String source(String code) {
        for (Hold.Source s : Hold.Source.values()) {
            if (s.name().equals(code)) {
                return source(s);
            }
        }
        return Text.lower(code);
    }

    /** What placed a hold, for the middle of a sentence: "a preservation order". */
    public static String source(Hold.Source s) {
        return switch (s) {
            case order -> "a preservation order";
            case decision -> "a moderation decision";
            case detection -> "automated detection";
            case staff -> "legal staff";
            case enforcement -> "an enforcement action";
        };
    }
}
