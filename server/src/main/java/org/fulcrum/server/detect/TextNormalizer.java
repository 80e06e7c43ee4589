package org.fulcrum.server.detect;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Normalisation against obfuscation, applied alike to keyword terms and to the text they are
 * matched in. {@link #clean} removes invisible characters (zero-width spaces and joiners, soft
 * hyphens, bidirectional controls, tags, variation selectors, Hangul fillers) and applies NFKC
 * (fullwidth and mathematical letters, ligatures). {@link #words} then reduces the text to words
 * of skeleton letters: diacritics stripped (NFD without marks), look-alike letters of other
 * scripts mapped to Latin (Unicode TR39 skeletons, {@link Confusables}), case folded, and leetspeak
 * undone inside words that contain a letter (0→o, 1→i, 3→e, 4→a, 5→s, 6→g, 7→t, 8→b, 9→g, @→a, $→s, !→i, |→i, +→t;
 * a "!" only when a letter follows it, so "kill!" stays "kill").
 * The letters l and i are folded together (as TR39 does for l, I, 1 and |), so "k1ll", "kiIl" and
 * "kill" are one word. Three or more single letters each one separator apart are joined into a
 * word, so "k i l l" and "k.i.l.l" read as "kill".
 */
public final class TextNormalizer {
    private TextNormalizer() {}

    /** The text without invisible characters, in NFKC; unchanged (and not copied) if plain ASCII. */
    public static String clean(String text) {
        if (ascii(text)) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (!invisible(cp)) {
                sb.appendCodePoint(cp);
            }
        }
        String nfkc = Normalizer.normalize(sb, Normalizer.Form.NFKC);
        // NFKC can expose new invisible characters only in theory; one more pass is cheap.
        return nfkc.codePoints().anyMatch(TextNormalizer::invisible) ? clean(nfkc) : nfkc;
    }

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code cp} renders as nothing: format controls and the blank letters used to hide text. */
    static boolean invisible(int cp) {
        if (Character.getType(cp) == Character.FORMAT) {
            return true; // U+200B..U+200F, U+202A..U+202E, U+2060..U+2064, U+FEFF, U+00AD, tags
        }
        return cp == 0x034F
                || (cp >= 0xFE00 && cp <= 0xFE0F)
                || (cp >= 0xE0100 && cp <= 0xE01EF)
                || cp == 0x115F
                || cp == 0x1160
                || cp == 0x3164
                || cp == 0xFFA0
                || cp == 0x2800
                || cp == 0x180B
                || cp == 0x180C
                || cp == 0x180D
                || cp == 0x180F;
    }

    /** The skeleton form: no diacritics, look-alikes mapped to Latin, lower case. Input should be {@link #clean}ed. */
    static String skeleton(String clean) {
        String decomposed = ascii(clean) || Normalizer.isNormalized(clean, Normalizer.Form.NFD)
                ? clean
                : Normalizer.normalize(clean, Normalizer.Form.NFD);
        StringBuilder sb = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); ) {
            int cp = decomposed.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80) {
                sb.append(cp >= 'A' && cp <= 'Z' ? (char) (cp + 32) : (char) cp);
                continue;
            }
            int type = Character.getType(cp);
            if (type == Character.NON_SPACING_MARK
                    || type == Character.ENCLOSING_MARK
                    || type == Character.COMBINING_SPACING_MARK) {
                continue;
            }
            String mapped = Confusables.of(cp);
            if (mapped == null) {
                int lower = Character.toLowerCase(cp);
                mapped = Confusables.of(lower);
                if (mapped == null) {
                    sb.appendCodePoint(lower);
                    continue;
                }
            }
            sb.append(mapped);
        }
        return sb.toString();
    }

    /** The words of {@code text} in skeleton form (see the class comment); {@code text} is raw. */
    public static List<String> words(String text) {
        return words(text, false);
    }

    static List<String> words(String text, boolean alreadyClean) {
        String s = skeleton(alreadyClean ? text : clean(text));
        List<String> words = new ArrayList<>();
        List<int[]> spans = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int start = -1;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int next = i + Character.charCount(cp);
            // A leet symbol inside or before a word is a letter ("h@te", "$cam", "ki||"); "!" ends
            // sentences, so it counts only when a letter follows ("sh!t" but not "kill!").
            boolean part = Character.isLetterOrDigit(cp)
                    || (leetSymbol(cp) && ((start >= 0 && cp != '!') || wordFollows(s, next)));
            if (part) {
                if (start < 0) {
                    start = i;
                }
                word.appendCodePoint(cp);
            } else if (start >= 0) {
                finish(word, words, spans, start, i);
                start = -1;
            }
            i = next;
        }
        if (start >= 0) {
            finish(word, words, spans, start, s.length());
        }
        return joinSpelledOut(words, spans);
    }

    private static boolean leetSymbol(int cp) {
        return cp == '@' || cp == '$' || cp == '!' || cp == '|' || cp == '+';
    }

    /** Whether a letter or digit follows position {@code i}, skipping leet symbols. */
    private static boolean wordFollows(String s, int i) {
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            if (Character.isLetterOrDigit(cp)) {
                return true;
            }
            if (!leetSymbol(cp)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return false;
    }

    private static void finish(StringBuilder word, List<String> words, List<int[]> spans, int start, int end) {
        boolean letter = word.codePoints().anyMatch(Character::isLetter);
        StringBuilder out = new StringBuilder(word.length());
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (letter) {
                out.append(deLeet(c));
            } else if (Character.isDigit(c)) {
                out.append(c); // a number stays a number: "2024" is not a word
            }
        }
        word.setLength(0);
        if (!out.isEmpty()) {
            words.add(out.toString());
            spans.add(new int[] {start, end});
        }
    }

    private static char deLeet(char c) {
        return switch (c) {
            case '0' -> 'o';
            case '1', '!', '|', 'l' -> 'i';
            case '3' -> 'e';
            case '4', '@' -> 'a';
            case '5', '$' -> 's';
            case '6', '9' -> 'g';
            case '7', '+' -> 't';
            case '8' -> 'b';
            default -> c;
        };
    }

    /** Joins runs of three or more one-letter words, each one character apart ("k i l l" → "kill"). */
    private static List<String> joinSpelledOut(List<String> words, List<int[]> spans) {
        List<String> out = new ArrayList<>(words.size());
        int i = 0;
        while (i < words.size()) {
            int j = i;
            while (j + 1 < words.size()
                    && words.get(j).length() == 1
                    && words.get(j + 1).length() == 1
                    && spans.get(j + 1)[0] - spans.get(j)[1] == 1) {
                j++;
            }
            if (j - i >= 2) {
                StringBuilder joined = new StringBuilder(j - i + 1);
                for (int k = i; k <= j; k++) {
                    joined.append(words.get(k));
                }
                out.add(joined.toString());
                i = j + 1;
            } else {
                out.add(words.get(i));
                i++;
            }
        }
        return out;
    }
}
