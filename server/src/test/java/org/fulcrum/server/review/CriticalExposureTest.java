package org.fulcrum.server.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The pieces of the exposure count that need no database: its defaults, threshold and media targets. */
class CriticalExposureTest {
    @Test
    void theDefaultsAreTwoHoursTwentyItemsHalfAnHourAndADayForTeamLeads() {
        assertThat(CriticalExposure.WINDOW).isEqualTo(Duration.ofHours(2));
        assertThat(CriticalExposure.THRESHOLD).isEqualTo(20);
        assertThat(CriticalExposure.PAUSE).isEqualTo(Duration.ofMinutes(30));
        assertThat(CriticalExposure.TEAM_WINDOW).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void aBreakIsSuggestedFromTheThresholdOnCountingDecisionsAndMediaTogether() {
        assertThat(CriticalExposure.suggestsBreak(new CriticalExposure.Count(CriticalExposure.THRESHOLD - 1, 0)))
                .isFalse();
        assertThat(CriticalExposure.suggestsBreak(new CriticalExposure.Count(CriticalExposure.THRESHOLD - 5, 5)))
                .isTrue();
        assertThat(CriticalExposure.suggestsBreak(new CriticalExposure.Count(0, CriticalExposure.THRESHOLD + 3)))
                .isTrue();
    }

    @Test
    void aMediaViewsAuditTargetNamesItsSubject() {
        assertThat(CriticalExposure.subjectOf("media:wb-post-3/0")).hasValue("wb-post-3");
        assertThat(CriticalExposure.subjectOf("media:a/b/12")).hasValue("a/b");
        assertThat(CriticalExposure.subjectOf("case:c_1")).isEmpty();
        assertThat(CriticalExposure.subjectOf("media:/0")).isEmpty();
        assertThat(CriticalExposure.subjectOf(null)).isEmpty();
    }
}
