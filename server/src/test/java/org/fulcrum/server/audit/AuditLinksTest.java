package org.fulcrum.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.fulcrum.server.audit.AuditLinks.Segment;
import org.junit.jupiter.api.Test;

/** Identifiers named in an audit row's outcome become links to the pages that show them. */
class AuditLinksTest {
    private static final String DISCLOSURE = "dc_01jf0000000000000000000000";
    private static final String CASE = "case_01jf00000000000000000000zz";

    @Test
    void aDisclosureInARequestsRowLinksToItsPlaceOnTheRequestPage() {
        List<Segment> out = AuditLinks.outcome("request:lr_1", DISCLOSURE + " sealed to k1 [subscriber]");
        assertThat(out)
                .containsExactly(
                        new Segment(DISCLOSURE, "/console/lawful/requests/lr_1#disclosure-" + DISCLOSURE),
                        new Segment(" sealed to k1 [subscriber]", ""));
    }

    @Test
    void aDisclosureOutsideARequestsRowHasNoPageAndStaysText() {
        assertThat(AuditLinks.outcome("bank:b1", "about " + DISCLOSURE))
                .containsExactly(new Segment("about " + DISCLOSURE, ""));
    }

    @Test
    void everyKnownIdentifierInTheTextIsLinkedAndTheWordsAroundAreKept() {
        List<Segment> out = AuditLinks.outcome("staff:s1", "merged into " + CASE + ", see " + CASE + ".");
        assertThat(out)
                .containsExactly(
                        new Segment("merged into ", ""),
                        new Segment(CASE, "/console/cases/" + CASE),
                        new Segment(", see ", ""),
                        new Segment(CASE, "/console/cases/" + CASE),
                        new Segment(".", ""));
    }

    @Test
    void unknownKindsAndLookalikesAreNotLinked() {
        assertThat(AuditLinks.outcome("request:lr_1", "xyz_01jf0000000000000000000000 dc_short"))
                .extracting(Segment::linked)
                .containsOnly(false);
        assertThat(AuditLinks.outcome("request:lr_1", "")).isEmpty();
    }

    @Test
    void anObjectWithoutAPageOrWithAHostileIdGetsNoLink() {
        assertThat(AuditLinks.of("staff:s1")).isEmpty();
        assertThat(AuditLinks.of("case:\"><script>")).isEmpty();
        assertThat(AuditLinks.of("no-colon")).isEmpty();
        assertThat(AuditLinks.of("appeal:apl_1")).isEqualTo("/console/appeals/apl_1");
    }
}
