package org.fulcrum.server.review;

import org.fulcrum.server.notice.DsaCategory;
import org.fulcrum.server.notice.Reason;
import org.fulcrum.server.notice.Source;

/**
 * What a case is about and how urgent it is: the reason and source of its most urgent notice, and
 * the ordering key that puts it in the review order.
 *
 * @param reason the most urgent notice's reason
 * @param category that reason's DSA category
 * @param source the most urgent notice's source
 * @param severity 1 for threat to life, terrorism and child safety, else 0
 * @param lane 1 for trusted flaggers within their expertise and authorities, else 0
 * @param audience the subject's reach when last reported
 * @param priority the ordering key: severity, then lane, then reach
 */
public record Urgency(
        Reason reason, DsaCategory category, Source source, int severity, int lane, long audience, long priority) {

    /** The ordering key: critical first, then the priority lane, then reach. */
    public static long priority(int severity, int lane, long audience) {
        return severity * 1_000_000_000_000_000_000L
                + lane * 100_000_000_000_000_000L
                + Math.min(Math.max(audience, 0), 99_999_999_999_999_999L);
    }
}
