package org.fulcrum.server.lawful.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.fulcrum.server.policy.Effect;
import org.junit.jupiter.api.Test;

/** The policy's codes as staff read them: every effect in words, explanations without codes. */
class PolicyWordsTest {

    @Test
    void everyEffectReadsAsWordsWithoutItsCode() {
        for (Effect e : Effect.values()) {
            assertThat(PolicyWords.effect(e)).as(e.name()).isNotBlank().doesNotContain("_");
            assertThat(PolicyWords.effect(e.name())).isEqualTo(PolicyWords.effect(e));
        }
        assertThat(PolicyWords.effect(Effect.keep_only)).isEqualTo("keep only the data categories the rule names");
        assertThat(PolicyWords.effect("-")).isEmpty();
    }

    @Test
    void anExplanationNamesEachRulesEffectInWordsAndLeavesTheReasonsAlone() {
        String stored = """
                Principle 1 (No keys), rule e2e-content-withheld → withhold [acct-7]: keep_only is not a word here.
                Principle 4 (Due process), rule minimise → keep_only [acct-7]: A disclosure holds only what is necessary.
                Principle 3 (One standard), rule local-only → geo_restrict: Illegal only locally.""";
        String shown = PolicyWords.explanation(stored);
        assertThat(shown)
                .contains("rule e2e-content-withheld → withhold the data categories the rule names [acct-7]")
                .contains("rule minimise → keep only the data categories the rule names [acct-7]")
                .contains("rule local-only → restrict only in the requesting country: Illegal only locally.")
                .contains("keep_only is not a word here.")
                .doesNotContain("→ keep_only")
                .doesNotContain("→ geo_restrict");
    }

    @Test
    void outcomesReadAsWords() {
        assertThat(PolicyWords.outcome("comply_in_part")).isEqualTo("comply in part");
        assertThat(PolicyWords.outcome("escalate")).isEqualTo("a person must act first");
    }
}
