package org.fulcrum.server.detect;

import java.net.IDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Host names in text and in domain lists. In text a host is a run of letters, digits, dots and
 * hyphens with at least two labels and an alphabetic top-level label ("evil.example",
 * "https://a.b.evil.example/x", "x@evil.example"); the defanged spellings "evil[.]example" and
 * "evil(dot)example" count too. Internationalised names are compared in their ASCII (punycode) form.
 */
final class Hosts {
    static final int MAX_HOSTS = 256;

    private Hosts() {}

    /** The hosts {@code lower} (lower-case text) names, at most {@link #MAX_HOSTS}, ASCII form. */
    static List<String> find(String lower) {
        String s = defang(lower);
        List<String> out = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n && out.size() < MAX_HOSTS) {
            while (i < n && !hostChar(s.charAt(i))) {
                i++;
            }
            int start = i;
            boolean dot = false;
            while (i < n && hostChar(s.charAt(i))) {
                dot |= s.charAt(i) == '.';
                i++;
            }
            if (dot && i - start <= 253) {
                candidate(s.substring(start, i)).ifPresent(out::add);
            }
        }
        return out;
    }

    private static boolean hostChar(char c) {
        return c >= 'a' && c <= 'z'
                || c >= '0' && c <= '9'
                || c == '.'
                || c == '-'
                || (c >= 0x80 && Character.isLetterOrDigit(c));
    }

    private static String defang(String s) {
        if (s.indexOf('[') < 0 && s.indexOf('(') < 0 && s.indexOf('{') < 0) {
            return s;
        }
        return s.replace("[.]", ".")
                .replace("(.)", ".")
                .replace("{.}", ".")
                .replace("[dot]", ".")
                .replace("(dot)", ".")
                .replace("{dot}", ".");
    }

    private static Optional<String> candidate(String run) {
        int a = 0;
        int b = run.length();
        while (a < b && (run.charAt(a) == '.' || run.charAt(a) == '-')) {
            a++;
        }
        while (b > a && (run.charAt(b - 1) == '.' || run.charAt(b - 1) == '-')) {
            b--;
        }
        String host = run.substring(a, b);
        int last = host.lastIndexOf('.');
        if (last <= 0) {
            return Optional.empty();
        }
        String ascii = toAscii(host).orElse(null);
        if (ascii == null) {
            return Optional.empty();
        }
        String tld = ascii.substring(ascii.lastIndexOf('.') + 1);
        if (tld.length() < 2 || !(tld.startsWith("xn--") || tld.chars().allMatch(c -> c >= 'a' && c <= 'z'))) {
            return Optional.empty();
        }
        if (ascii.contains("..")) {
            return Optional.empty();
        }
        return Optional.of(ascii);
    }

    private static Optional<String> toAscii(String host) {
        for (int i = 0; i < host.length(); i++) {
            if (host.charAt(i) >= 0x80) {
                try {
                    return Optional.of(IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(host);
    }

    /**
     * A domain-list entry in its compared form: lower case, ASCII, no scheme, path, port, leading
     * "*." or trailing dot. Throws {@link IllegalArgumentException} saying what is wrong.
     */
    static String normaliseDomain(String entry) {
        String d = entry.strip().toLowerCase(Locale.ROOT);
        int scheme = d.indexOf("://");
        if (scheme >= 0) {
            d = d.substring(scheme + 3);
        }
        int slash = d.indexOf('/');
        if (slash >= 0) {
            d = d.substring(0, slash);
        }
        int colon = d.lastIndexOf(':');
        if (colon >= 0) {
            d = d.substring(0, colon);
        }
        if (d.startsWith("*.")) {
            d = d.substring(2);
        }
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        if (d.isEmpty() || d.length() > 253) {
            throw new IllegalArgumentException("is not a domain");
        }
        String ascii =
                toAscii(d).orElseThrow(() -> new IllegalArgumentException("is not a valid internationalised domain"));
        for (String label : ascii.split("\\.", -1)) {
            if (label.isEmpty()
                    || label.length() > 63
                    || label.startsWith("-")
                    || label.endsWith("-")
                    || !label.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                throw new IllegalArgumentException("is not a domain: labels are 1-63 letters, digits or inner hyphens");
            }
        }
        return ascii;
    }
}
