package org.fulcrum.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Counts on the console agree with their nouns and verbs: one case, two cases, no cases. */
class TextTest {

    @Test
    void aStoredReasonReadsItsLeadingLabelOnce() {
        assertThat(Text.labelOnce("Terms of service: Terms of service: terrorism"))
                .isEqualTo("Terms of service: terrorism");
        assertThat(Text.labelOnce("Terms of service: 4.2 scams")).isEqualTo("Terms of service: 4.2 scams");
        assertThat(Text.labelOnce("EU 2021/784 (TCO) removal order, ref. TCO-1 (FR): removed content preserved"))
                .isEqualTo("EU 2021/784 (TCO) removal order, ref. TCO-1 (FR): removed content preserved");
        assertThat(Text.labelOnce(null)).isEmpty();
    }

    @Test
    void aCountOfOneTakesTheSingularAndEveryOtherCountThePlural() {
        assertThat(Text.plural(1, "open case")).isEqualTo("1 open case");
        assertThat(Text.plural(2, "open case")).isEqualTo("2 open cases");
        assertThat(Text.plural(0, "open case")).isEqualTo("0 open cases");
        assertThat(Text.plural(1, "entry", "entries")).isEqualTo("1 entry");
        assertThat(Text.plural(3, "entry", "entries")).isEqualTo("3 entries");
        assertThat(Text.noun(1, "case") + " " + Text.noun(1, "matches", "match"))
                .isEqualTo("case matches");
        assertThat(Text.noun(5, "case") + " " + Text.noun(5, "matches", "match"))
                .isEqualTo("cases match");
    }

    @Test
    void anyCodeReadsAsWordsAndAMissingOneIsNeverBlank() {
        assertThat(Text.words("request.enter.manual")).isEqualTo("Request enter manual");
        assertThat(Text.words("account.second-factor-reset")).isEqualTo("Account second factor reset");
        assertThat(Text.words(null)).isEqualTo("(none)");
        assertThat(Text.words("  ")).isEqualTo("(none)");
    }

    @Test
    void aRetentionPeriodReadsInYearsMonthsAndDays() {
        assertThat(Text.period(java.time.Period.parse("P90D"))).isEqualTo("90 days");
        assertThat(Text.period(java.time.Period.parse("P1Y"))).isEqualTo("1 year");
        assertThat(Text.period(java.time.Period.parse("P1Y6M"))).isEqualTo("1 year 6 months");
        assertThat(Text.period(java.time.Period.parse("P2Y1D"))).isEqualTo("2 years 1 day");
        assertThat(Text.period(java.time.Period.ZERO)).isEqualTo("0 days");
    }
}
