package org.fulcrum.server.review;

import java.time.Instant;

/**
 * How much was reported in a case: the notices folded in, from how many reporters, how many on the
 * priority lane, and when the first and the last came.
 *
 * @param noticeCount notices folded in
 * @param reporterCount distinct reporters
 * @param trustedCount notices on the priority lane
 * @param firstNoticeAt when the first notice came
 * @param lastNoticeAt when the last notice came
 */
public record NoticeTally(
        int noticeCount, int reporterCount, int trustedCount, Instant firstNoticeAt, Instant lastNoticeAt) {}
