package org.fulcrum.server.review;

import java.util.regex.Pattern;

/**
 * Scrubs what looks like personal data (e-mail addresses, phone numbers, handles, links) from free
 * text that will be published, such as the facts of a statement of reasons. Moderators are asked
 * to write none; this is the net under them.
 */
public final class Redaction {
    private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+");
    private static final Pattern URL = Pattern.compile("(?i)\\b(https?://|www\\.)\\S+");
    private static final Pattern PHONE = Pattern.compile("\\+?\\d[\\d .()/-]{6,}\\d");
    private static final Pattern HANDLE = Pattern.compile("(?<![\\w@])@[A-Za-z0-9_.]{2,64}");
    public static final String MARK = "[redacted]";

    private Redaction() {}

    public static String scrub(String text) {
        if (text == null) {
            return null;
        }
        String s = EMAIL.matcher(text).replaceAll(MARK);
        s = URL.matcher(s).replaceAll(MARK);
        // Dates and amounts look like numbers too; a phone number has at least nine digits.
        s = PHONE.matcher(s)
                .replaceAll(m -> m.group().chars().filter(Character::isDigit).count() >= 9
                        ? MARK
                        : java.util.regex.Matcher.quoteReplacement(m.group()));
        return HANDLE.matcher(s).replaceAll(MARK);
    }
}
