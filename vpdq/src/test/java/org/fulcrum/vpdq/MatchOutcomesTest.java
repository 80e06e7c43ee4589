package org.fulcrum.vpdq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The matching rule over every ordered pair of sample videos, with this module's hashes and with
 * the reference's: variants of one clip (re-encodes, grey, sepia, a small logo, a longer cut)
 * match each other, different clips never do. Two variants are known not to survive PDQ and match
 * only themselves under the default rule, with the reference's hashes as with these: the chair
 * with a large logo over the picture (about 11% of frames found), and the SD pattern clips, which
 * are cropped and letterboxed differently from the HD ones.
 */
class MatchOutcomesTest {
    private static final List<Set<String>> FAMILIES = List.of(
            Set.of(
                    "chair-19-sd-bar",
                    "chair-20-sd-bar",
                    "chair-22-sd-grey-bar",
                    "chair-22-sd-sepia-bar",
                    "chair-22-with-small-logo-bar",
                    "chair-orig-22-sd-bar"),
            Set.of("pattern-hd-no-bar", "pattern-longer-no-bar"));

    @Test
    void variantsMatchTheirOriginalAndUnrelatedVideosDoNotWithOurHashes() {
        assertOutcomes(true);
    }

    @Test
    void theReferenceHashesGiveTheSameOutcomes() {
        assertOutcomes(false);
    }

    private static void assertOutcomes(boolean ours) {
        List<String> wrong = new ArrayList<>();
        int pairs = 0;
        for (String query : ReferenceVideos.NAMES) {
            VideoHash q = ours ? ReferenceVideos.hashed(query) : ReferenceVideos.expected(query);
            for (String target : ReferenceVideos.NAMES) {
                VideoHash t = ours ? ReferenceVideos.hashed(target) : ReferenceVideos.expected(target);
                VideoComparison c = MatchRule.DEFAULT.compare(q, t);
                boolean expected = query.equals(target) || sameFamily(query, target);
                pairs++;
                if (c.matches() != expected) {
                    wrong.add(String.format(
                            "%s vs %s: %.1f%% / %.1f%%, expected %s",
                            query,
                            target,
                            c.queryMatchedPercent(),
                            c.targetMatchedPercent(),
                            expected ? "a match" : "no match"));
                }
                if (!expected) {
                    // unrelated clips share no frame at all, not merely too few
                    assertThat(c.queryMatchedPercent() < 20 && c.targetMatchedPercent() < 20)
                            .as("%s vs %s shares few frames", query, target)
                            .isTrue();
                }
            }
        }
        assertThat(pairs).isEqualTo(144);
        assertThat(wrong).isEmpty();
    }

    private static boolean sameFamily(String a, String b) {
        return FAMILIES.stream().anyMatch(f -> f.contains(a) && f.contains(b));
    }
}
