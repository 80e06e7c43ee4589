package org.fulcrum.server.detect;

import java.util.List;

/** A compiled list of patterns of one {@link RuleKind}, matched against the text of an event. */
sealed interface TextMatcher permits KeywordMatcher, RegexMatcher, DomainMatcher {
    /** The pattern that matched first (as the rule states it), or null if none did. */
    String find(ScanText text);

    /**
     * Compiles {@code patterns} for {@code kind}; an invalid pattern is an
     * {@link org.fulcrum.server.core.FulcrumException.InvalidInput} naming {@code patterns[i]}.
     */
    static TextMatcher compile(RuleKind kind, List<String> patterns) {
        return switch (kind) {
            case keywords -> KeywordMatcher.compile(patterns);
            case regex -> RegexMatcher.compile(patterns);
            case domains -> DomainMatcher.compile(patterns);
            case condition -> throw new IllegalArgumentException("a condition rule has no patterns");
        };
    }
}
