package org.fulcrum.vpdq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.fulcrum.pdq.MalformedHash;
import org.fulcrum.pdq.PdqHash;
import org.junit.jupiter.api.Test;

class MatchRuleTest {
    private static final PdqHash A = new PdqHash(0, 0, 0, 0);
    private static final PdqHash FAR = new PdqHash(-1L, -1L, 0, 0); // 128 bits from A

    private static VpdqFeature frame(long n, int quality, PdqHash hash) {
        return new VpdqFeature(n, quality, hash, n / 30.0);
    }

    private static PdqHash flipped(PdqHash h, int bits) {
        for (int k = 0; k < bits; k++) {
            h = h.flip(k);
        }
        return h;
    }

    @Test
    void aFrameWithinTheDistanceIsFoundAndOneBitFurtherIsNot() {
        MatchRule rule = new MatchRule(31, 50, 100, 100);
        assertThat(rule.compare(List.of(frame(0, 100, A)), List.of(frame(0, 100, flipped(A, 31))))
                        .matches())
                .isTrue();
        assertThat(rule.compare(List.of(frame(0, 100, A)), List.of(frame(0, 100, flipped(A, 32))))
                        .matches())
                .isFalse();
    }

    @Test
    void sharesAreCountedOverDistinctFramesOfSufficientQualityInEachDirection() {
        // Query: A three times (one distinct frame), a low-quality FAR that is ignored.
        List<VpdqFeature> query = List.of(frame(0, 100, A), frame(1, 100, A), frame(2, 100, A), frame(3, 10, FAR));
        // Target: A and FAR, both of good quality: half of it is found in the query.
        List<VpdqFeature> target = List.of(frame(0, 90, A), frame(1, 90, FAR));
        VideoComparison c = MatchRule.DEFAULT.compare(query, target);
        assertThat(c.queryMatchedPercent()).isEqualTo(100.0);
        assertThat(c.targetMatchedPercent()).isEqualTo(50.0);
        assertThat(c.queryFrames()).isEqualTo(1);
        assertThat(c.targetFrames()).isEqualTo(2);
        assertThat(c.matches()).isFalse();
        assertThat(new MatchRule(31, 50, 80, 50).compare(query, target).matches())
                .isTrue();
    }

    @Test
    void aVideoWithNoFrameOfSufficientQualityMatchesNothing() {
        List<VpdqFeature> dull = List.of(frame(0, 20, A));
        VideoComparison c = MatchRule.DEFAULT.compare(dull, dull);
        assertThat(c.matches()).isFalse();
        assertThat(c.queryMatchedPercent()).isZero();
    }

    @Test
    void linesRoundTripInTheReferenceFormatWithTimestampsRoundedAsC() {
        VpdqFeature f = new VpdqFeature(5, 97, flipped(A, 3), 5 / 30.0);
        assertThat(f.toLine()).isEqualTo("5,97," + flipped(A, 3).toHex() + ",0.167");
        assertThat(VpdqFeature.parse(f.toLine()).hash()).isEqualTo(f.hash());
        // 0.0625 is exact in binary: a true tie, which C rounds to even
        assertThat(new VpdqFeature(1, 1, A, 0.0625).toLine()).endsWith(",0.062");
        assertThatThrownBy(() -> VpdqFeature.parse("1,100,zz,0.0")).isInstanceOf(MalformedHash.class);
        assertThatThrownBy(() -> VpdqFeature.parse("1,101," + A.toHex() + ",0.0"))
                .isInstanceOf(MalformedHash.class);
    }

    @Test
    void containersAreRecognisedByTheirFirstBytesOnly() {
        byte[] mp4 = {0, 0, 0, 0x20, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm'};
        assertThat(VideoFormat.sniff(mp4)).contains(VideoFormat.MP4);
        assertThat(VideoFormat.sniff(new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3}))
                .contains(VideoFormat.MATROSKA);
        assertThat(VideoFormat.sniff("#EXTM3U\nhttp://example.org/a.ts\n".getBytes()))
                .isEmpty();
        assertThat(VideoFormat.sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}))
                .isEmpty();
        assertThat(VideoFormat.sniff(new byte[0])).isEmpty();
    }
}
