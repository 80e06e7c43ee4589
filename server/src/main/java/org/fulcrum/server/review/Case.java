package org.fulcrum.server.review;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.fulcrum.server.notice.DsaCategory;
import org.fulcrum.server.notice.Reason;
import org.fulcrum.server.notice.Source;
import org.fulcrum.server.platform.SubjectKind;
import org.fulcrum.server.store.Columns;

/**
 * A case: everything reported about one subject until a decision. The reason and source are those
 * of the most urgent notice folded in; the counts say how many notices and distinct reporters.
 *
 * @param id the case id
 * @param subjectId the subject
 * @param subjectKind its kind
 * @param status open or decided
 * @param queueId the queue it is routed to
 * @param reason the most urgent notice's reason
 * @param category that reason's DSA category
 * @param source the most urgent notice's source
 * @param severity 1 for threat to life, terrorism and child safety, else 0
 * @param lane 1 for trusted flaggers within their expertise and authorities, else 0
 * @param audience the subject's reach when last reported
 * @param priority the ordering key: severity, then lane, then reach
 * @param noticeCount notices folded in
 * @param reporterCount distinct reporters
 * @param trustedCount notices on the priority lane
 * @param firstNoticeAt when the first notice came
 * @param lastNoticeAt when the last notice came
 * @param dueAt the SLA deadline
 * @param slaBreachedAt when the SLA breach was noticed
 * @param assignedTo the moderator working it
 * @param claimExpiresAt when that claim lapses
 * @param decidedAt when it was decided
 * @param decisionId the decision
 */
public record Case(
        String id,
        String subjectId,
        SubjectKind subjectKind,
        String status,
        String queueId,
        Reason reason,
        DsaCategory category,
        Source source,
        int severity,
        int lane,
        long audience,
        long priority,
        int noticeCount,
        int reporterCount,
        int trustedCount,
        Instant firstNoticeAt,
        Instant lastNoticeAt,
        Instant dueAt,
        Optional<Instant> slaBreachedAt,
        Optional<String> assignedTo,
        Optional<Instant> claimExpiresAt,
        Optional<Instant> decidedAt,
        Optional<String> decisionId) {

    static final String COLUMNS = """
            id, subject_id, subject_kind, status, queue_id, reason, category, source, severity, lane, audience, priority,
            notice_count, reporter_count, trusted_count, first_notice_at, last_notice_at, due_at, sla_breached_at,
            assigned_to, claim_expires_at, decided_at, decision_id""";

    public boolean open() {
        return status.equals("open");
    }

    /** Whether {@code actor} holds a live claim on the case at {@code now}. */
    public boolean claimedBy(String actor, Instant now) {
        return assignedTo.map(actor::equals).orElse(false)
                && claimExpiresAt.map(now::isBefore).orElse(false);
    }

    /** Whether someone other than {@code actor} holds a live claim. */
    public boolean claimedByOther(String actor, Instant now) {
        return assignedTo.isPresent()
                && !assignedTo.get().equals(actor)
                && claimExpiresAt.map(now::isBefore).orElse(false);
    }

    /** The ordering key: critical first, then the priority lane, then reach. */
    public static long priority(int severity, int lane, long audience) {
        return severity * 1_000_000_000_000_000_000L
                + lane * 100_000_000_000_000_000L
                + Math.min(Math.max(audience, 0), 99_999_999_999_999_999L);
    }

    static Case map(ResultSet rs) throws SQLException {
        return new Case(
                rs.getString("id"),
                rs.getString("subject_id"),
                SubjectKind.valueOf(rs.getString("subject_kind")),
                rs.getString("status"),
                rs.getString("queue_id"),
                Reason.valueOf(rs.getString("reason")),
                DsaCategory.valueOf(rs.getString("category")),
                Source.valueOf(rs.getString("source")),
                rs.getInt("severity"),
                rs.getInt("lane"),
                rs.getLong("audience"),
                rs.getLong("priority"),
                rs.getInt("notice_count"),
                rs.getInt("reporter_count"),
                rs.getInt("trusted_count"),
                Instant.ofEpochMilli(rs.getLong("first_notice_at")),
                Instant.ofEpochMilli(rs.getLong("last_notice_at")),
                Instant.ofEpochMilli(rs.getLong("due_at")),
                Columns.optionalInstant(rs, "sla_breached_at"),
                Optional.ofNullable(rs.getString("assigned_to")),
                Columns.optionalInstant(rs, "claim_expires_at"),
                Columns.optionalInstant(rs, "decided_at"),
                Optional.ofNullable(rs.getString("decision_id")));
    }
}
