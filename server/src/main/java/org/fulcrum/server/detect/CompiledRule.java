package org.fulcrum.server.detect;

import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.platform.ContentEvent;

/**
 * A rule ready to run: its patterns compiled into a {@link TextMatcher} and its condition into CEL.
 * Immutable and safe to share between scanning threads.
 */
final class CompiledRule {
    private final DetectionRule rule;
    private final TextMatcher matcher;
    private final EventCondition condition;

    private CompiledRule(DetectionRule rule, TextMatcher matcher, EventCondition condition) {
        this.rule = rule;
        this.matcher = matcher;
        this.condition = condition;
    }

    /** Compiles {@code rule}; a pattern or condition that does not compile is an error naming it. */
    static CompiledRule compile(DetectionRule rule) {
        TextMatcher m = rule.kind() == RuleKind.condition ? null : TextMatcher.compile(rule.kind(), rule.patterns());
        EventCondition c = rule.condition()
                .map(x -> EventCondition.compile("condition", x))
                .orElse(null);
        return new CompiledRule(rule, m, c);
    }

    /** Checks that {@code spec} compiles, without keeping the result. */
    static void check(RuleSpec spec) {
        if (spec.kind() != RuleKind.condition) {
            TextMatcher.compile(spec.kind(), spec.patternList());
        }
        spec.condition().ifPresent(x -> EventCondition.compile("condition", x));
    }

    DetectionRule rule() {
        return rule;
    }

    /**
     * What matched in the event, or empty: the pattern for a text rule (whose condition, if any,
     * also held), or the condition itself for a condition rule.
     */
    Optional<String> match(ContentEvent event, ScanText text, Vars vars) {
        String found = null;
        if (matcher != null) {
            if (text == null) {
                return Optional.empty();
            }
            found = matcher.find(text);
            if (found == null) {
                return Optional.empty();
            }
        }
        if (condition != null && !condition.test(vars.of(event))) {
            return Optional.empty();
        }
        return Optional.of(found != null ? found : condition.source());
    }

    /** The CEL activation of one event, built once for all the rules that need it. */
    static final class Vars {
        private Map<String, Object> vars;

        Map<String, Object> of(ContentEvent e) {
            if (vars == null) {
                vars = EventCondition.variables(e);
            }
            return vars;
        }
    }
}
