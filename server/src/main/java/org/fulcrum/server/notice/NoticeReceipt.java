package org.fulcrum.server.notice;

import java.time.Instant;
import java.util.List;

/**
 * The acknowledgement of a notice, given at once (DSA Art. 16(4)).
 *
 * @param trackingId the id under which the notifier follows the notice
 * @param status always "received"
 * @param source where the notice came from
 * @param priorityLane whether it is handled on the priority lane
 * @param art16Complete whether it carries every element of DSA Art. 16(2)
 * @param receivedAt when it was received
 * @param items the case each item joined
 */
public record NoticeReceipt(
        String trackingId,
        String status,
        Source source,
        boolean priorityLane,
        boolean art16Complete,
        Instant receivedAt,
        List<ItemReceipt> items) {
    public NoticeReceipt {
        items = List.copyOf(items);
    }

    /** Where one item went. */
    public record ItemReceipt(String subjectId, String caseId) {}
}
