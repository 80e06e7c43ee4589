package org.fulcrum.server.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A pattern that backtracks catastrophically in java.util.regex ({@code (a+)+$} on a run of a's
 * followed by a b: 2^n paths) runs in linear time with RE2/J. The generous timeouts only catch a
 * backtracking engine, which would need longer than the age of the universe for these inputs.
 */
class LinearTimeRegexTest {
    static final String EVIL = "(a+)+$";

    @Test
    @Timeout(20)
    void nestedQuantifiersOnAHostileTextFinishInLinearTime() {
        String hostile = "a".repeat(100_000) + "b";
        TextMatcher m = TextMatcher.compile(RuleKind.regex, List.of(EVIL, "(x+x+)+y", "(a|aa)+c"));
        assertThat(m.find(new ScanText(hostile))).isNull();
        assertThat(m.find(new ScanText("a".repeat(50) + "c"))).isEqualTo("(a|aa)+c");
    }

    @Test
    @Timeout(20)
    void theSamePatternOnTheLargestEventTextIsBounded() {
        String text = "a".repeat(org.fulcrum.server.platform.ContentEvent.MAX_TEXT - 1) + "!";
        TextMatcher m = TextMatcher.compile(RuleKind.regex, List.of(EVIL));
        for (int i = 0; i < 10; i++) {
            assertThat(m.find(new ScanText(text))).isNull();
        }
    }
}
