package org.fulcrum.server.detect;

import java.util.List;
import java.util.Optional;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.server.notice.Reason;

/**
 * A text or URL rule as a moderator writes it. The patterns are checked here for shape and size;
 * {@link CompiledRule#compile} checks that each one compiles.
 *
 * @param name unique name, 1-100 characters
 * @param description what the rule catches and why
 * @param kind keywords, regex, domains or condition
 * @param patterns the terms, RE2 expressions or domains (none for a condition rule)
 * @param condition a CEL condition over {@code event} that must also hold (required for a condition rule)
 * @param policy what a match leads to
 * @param reason the reason a match stands for
 * @param legalGround the law a match breaks, if the content is illegal (else it breaks the terms)
 * @param mode enforce (default) or dry_run
 * @param enabled whether the rule runs (default true)
 */
public record RuleSpec(
        String name,
        Optional<String> description,
        RuleKind kind,
        Optional<List<String>> patterns,
        Optional<String> condition,
        MatchPolicy policy,
        Reason reason,
        Optional<String> legalGround,
        Optional<RuleMode> mode,
        Optional<Boolean> enabled) {
    public static final int MAX_TERMS = 20_000;
    public static final int MAX_REGEXES = 50;
    public static final int MAX_PATTERN_CHARS = 500;

    public RuleSpec {
        name = Fields.name("name", name);
        description = Fields.text("description", description, 1000);
        Fields.required("kind", kind);
        Fields.required("policy", policy);
        Fields.required("reason", reason);
        legalGround = Fields.text("legalGround", legalGround, 500);
        mode = Fields.opt(mode);
        enabled = Fields.opt(enabled);
        condition = Fields.opt(condition).map(String::strip).filter(c -> !c.isEmpty());
        List<String> list = Fields.list(
                "patterns", Fields.opt(patterns).orElse(List.of()), kind == RuleKind.regex ? MAX_REGEXES : MAX_TERMS);
        int maxChars = kind == RuleKind.regex ? RegexMatcher.MAX_PATTERN : MAX_PATTERN_CHARS;
        for (int i = 0; i < list.size(); i++) {
            String p = list.get(i);
            if (p.isBlank()) {
                throw new InvalidInput("patterns[" + i + "]", "is blank");
            }
            if (p.length() > maxChars) {
                throw new InvalidInput("patterns[" + i + "]", "must have at most " + maxChars + " characters");
            }
        }
        if (kind == RuleKind.condition) {
            if (!list.isEmpty()) {
                throw new InvalidInput("patterns", "a condition rule has no patterns");
            }
            if (condition.isEmpty()) {
                throw new InvalidInput("condition", "is required for a condition rule");
            }
        } else if (list.isEmpty()) {
            throw new InvalidInput("patterns", "a " + kind + " rule needs at least one pattern");
        }
        patterns = Optional.of(list);
    }

    public List<String> patternList() {
        return patterns.orElse(List.of());
    }

    public RuleMode modeOrDefault() {
        return mode.orElse(RuleMode.enforce);
    }
}
