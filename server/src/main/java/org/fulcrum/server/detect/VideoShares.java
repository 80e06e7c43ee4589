package org.fulcrum.server.detect;

import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.vpdq.MatchRule;

/**
 * How much of two videos must agree for a video bank to match: the vPDQ rule's two shares, each a
 * whole percent from 1 to 100. Lower shares let a clip match inside a longer video (a low banked
 * share) or a banked clip inside longer content (a low query share), at the cost of more false
 * matches.
 *
 * @param queryPercent the share of the content's distinct frames found in the banked video
 * @param bankedPercent the share of the banked video's distinct frames found in the content
 */
public record VideoShares(int queryPercent, int bankedPercent) {
    /** vPDQ's own: 80% each way. */
    public static final VideoShares DEFAULT =
            new VideoShares((int) MatchRule.DEFAULT.queryPercent(), (int) MatchRule.DEFAULT.targetPercent());

    public VideoShares {
        check("videoQueryPercent", queryPercent);
        check("videoBankedPercent", bankedPercent);
    }

    /** The vPDQ rule of these shares at {@code frameDistance}. */
    public MatchRule rule(int frameDistance) {
        return new MatchRule(frameDistance, MatchRule.DEFAULT.minQuality(), queryPercent, bankedPercent);
    }

    static void check(String field, int percent) {
        if (percent < 1 || percent > 100) {
            throw new InvalidInput(field, "must be a whole percent from 1 to 100");
        }
    }
}
