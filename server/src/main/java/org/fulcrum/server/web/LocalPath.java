package org.fulcrum.server.web;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a sign-in may send the browser afterwards ({@code next}): a path on this site and nothing
 * else. Browsers forgive a great deal in a {@code Location} header: they strip tabs and newlines,
 * read {@code \} as {@code /}, and take {@code //host} (or {@code /\t/host}) as another site, and
 * some decode percent-escapes before deciding. So the value is accepted only when it is plainly
 * an absolute path of printable ASCII, with no backslash, no doubled slash, no escaped slash,
 * backslash or control character, and no scheme; anything else falls back to the default.
 */
public final class LocalPath {
    /** Printable ASCII without space, quote, backslash, angle brackets, braces or backtick. */
    private static final Pattern ALLOWED = Pattern.compile("/[A-Za-z0-9._~!$&'()*+,;=:@%/?#\\-\\[\\]]*");
    /** Percent-escapes of control characters, slash, backslash, and of the percent sign itself. */
    private static final Pattern BAD_ESCAPE = Pattern.compile("%(?:[01][0-9a-fA-F]|7[fF]|2[fF]|5[cC]|25)");

    private static final int MAX_LENGTH = 2_000;

    private LocalPath() {}

    /** {@code next} when it is a safe local path, otherwise empty. */
    public static Optional<String> of(String next) {
        if (next == null
                || next.isEmpty()
                || next.length() > MAX_LENGTH
                || !ALLOWED.matcher(next).matches()) {
            return Optional.empty();
        }
        String path = next.split("[?#]", 2)[0];
        if (path.contains("//")
                || next.startsWith("//")
                || BAD_ESCAPE.matcher(next).find()) {
            return Optional.empty();
        }
        return Optional.of(next);
    }

    /** {@code next} when safe, otherwise {@code fallback}. */
    public static String or(String next, String fallback) {
        return of(next).orElse(fallback);
    }
}
