package org.fulcrum.vpdq;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.fulcrum.pdq.PdqHash;

/**
 * The vPDQ comparison rule. Each video's frames are reduced to their distinct hashes of at least
 * {@code minQuality}; a frame is matched when some frame of the other video is within
 * {@code maxDistance} bits. The query's matched share must reach {@code queryPercent} and the
 * target's {@code targetPercent}. Frame numbers and timestamps play no part: the frames are an
 * unordered bag of hashes, so a clip can match inside a longer video (lower {@code queryPercent}
 * or {@code targetPercent} to allow extra content on either side).
 *
 * <p>{@code maxDistance} is inclusive, like PDQ's image threshold elsewhere; the reference's
 * brute-force tool takes a tolerance {@code T} and counts distances below it, i.e.
 * {@code maxDistance = T - 1}.
 */
public record MatchRule(int maxDistance, int minQuality, double queryPercent, double targetPercent) {
    /** Distance 31 and quality 50 as PDQ images use, 80% of each video's frames found in the other. */
    public static final MatchRule DEFAULT = new MatchRule(31, 50, 80.0, 80.0);

    public MatchRule {
        if (maxDistance < 0 || maxDistance > PdqHash.BITS) {
            throw new IllegalArgumentException("distance must be 0-256, got " + maxDistance);
        }
        if (minQuality < 0 || minQuality > 100) {
            throw new IllegalArgumentException("quality must be 0-100, got " + minQuality);
        }
        if (!(queryPercent >= 0 && queryPercent <= 100) || !(targetPercent >= 0 && targetPercent <= 100)) {
            throw new IllegalArgumentException(
                    "match percentages must be 0-100, got " + queryPercent + " and " + targetPercent);
        }
    }

    /** Compares a query video's frames with a target's. */
    public VideoComparison compare(List<VpdqFeature> query, List<VpdqFeature> target) {
        List<PdqHash> q = distinctOfQuality(query);
        List<PdqHash> t = distinctOfQuality(target);
        if (q.isEmpty() || t.isEmpty()) {
            return new VideoComparison(0, 0, q.size(), t.size(), false);
        }
        double qShare = 100.0 * countFound(q, t) / q.size();
        double tShare = 100.0 * countFound(t, q) / t.size();
        return new VideoComparison(
                qShare, tShare, q.size(), t.size(), qShare >= queryPercent && tShare >= targetPercent);
    }

    /** Compares two whole video hashes. */
    public VideoComparison compare(VideoHash query, VideoHash target) {
        return compare(query.features(), target.features());
    }

    private List<PdqHash> distinctOfQuality(List<VpdqFeature> features) {
        Set<PdqHash> seen = new LinkedHashSet<>();
        for (VpdqFeature f : features) {
            if (f.quality() >= minQuality) {
                seen.add(f.hash());
            }
        }
        return new ArrayList<>(seen);
    }

    private int countFound(List<PdqHash> needles, List<PdqHash> haystack) {
        int found = 0;
        for (PdqHash n : needles) {
            for (PdqHash h : haystack) {
                if (n.distance(h) <= maxDistance) {
                    found++;
                    break;
                }
            }
        }
        return found;
    }
}
