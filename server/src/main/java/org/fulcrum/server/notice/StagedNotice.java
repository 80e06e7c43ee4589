package org.fulcrum.server.notice;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.transparency.EntryDraft;
import org.fulcrum.server.transparency.EntryKind;
import org.fulcrum.server.transparency.LogEntry;

/**
 * What a notice's write needs that does not depend on the store, made before its unit reaches the
 * single writer: who sends it, the notice id, when it was received, who reports, and its log entry,
 * encoded and committed to but for the fields the write decides.
 */
record StagedNotice(
        NoticeIntake.Submitter who,
        NoticeSubmission notice,
        String id,
        Instant at,
        Optional<String> reporterKey,
        EntryDraft entry) {

    /** The public fields of a notice's log entry that only its write decides. */
    private static final Set<String> LATE_FIELDS = Set.of("newCases", "priorityLane");

    /** Stages {@code n} from {@code who}: its id and time from {@code clock}, its log entry encoded with {@code json}. */
    static StagedNotice of(NoticeIntake.Submitter who, NoticeSubmission n, Clock clock, Json json) {
        String id = Ids.next("ntc", clock);
        Optional<String> reporterKey = switch (who.source()) {
            case user_report ->
                n.notifier().flatMap(NoticeSubmission.Notifier::reporterId).map(r -> "user:" + r);
            case trusted_flagger -> who.ownerId().map(o -> "flagger:" + o);
            case authority -> who.ownerId().map(o -> "authority:" + o);
            case detection -> Optional.empty();
        };
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("noticeId", id);
        details.put("submitter", who.actor());
        details.put(
                "subjects",
                n.items().stream().map(NoticeSubmission.Item::subjectId).toList());
        reporterKey.ifPresent(k -> details.put("reporter", k));
        Instant at = clock.instant();
        Map<String, Object> publicFields = new LinkedHashMap<>();
        publicFields.put("source", who.source().name());
        publicFields.put("reason", n.reason().name());
        publicFields.put("items", n.items().size());
        publicFields.put("art16Complete", n.art16Complete());
        // Whether it is on the priority lane (a flagger's registration) and how many cases it opened are
        // what the write finds out; the rest of the entry is encoded here.
        EntryDraft entry = EntryDraft.of(
                LogEntry.of(
                        EntryKind.notice_received,
                        at,
                        n.country().orElse(null),
                        n.reason().category().name(),
                        "received",
                        publicFields,
                        details,
                        reporterKey.orElse(null)),
                LATE_FIELDS,
                json);
        return new StagedNotice(who, n, id, at, reporterKey, entry);
    }

    /**
     * The lane a notice from {@code who} takes, when it is known before the write: a trusted flagger's
     * depends on its registration, read in the write.
     */
    static Optional<Boolean> knownLane(NoticeIntake.Submitter who) {
        return switch (who.source()) {
            case user_report, detection -> Optional.of(false);
            case authority -> Optional.of(true);
            case trusted_flagger -> Optional.empty();
        };
    }

    /** The receipt this notice will get if received on {@code lane}, but for its items' case ids. */
    NoticeReceipt draft(boolean lane) {
        NoticeSubmission n = notice;
        return new NoticeReceipt(
                id,
                "received",
                who.source(),
                lane,
                n.art16Complete(),
                at,
                n.items().stream()
                        .map(i -> new NoticeReceipt.ItemReceipt(i.subjectId(), ""))
                        .toList());
    }
}
