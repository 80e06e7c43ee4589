package org.fulcrum.server.notice;

import java.util.List;
import java.util.Optional;
import org.fulcrum.server.core.FulcrumException.InvalidInput;

/**
 * Several notices in one request, as a platform relaying its users' reports sends them; each is
 * received (or refused) on its own, all in one durable unit.
 *
 * @param notices 1 to {@value #MAX} notices
 */
public record NoticeBatch(List<NoticeSubmission> notices) {
    public static final int MAX = 100;
    /** Items across the whole batch, so one request stays one short unit of work. */
    public static final int MAX_ITEMS = 1_000;

    public NoticeBatch {
        if (notices == null || notices.isEmpty() || notices.size() > MAX) {
            throw new InvalidInput("notices", "send 1 to " + MAX + " notices");
        }
        for (NoticeSubmission n : notices) {
            if (n == null) {
                throw new InvalidInput("notices", "must not contain null");
            }
        }
        if (notices.stream().mapToInt(n -> n.items().size()).sum() > MAX_ITEMS) {
            throw new InvalidInput("notices", "name at most " + MAX_ITEMS + " items across the batch");
        }
        notices = List.copyOf(notices);
    }

    /**
     * What happened to one notice of a batch, in the order sent.
     *
     * @param receipt the receipt, if it was received
     * @param refused why it was refused (a notifier suspended under DSA Art. 23, an inactive flagger)
     */
    public record Result(Optional<NoticeReceipt> receipt, Optional<String> refused) {}

    /** The answer to a batch. */
    public record Answer(List<Result> results) {}
}
