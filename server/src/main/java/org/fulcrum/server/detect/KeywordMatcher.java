package org.fulcrum.server.detect;

import java.lang.Character.UnicodeScript;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.core.FulcrumException.InvalidInput;

/**
 * Keywords and phrases matched word by word on skeleton text (see {@link TextNormalizer}), so
 * obfuscated spellings match the plain term. A phrase matches consecutive words; a term ending in
 * {@code *} matches words starting with it ("scam*" matches "scammers"). A term in a script written
 * without spaces (Han, Kana, Thai, Lao, Khmer, Myanmar) matches anywhere in the text. Matching costs
 * one hash lookup per word, whatever the number of terms.
 */
final class KeywordMatcher implements TextMatcher {
    private final Map<String, List<Term>> byFirstWord;
    private final Map<String, String> wordPrefixes;
    private final List<Term> inline;
    private final int minPrefix;
    private final int maxPrefix;

    private record Term(String original, String[] words, boolean prefix, String joined) {}

    private KeywordMatcher(Map<String, List<Term>> byFirstWord, Map<String, String> wordPrefixes, List<Term> inline) {
        this.byFirstWord = byFirstWord;
        this.wordPrefixes = wordPrefixes;
        this.inline = inline;
        this.minPrefix =
                wordPrefixes.keySet().stream().mapToInt(String::length).min().orElse(0);
        this.maxPrefix =
                wordPrefixes.keySet().stream().mapToInt(String::length).max().orElse(0);
    }

    static KeywordMatcher compile(List<String> terms) {
        Map<String, List<Term>> byFirst = new HashMap<>();
        Map<String, String> prefixes = new HashMap<>();
        List<Term> inline = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            String original = terms.get(i);
            String field = "patterns[" + i + "]";
            String body = original.strip();
            boolean prefix = body.endsWith("*");
            if (prefix) {
                body = body.substring(0, body.length() - 1);
            }
            List<String> words = TextNormalizer.words(body);
            if (words.isEmpty()) {
                throw new InvalidInput(field, "has no letters or digits to match");
            }
            Term t = new Term(original, words.toArray(String[]::new), prefix, String.join(" ", words));
            if (unspaced(body)) {
                inline.add(t);
            } else if (prefix && words.size() == 1) {
                if (words.getFirst().length() < 3) {
                    throw new InvalidInput(field, "a prefix term needs at least 3 letters before the *");
                }
                prefixes.putIfAbsent(words.getFirst(), original);
            } else {
                byFirst.computeIfAbsent(words.getFirst(), k -> new ArrayList<>(1))
                        .add(t);
            }
        }
        return new KeywordMatcher(byFirst, prefixes, inline);
    }

    private static boolean unspaced(String s) {
        return s.codePoints().anyMatch(cp -> {
            if (!Character.isLetter(cp)) {
                return false;
            }
            UnicodeScript script = UnicodeScript.of(cp);
            return script == UnicodeScript.HAN
                    || script == UnicodeScript.HIRAGANA
                    || script == UnicodeScript.KATAKANA
                    || script == UnicodeScript.THAI
                    || script == UnicodeScript.LAO
                    || script == UnicodeScript.KHMER
                    || script == UnicodeScript.MYANMAR;
        });
    }

    @Override
    public String find(ScanText text) {
        List<String> words = text.words();
        int n = words.size();
        for (int i = 0; i < n; i++) {
            String w = words.get(i);
            List<Term> candidates = byFirstWord.get(w);
            if (candidates != null) {
                for (Term t : candidates) {
                    if (matchesAt(t, words, i)) {
                        return t.original();
                    }
                }
            }
            if (!wordPrefixes.isEmpty() && w.length() >= minPrefix) {
                for (int len = minPrefix; len <= Math.min(maxPrefix, w.length()); len++) {
                    String hit = wordPrefixes.get(w.substring(0, len));
                    if (hit != null) {
                        return hit;
                    }
                }
            }
        }
        for (Term t : inline) {
            if (text.joined().contains(t.joined())) {
                return t.original();
            }
        }
        return null;
    }

    private static boolean matchesAt(Term t, List<String> words, int at) {
        String[] tw = t.words();
        if (at + tw.length > words.size()) {
            return false;
        }
        for (int k = 1; k < tw.length; k++) {
            String w = words.get(at + k);
            boolean last = k == tw.length - 1;
            if (!(last && t.prefix() ? w.startsWith(tw[k]) : w.equals(tw[k]))) {
                return false;
            }
        }
        // A one-word prefix term never gets here; a phrase's first word must be exact.
        return true;
    }
}
