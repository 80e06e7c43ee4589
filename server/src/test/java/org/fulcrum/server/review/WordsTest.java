package org.fulcrum.server.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.fulcrum.server.notice.DsaCategory;
import org.junit.jupiter.api.Test;

/** Codes and clocks in words: what the console shows instead of raw codes and minutes. */
class WordsTest {
    @Test
    void slasAndClocksReadInDaysAndHours() {
        assertThat(Words.minutes(2880)).isEqualTo("2 days");
        assertThat(Words.duration(Duration.ofHours(28))).isEqualTo("1 day 4 hours");
        assertThat(Words.minutes(60)).isEqualTo("1 hour");
        assertThat(Words.minutes(45)).isEqualTo("45 minutes");
    }

    @Test
    void statementCodesReadAsWords() {
        assertThat(Words.dsa("DECISION_GROUND_ILLEGAL_CONTENT")).isEqualTo("Illegal content");
        assertThat(Words.dsa("STATEMENT_CATEGORY_SCAMS_AND_FRAUD")).isEqualTo("Scams and fraud");
        assertThat(Words.dsa(List.of("DECISION_VISIBILITY_CONTENT_REMOVED", "CONTENT_TYPE_TEXT")))
                .isEqualTo("Content removed, Text");
        assertThat(Words.dsa("Terms of service 4.2")).isEqualTo("Terms of service 4.2");
        assertThat(Words.dsa(List.of("AT", "DE"))).isEqualTo("AT, DE");
        assertThat(Words.category(DsaCategory.OTHER_VIOLATION_TC)).isEqualTo("Other violation of the terms of service");
        assertThat(Words.of("threat_to_life")).isEqualTo("Threat to life");
    }

    @Test
    void everyReasonReadsAsAModeratorWouldSayIt() {
        assertThat(Words.of("csam")).isEqualTo("Child sexual abuse material (CSAM)");
        assertThat(Words.of("non_consensual_imagery")).isEqualTo("Non-consensual intimate imagery");
        assertThat(Words.of("minors_harmful_content")).isEqualTo("Content harmful to minors");
        for (org.fulcrum.server.notice.Reason r : org.fulcrum.server.notice.Reason.values()) {
            String words = Words.of(r.name());
            assertThat(words).as(r.name()).doesNotContain("_").isNotEqualToIgnoringCase("csam");
            assertThat(Character.isUpperCase(words.charAt(0))).as(words).isTrue();
        }
    }

    @Test
    void aGroundOrReasonThatAlreadyNamesItsKindReadsTheLabelOnce() {
        assertThat(Words.ground("policy", "4.2 scams")).isEqualTo("Terms clause: 4.2 scams");
        assertThat(Words.ground("policy", "Terms of service 4.2: scams")).isEqualTo("Terms of service 4.2: scams");
        assertThat(Words.ground("policy", "terms 4.2")).isEqualTo("terms 4.2");
        assertThat(Words.ground("policy", "Terminator quotes")).isEqualTo("Terms clause: Terminator quotes");
        assertThat(Words.ground("legal", "§ 130 StGB")).isEqualTo("Legal provision: § 130 StGB");
        assertThat(Words.ground("legal", "Illegal content: § 130 StGB")).isEqualTo("Illegal content: § 130 StGB");
        assertThat(Words.reason("Terms of service: Terms of service: scam")).isEqualTo("Terms of service: scam");
        assertThat(Words.reason("Terms of service: terms of service 4.2")).isEqualTo("terms of service 4.2");
        assertThat(Words.reason("Illegal content: Illegal content: § 130")).isEqualTo("Illegal content: § 130");
        assertThat(Words.reason("Terms of service: 4.2 scams")).isEqualTo("Terms of service: 4.2 scams");
        assertThat(Words.reason("Terms of service: Terminator")).isEqualTo("Terms of service: Terminator");
        assertThat(Words.reason(null)).isEmpty();
        assertThat(Words.groundInSentence("Terms of service: scam")).isEqualTo("scam");
        assertThat(Words.groundInSentence("Illegal content : § 130 StGB")).isEqualTo("§ 130 StGB");
        assertThat(Words.groundInSentence("Terms of service 4.2")).isEqualTo("Terms of service 4.2");
        assertThat(Words.groundInSentence("Terms of service:")).isEqualTo("Terms of service:");
    }

    @Test
    void timesAreToTheMinuteInUtcWithoutMilliseconds() {
        assertThat(Words.time(Instant.parse("2026-12-04T16:34:33.633Z"))).isEqualTo("2026-12-04 16:34 UTC");
    }

    @Test
    void aPostsAddressOrAHandleNamesItsId() {
        assertThat(Search.idOf("https://messenger.example/c/ch-1/post-12?ref=share#top"))
                .isEqualTo("post-12");
        assertThat(Search.idOf("@acct-7")).isEqualTo("acct-7");
        assertThat(Search.idOf("acct-7")).isEqualTo("acct-7");
    }
}
