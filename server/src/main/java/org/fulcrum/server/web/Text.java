package org.fulcrum.server.web;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * What every console page writes the same way: codes as words, durations in days and hours, and
 * times to the minute in UTC (the pages' script reads each {@code <time datetime>} as a relative
 * time, with the absolute time in the viewer's own zone on hover). Features add their own words
 * (the DSA vocabulary, say) on top of these.
 */
public final class Text {
    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Text() {}

    /** {@code callback_confirmed} → "Callback confirmed", {@code SCAMS_AND_FRAUD} → "Scams and fraud". */
    public static String code(String code) {
        String s = code.replace('_', ' ').strip().toLowerCase(Locale.ROOT);
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /**
     * Any code in words, for a code no feature has a phrase for: dots, dashes and underscores read as
     * spaces ({@code relay_key.retire} → "Relay key retire"); a missing code reads "(none)", never blank.
     */
    public static String words(String code) {
        String words = code == null ? "" : code(code.replaceAll("[._\\-\\s]+", " "));
        return words.isEmpty() ? "(none)" : words;
    }

    /** A code in words, starting lower case, for the middle of a sentence ("callback confirmed"). */
    public static String lower(String code) {
        return code.replace('_', ' ').strip().toLowerCase(Locale.ROOT);
    }

    /** An instant to the minute in UTC. */
    public static String minute(Instant t) {
        return MINUTE.format(t);
    }

    /** A duration as days and hours ("2 days 4 hours", "45 minutes"). */
    public static String duration(Duration d) {
        long minutes = Math.abs(d.toMinutes());
        long days = minutes / (24 * 60);
        long hours = minutes / 60 % 24;
        if (days == 0 && hours == 0) {
            return plural(minutes, "minute");
        }
        return days == 0
                ? plural(hours, "hour")
                : hours == 0 ? plural(days, "day") : plural(days, "day") + " " + plural(hours, "hour");
    }

    /**
     * A calendar period in words ("90 days", "1 year 6 months", "0 days"): retention periods are
     * entered as ISO-8601 ({@code P1Y6M}) and read as words.
     */
    public static String period(Period p) {
        StringBuilder words = new StringBuilder();
        if (p.getYears() != 0) {
            words.append(plural(p.getYears(), "year"));
        }
        if (p.getMonths() != 0) {
            words.append(words.isEmpty() ? "" : " ").append(plural(p.getMonths(), "month"));
        }
        if (p.getDays() != 0 || words.isEmpty()) {
            words.append(words.isEmpty() ? "" : " ").append(plural(p.getDays(), "day"));
        }
        return words.toString();
    }

    /** An ISO-8601 period ({@code P90D}) in words; anything that is not one, as it is. */
    public static String period(String iso) {
        try {
            return period(Period.parse(iso));
        } catch (java.time.format.DateTimeParseException e) {
            return iso;
        }
    }

    /** "1 day", "3 days". */
    public static String plural(long n, String unit) {
        return n + " " + noun(n, unit);
    }

    /** "1 match", "3 matches": a count with its noun, for a noun whose plural is not just an "s" more. */
    public static String plural(long n, String one, String many) {
        return n + " " + noun(n, one, many);
    }

    /**
     * The noun (or verb) that agrees with a count, without the count, for pages that set the number
     * apart: {@code <strong>1</strong> open case}, {@code <strong>2</strong> open cases}.
     */
    public static String noun(long n, String one) {
        return noun(n, one, one + "s");
    }

    /** {@code one} for a count of exactly one, {@code many} otherwise (zero included: "0 cases match"). */
    public static String noun(long n, String one, String many) {
        return n == 1 ? one : many;
    }

    /**
     * At most {@code max} characters of {@code s}, never splitting a surrogate pair: for echoing what
     * someone typed back into a form without echoing more than any stored value could be.
     */
    public static String clip(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end);
    }

    private static final java.util.regex.Pattern REPEATED_LABEL =
            java.util.regex.Pattern.compile("(?i)^([a-z][a-z ]{2,40}):\\s*(?=\\1\\b)");

    /**
     * A stored reason with its leading label once: actions record "Terms of service: " before the
     * ground, and a ground that began with the same label read it twice ("Terms of service: Terms of
     * service: scam" reads "Terms of service: scam"); {@code null} reads as nothing.
     */
    public static String labelOnce(String stored) {
        return stored == null ? "" : REPEATED_LABEL.matcher(stored).replaceFirst("");
    }
}
