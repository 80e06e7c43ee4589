package org.fulcrum.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.Period;
import org.fulcrum.server.policy.Policies;
import org.fulcrum.server.policy.PolicyInvalid;
import org.junit.jupiter.api.Test;

/** The retention file: the shipped defaults, partial files, and files that must stop the start. */
class RetentionFileTest {

    @Test
    void theShippedFileHoldsTheDocumentedDefaults() {
        RetentionFile f = RetentionFile.parse(Policies.defaultText(RetentionFile.FILE));
        for (DataClass c : DataClass.values()) {
            assertThat(f.periods().get(c)).as(c.name()).isEqualTo(c.defaultPeriod());
        }
        assertThat(f.purgeIntervalMinutes()).isEqualTo(60);
        assertThat(f.purgeBatchSize()).isEqualTo(500);
    }

    @Test
    void aClassTheFileLeavesOutKeepsItsDefault() {
        RetentionFile f = RetentionFile.parse("periods:\n  content_events: P7D\n");
        assertThat(f.periods().get(DataClass.content_events)).isEqualTo(Period.ofDays(7));
        assertThat(f.periods().get(DataClass.notices)).isEqualTo(DataClass.notices.defaultPeriod());
        assertThat(RetentionFile.parse("").periods()).hasSize(DataClass.values().length);
    }

    @Test
    void unknownClassesBadPeriodsAndPeriodsBelowAFloorStopTheStart() {
        assertThatThrownBy(() -> RetentionFile.parse("periods:\n  everything: P1D\n"))
                .isInstanceOf(PolicyInvalid.class)
                .hasMessageContaining("everything");
        assertThatThrownBy(() -> RetentionFile.parse("periods:\n  notices: P30D\n"))
                .isInstanceOf(PolicyInvalid.class)
                .hasMessageContaining("at least P6M");
        assertThatThrownBy(() -> RetentionFile.parse("periods:\n  audit_trail: two years\n"))
                .isInstanceOf(PolicyInvalid.class)
                .hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> RetentionFile.parse("purge_batch_size: 0\n")).isInstanceOf(PolicyInvalid.class);
        assertThatThrownBy(() -> RetentionFile.parse("purge_every: 5\n")).isInstanceOf(PolicyInvalid.class);
    }

    @Test
    void dataIsDueNeverBeforeItsAnchorPlusThePeriod() {
        Instant anchor = Instant.parse("2026-08-31T12:00:00Z");
        Period sixMonths = Period.ofMonths(6);
        for (Instant now = anchor; now.isBefore(anchor.plusSeconds(200L * 86400)); now = now.plusSeconds(3600)) {
            boolean due = !anchor.isAfter(Retention.cutoff(now, sixMonths));
            if (due) {
                assertThat(now).isAfterOrEqualTo(Retention.due(anchor, sixMonths));
            }
        }
    }
}
