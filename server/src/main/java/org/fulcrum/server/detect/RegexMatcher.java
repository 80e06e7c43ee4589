package org.fulcrum.server.detect;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.core.FulcrumException.InvalidInput;

/**
 * Regular expressions in RE2 syntax (RE2/J): matching runs in time linear in the text, so no
 * pattern can backtrack catastrophically, whatever a rule author or an attacker writes. Patterns
 * match the cleaned text (invisible characters removed, NFKC), so zero-width characters cannot
 * split a match; use {@code (?i)} for case-insensitive matching. A literal every match must contain
 * ({@link RequiredLiteral}) is looked for first, so most texts never reach the expression.
 */
final class RegexMatcher implements TextMatcher {
    static final int MAX_PATTERN = 1_000;

    private final List<Pattern> patterns;
    private final List<String> originals;
    private final List<Optional<RequiredLiteral>> literals;

    private RegexMatcher(List<Pattern> patterns, List<String> originals, List<Optional<RequiredLiteral>> literals) {
        this.patterns = patterns;
        this.originals = originals;
        this.literals = literals;
    }

    static RegexMatcher compile(List<String> sources) {
        List<Pattern> compiled = new java.util.ArrayList<>(sources.size());
        for (int i = 0; i < sources.size(); i++) {
            String src = sources.get(i);
            String field = "patterns[" + i + "]";
            if (src.isEmpty()) {
                throw new InvalidInput(field, "is empty");
            }
            if (src.length() > MAX_PATTERN) {
                throw new InvalidInput(field, "must have at most " + MAX_PATTERN + " characters");
            }
            try {
                Pattern p = Pattern.compile(src);
                if (p.matcher("").matches() || p.matcher("").find()) {
                    throw new InvalidInput(field, "matches the empty text, so it would match everything");
                }
                compiled.add(p);
            } catch (PatternSyntaxException e) {
                throw new InvalidInput(field, "is not a valid RE2 expression: " + e.getDescription());
            } catch (StackOverflowError | OutOfMemoryError e) {
                throw new InvalidInput(field, "is too complex to compile");
            }
        }
        return new RegexMatcher(
                List.copyOf(compiled),
                List.copyOf(sources),
                sources.stream().map(RequiredLiteral::of).toList());
    }

    @Override
    public String find(ScanText text) {
        String clean = text.clean();
        for (int i = 0; i < patterns.size(); i++) {
            Optional<RequiredLiteral> literal = literals.get(i);
            if (literal.isPresent() && !literal.get().mayMatch(text)) {
                continue;
            }
            if (patterns.get(i).matcher(clean).find()) {
                return originals.get(i);
            }
        }
        return null;
    }
}
