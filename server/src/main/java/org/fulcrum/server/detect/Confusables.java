package org.fulcrum.server.detect;

import com.ibm.icu.text.SpoofChecker;
import java.text.Normalizer;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Look-alike letters of other scripts read as Latin, from the Unicode TR39 confusables data through
 * ICU4J's {@link SpoofChecker} skeletons (the full table, about 6,000 code points), so "аррle"
 * written with Cyrillic а and р reads as "apple". Applied after NFKC, which already folds fullwidth
 * forms, mathematical alphanumerics, circled and other compatibility letters.
 *
 * <p>TR39 compares shapes, so its skeletons keep case: Cyrillic к is confusable with the Latin kra
 * ĸ, its capital К with K. Keywords match regardless of case, so a code point reads as Latin when
 * its skeleton, or the skeleton of its capital, is Latin letters and digits once marks are dropped
 * (Greek η is n with a mark below, ß is SS); Latin small capitals read as their letter. What has
 * no Latin skeleton either way (most of other scripts) is left to the caller's case folding.
 */
final class Confusables {
    private static final SpoofChecker SPOOF = new SpoofChecker.Builder().build();
    private static final String NONE = "";
    private static final ConcurrentHashMap<Integer, String> CACHE = new ConcurrentHashMap<>();

    private Confusables() {}

    /** The Latin skeleton of {@code codePoint} in lower case, or null if it has none. */
    static String of(int codePoint) {
        String latin = CACHE.computeIfAbsent(codePoint, Confusables::latin);
        return latin.isEmpty() ? null : latin;
    }

    private static String latin(int codePoint) {
        String self = new String(Character.toChars(codePoint));
        String latin = asciiSkeleton(self);
        if (latin == null) {
            latin = asciiSkeleton(self.toUpperCase(Locale.ROOT));
        }
        if (latin == null) {
            latin = smallCapital(codePoint);
        }
        return latin == null ? NONE : latin.toLowerCase(Locale.ROOT);
    }

    /**
     * The letter a Latin small capital stands for, read from its Unicode name ("LATIN LETTER SMALL
     * CAPITAL H"): TR39 keeps small capitals apart from lower-case letters, which they are in shape,
     * but they spell words in the "fancy text" used to slip past filters.
     */
    private static String smallCapital(int codePoint) {
        String name = Character.getName(codePoint);
        return name != null && name.startsWith("LATIN LETTER SMALL CAPITAL ") && name.length() == 28
                ? name.substring(27)
                : null;
    }

    /** The TR39 skeleton without marks if it is ASCII letters and digits only, else null. */
    private static String asciiSkeleton(String text) {
        String skeleton = Normalizer.normalize(SPOOF.getSkeleton(text), Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "");
        return !skeleton.isEmpty() && skeleton.chars().allMatch(c -> c < 0x80 && Character.isLetterOrDigit(c))
                ? skeleton
                : null;
    }
}
