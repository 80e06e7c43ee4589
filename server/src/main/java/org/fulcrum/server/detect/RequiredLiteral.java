package org.fulcrum.server.detect;

import java.util.Locale;
import java.util.Optional;

/**
 * A literal every match of an RE2 expression must contain, found by a conservative reading of the
 * pattern source, so that texts without it are skipped by a plain substring search before the
 * expression runs. RE2/J has no DFA; on a case-insensitive expression it costs tens of
 * microseconds per short text, the substring search well under one.
 *
 * <p>Only what is certainly required is taken: runs of literal ASCII characters at the top level
 * of a pattern with no top-level alternation and no inline flags other than a leading
 * {@code (?i)}/{@code (?s)}/{@code (?m)}/{@code (?U)} group; a character made optional by
 * {@code ?}, {@code *} or a counted repetition is dropped, one repeated by {@code +} ends the run.
 * Anything else (groups, classes, escapes like {@code \d}, the dot) ends a run. A case-insensitive
 * literal is compared with the lower-cased text, which is safe because the text is NFKC-cleaned:
 * the only non-ASCII letters RE2 folds onto ASCII ones (the Kelvin sign, the long s) are mapped
 * to ASCII by NFKC.
 *
 * @param text the literal (lower case if {@code caseInsensitive})
 * @param caseInsensitive whether the pattern is case-insensitive
 */
record RequiredLiteral(String text, boolean caseInsensitive) {
    static final int MIN_LENGTH = 3;
    private static final String META = "\\.^$*+?()[]{}|";

    /** The longest required literal of {@code pattern}, if one of at least {@link #MIN_LENGTH} characters is certain. */
    static Optional<RequiredLiteral> of(String pattern) {
        boolean ci = false;
        String body = pattern;
        if (body.startsWith("(?")) {
            int close = body.indexOf(')');
            if (close < 0) {
                return Optional.empty();
            }
            String flags = body.substring(2, close);
            if (flags.isEmpty() || !flags.chars().allMatch(c -> "imsU".indexOf(c) >= 0)) {
                return Optional.empty();
            }
            ci = flags.indexOf('i') >= 0;
            body = body.substring(close + 1);
        }
        if (body.contains("(?") || escapesWithArguments(body)) {
            return Optional.empty();
        }
        String best = "";
        StringBuilder run = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '[') {
                i = classEnd(body, i);
                if (i < 0) {
                    return Optional.empty();
                }
                best = longer(best, run);
                continue;
            }
            if (c == '{') {
                // A counted repetition's bounds are not text: skip to its end.
                int close = body.indexOf('}', i);
                i = close < 0 ? i : close;
                best = longer(best, run);
                continue;
            }
            if (c == '(') {
                depth++;
                best = longer(best, run);
                continue;
            }
            if (c == ')') {
                if (--depth < 0) {
                    return Optional.empty();
                }
                continue;
            }
            if (c == '|' && depth == 0) {
                return Optional.empty();
            }
            if (depth > 0) {
                if (c == '\\') {
                    i++;
                }
                continue;
            }
            char literal;
            if (c == '\\') {
                if (i + 1 >= body.length()) {
                    return Optional.empty();
                }
                char e = body.charAt(++i);
                if (e < 0x80 && META.indexOf(e) >= 0 || e == '-' || e == '/' || e == ' ') {
                    literal = e;
                } else {
                    best = longer(best, run);
                    continue;
                }
            } else if (c < 0x80 && META.indexOf(c) < 0 && c >= 0x20) {
                literal = c;
            } else {
                best = longer(best, run);
                continue;
            }
            char next = i + 1 < body.length() ? body.charAt(i + 1) : 0;
            if (next == '?' || next == '*' || next == '{') {
                best = longer(best, run);
            } else if (next == '+') {
                run.append(literal);
                best = longer(best, run);
            } else {
                run.append(literal);
            }
        }
        best = longer(best, run);
        if (best.length() < MIN_LENGTH) {
            return Optional.empty();
        }
        return Optional.of(new RequiredLiteral(ci ? best.toLowerCase(Locale.ROOT) : best, ci));
    }

    /**
     * Whether an escape takes arguments or changes how what follows reads ({@code \x41},
     * {@code \p{Greek}}, {@code \Q...\E}, octal {@code \101}): such patterns get no prefilter.
     */
    private static boolean escapesWithArguments(String s) {
        for (int i = 0; i + 1 < s.length(); i++) {
            if (s.charAt(i) == '\\') {
                char e = s.charAt(i + 1);
                if ("xpPQEC".indexOf(e) >= 0 || Character.isDigit(e)) {
                    return true;
                }
                i++;
            }
        }
        return false;
    }

    /** The index of the {@code ]} closing the class opened at {@code open}, or -1. */
    private static int classEnd(String s, int open) {
        int i = open + 1;
        if (i < s.length() && s.charAt(i) == '^') {
            i++;
        }
        if (i < s.length() && s.charAt(i) == ']') {
            i++;
        }
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[' && i + 1 < s.length() && s.charAt(i + 1) == ':') {
                int end = s.indexOf(":]", i + 2);
                if (end < 0) {
                    return -1;
                }
                i = end + 1;
            } else if (c == ']') {
                return i;
            }
        }
        return -1;
    }

    private static String longer(String best, StringBuilder run) {
        String r = run.toString();
        run.setLength(0);
        return r.length() > best.length() ? r : best;
    }

    /** Whether {@code text} may match: it holds the literal. */
    boolean mayMatch(ScanText text) {
        return (caseInsensitive ? text.lower() : text.clean()).contains(this.text);
    }
}
