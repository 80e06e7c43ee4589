package org.fulcrum.server.notice;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.store.Columns;
import org.jdbi.v3.core.Handle;

/** Reads of notices: what a notifier sees of its own notices, and what staff see on a case. */
public final class NoticeQueries {
    private NoticeQueries() {}

    /**
     * A notice as its notifier follows it: the outcome of each item.
     *
     * @param trackingId the notice
     * @param source where it came from
     * @param reason why
     * @param category the DSA category
     * @param priorityLane whether it was on the priority lane
     * @param art16Complete whether it had every Art. 16 element
     * @param receivedAt when it came
     * @param externalRef the notifier's reference
     * @param items each item's case and outcome
     */
    public record NoticeStatus(
            String trackingId,
            Source source,
            Reason reason,
            DsaCategory category,
            boolean priorityLane,
            boolean art16Complete,
            Instant receivedAt,
            Optional<String> externalRef,
            List<ItemStatus> items) {}

    /** One item's outcome: pending, founded, unfounded or manifestly_unfounded. */
    public record ItemStatus(String subjectId, String caseId, String outcome, Optional<Instant> decidedAt) {}

    /**
     * A notice as staff see it on a case, with the notifier's personal data.
     *
     * @param id the notice
     * @param source where it came from
     * @param reason why
     * @param priorityLane on the priority lane
     * @param art16Complete every Art. 16 element present
     * @param receivedAt when it came
     * @param explanation the notifier's explanation
     * @param legalGround the law the notifier cites
     * @param country the country invoked
     * @param notifierName the notifier's name
     * @param notifierEmail the notifier's e-mail
     * @param reporterKey the reporter, for reputation
     * @param flaggerId the trusted flagger, if any
     * @param itemCount how many items the notice names
     */
    public record NoticeView(
            String id,
            Source source,
            Reason reason,
            boolean priorityLane,
            boolean art16Complete,
            Instant receivedAt,
            Optional<String> explanation,
            Optional<String> legalGround,
            Optional<String> country,
            Optional<String> notifierName,
            Optional<String> notifierEmail,
            Optional<String> reporterKey,
            Optional<String> flaggerId,
            int itemCount) {}

    public static Optional<NoticeStatus> status(Handle h, String id) {
        return h.createQuery("""
                        SELECT id, source, reason, category, priority_lane, art16_complete, received_at, external_ref
                        FROM notice WHERE id = :id""")
                .bind("id", id)
                .map((rs, ctx) -> new NoticeStatus(
                        rs.getString("id"),
                        Source.valueOf(rs.getString("source")),
                        Reason.valueOf(rs.getString("reason")),
                        DsaCategory.valueOf(rs.getString("category")),
                        rs.getInt("priority_lane") == 1,
                        rs.getInt("art16_complete") == 1,
                        Columns.instant(rs, "received_at"),
                        Columns.optionalString(rs, "external_ref"),
                        items(h, rs.getString("id"))))
                .findOne();
    }

    /** Who may follow a notice: its submitter, or any token of its trusted flagger. */
    public static Optional<String[]> owner(Handle h, String id) {
        return h.createQuery("SELECT submitter, flagger_id FROM notice WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> new String[] {rs.getString("submitter"), rs.getString("flagger_id")})
                .findOne();
    }

    /** A page of one notifier's notices, newest first, before the id {@code before}. */
    public static List<NoticeStatus> mine(
            Handle h, Optional<String> flaggerId, String submitter, Optional<String> before, int limit) {
        String where = flaggerId.isPresent() ? "flagger_id = :owner" : "submitter = :owner";
        return h
                .createQuery("SELECT id FROM notice WHERE " + where + (before.isPresent() ? " AND id < :before" : "")
                        + " ORDER BY id DESC LIMIT :limit")
                .bind("owner", flaggerId.orElse(submitter))
                .bind("before", before.orElse(""))
                .bind("limit", limit)
                .mapTo(String.class)
                .list()
                .stream()
                .map(id -> status(h, id).orElseThrow())
                .toList();
    }

    private static List<ItemStatus> items(Handle h, String noticeId) {
        return h.createQuery("""
                        SELECT subject_id, case_id, outcome, decided_at FROM notice_item WHERE notice_id = :n ORDER BY idx""")
                .bind("n", noticeId)
                .map((rs, ctx) -> new ItemStatus(
                        rs.getString("subject_id"),
                        rs.getString("case_id"),
                        rs.getString("outcome"),
                        Columns.optionalInstant(rs, "decided_at")))
                .list();
    }

    /** The notices folded into a case, newest first (at most {@code limit}). */
    public static List<NoticeView> forCase(Handle h, String caseId, int limit) {
        return h.createQuery("""
                        SELECT DISTINCT n.id, n.source, n.reason, n.priority_lane, n.art16_complete, n.received_at,
                               n.explanation, n.legal_ground, n.country, n.notifier_name, n.notifier_email,
                               n.reporter_key, n.flagger_id, n.item_count
                        FROM notice n JOIN notice_item i ON i.notice_id = n.id WHERE i.case_id = :c
                        ORDER BY n.received_at DESC, n.id LIMIT :limit""")
                .bind("c", caseId)
                .bind("limit", limit)
                .map((rs, ctx) -> new NoticeView(
                        rs.getString("id"),
                        Source.valueOf(rs.getString("source")),
                        Reason.valueOf(rs.getString("reason")),
                        rs.getInt("priority_lane") == 1,
                        rs.getInt("art16_complete") == 1,
                        Columns.instant(rs, "received_at"),
                        Columns.optionalString(rs, "explanation"),
                        Columns.optionalString(rs, "legal_ground"),
                        Columns.optionalString(rs, "country"),
                        Columns.optionalString(rs, "notifier_name"),
                        Columns.optionalString(rs, "notifier_email"),
                        Columns.optionalString(rs, "reporter_key"),
                        Columns.optionalString(rs, "flagger_id"),
                        rs.getInt("item_count")))
                .list();
    }
}
