package org.fulcrum.server.detect;

import java.util.List;
import java.util.Locale;

/**
 * The views of one text the matchers need, each computed once and only when first asked for:
 * the cleaned text (regular expressions), its lower-case form (hosts), and its skeleton words
 * (keywords). One instance serves every rule that scans the same event, on one thread.
 */
final class ScanText {
    private final String raw;
    private String clean;
    private String lower;
    private List<String> words;
    private String joined;
    private List<String> hosts;

    ScanText(String raw) {
        this.raw = raw;
    }

    String raw() {
        return raw;
    }

    /** Invisible characters removed, NFKC. */
    String clean() {
        if (clean == null) {
            clean = TextNormalizer.clean(raw);
        }
        return clean;
    }

    String lower() {
        if (lower == null) {
            lower = clean().toLowerCase(Locale.ROOT);
        }
        return lower;
    }

    /** Skeleton words (see {@link TextNormalizer}). */
    List<String> words() {
        if (words == null) {
            words = TextNormalizer.words(clean(), true);
        }
        return words;
    }

    /** The skeleton words joined by single spaces, for terms in scripts written without spaces. */
    String joined() {
        if (joined == null) {
            joined = String.join(" ", words());
        }
        return joined;
    }

    /** Every host name the text mentions, in ASCII form. */
    List<String> hosts() {
        if (hosts == null) {
            hosts = Hosts.find(lower());
        }
        return hosts;
    }
}
