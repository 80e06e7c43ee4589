package org.fulcrum.server.review;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.platform.Action;
import org.fulcrum.server.platform.Enforcement;
import org.fulcrum.server.platform.Subject;
import org.fulcrum.server.platform.SubjectKind;
import org.fulcrum.server.platform.Subjects;
import org.fulcrum.server.store.Columns;
import org.jdbi.v3.core.Handle;

/**
 * One subject's whole history on one page: its state, content, strikes, notices, cases, decisions,
 * appeals, lawful requests (only for legal staff and admins, and a gagged request only for legal
 * staff), detection matches, holds and public log entries, each list newest first.
 *
 * @param subject the subject and its state
 * @param text its latest text
 * @param media its media
 * @param strikes its strikes when it is an account
 * @param notices notices naming it
 * @param cases its cases
 * @param decisions decisions on it, each with the actions it took
 * @param appeals appeals against those decisions
 * @param requests lawful requests naming it, as the viewer may see them
 * @param matches detection matches
 * @param holds legal holds
 * @param log public log entries about it
 * @param related its posts (account) or the posts in it (channel, group)
 */
public record SubjectHistory(
        Subject subject,
        Optional<String> text,
        List<CaseDetail.Media> media,
        List<Strikes.Strike> strikes,
        List<NoticeRow> notices,
        List<Case> cases,
        List<DecisionRow> decisions,
        List<Appeal> appeals,
        List<RequestRow> requests,
        List<MatchRow> matches,
        List<HoldRow> holds,
        List<LogRow> log,
        List<Subject> related) {

    /**
     * A decision with the enforcement actions it took, oldest first (on this subject or another: a
     * post's decision may suspend its author or block its channel).
     */
    public record DecisionRow(Decision decision, List<Action> actions) {}

    /** A notice naming the subject. */
    public record NoticeRow(String id, String reason, String source, String caseId, String outcome, Instant at) {}

    /** A lawful request naming the subject. */
    public record RequestRow(String id, String kind, String jurisdiction, String status, boolean gagged, Instant at) {}

    /** A detection match. */
    public record MatchRow(
            String id,
            String detectorKind,
            String detectorName,
            Optional<String> reason,
            String outcome,
            Optional<Integer> distance,
            Instant at) {}

    /** A legal hold. */
    public record HoldRow(
            String id, String source, String reason, Instant placedAt, Instant until, Optional<Instant> releasedAt) {}

    /** A public log entry: its index links to the entry and its inclusion proof. */
    public record LogRow(long index, String kind, Instant at) {}

    /** What the viewer may see of lawful requests. */
    public enum LawfulView {
        none,
        ungagged,
        all
    }

    public static SubjectHistory load(Handle h, String id, LawfulView lawful, Instant now, Json json) {
        Subject s = Subjects.find(h, id).orElseThrow(() -> new FulcrumException.NotFound("subject " + id));
        Optional<String> text = h.createQuery("SELECT text_content FROM subject_content WHERE subject_id = :s")
                .bind("s", id)
                .mapTo(String.class)
                .findOne()
                .filter(t -> t != null && !t.isBlank());
        List<Strikes.Strike> strikes = s.kind() == SubjectKind.account ? Strikes.of(h, id) : List.of();
        List<NoticeRow> notices = h.createQuery("""
                        SELECT n.id, n.reason, n.source, i.case_id, i.outcome, n.received_at
                        FROM notice_item i JOIN notice n ON n.id = i.notice_id WHERE i.subject_id = :s
                        ORDER BY n.received_at DESC, n.id LIMIT 100""")
                .bind("s", id)
                .map((rs, ctx) -> new NoticeRow(
                        rs.getString("id"),
                        rs.getString("reason"),
                        rs.getString("source"),
                        rs.getString("case_id"),
                        rs.getString("outcome"),
                        Columns.instant(rs, "received_at")))
                .list();
        List<Case> cases = h.createQuery("SELECT " + Cases.COLUMNS
                        + " FROM review_case WHERE subject_id = :s ORDER BY last_notice_at DESC, id LIMIT 100")
                .bind("s", id)
                .map(Cases.ROW)
                .list();
        List<DecisionRow> decisions = h
                .createQuery("SELECT " + Decision.COLUMNS
                        + " FROM review_decision WHERE subject_id = :s ORDER BY created_at DESC, id DESC LIMIT 100")
                .bind("s", id)
                .map((rs, ctx) -> Decision.map(rs))
                .list()
                .stream()
                .map(d -> new DecisionRow(d, Enforcement.caused(h, json, "moderation", d.id())))
                .toList();
        List<RequestRow> requests = lawful == LawfulView.none
                ? List.of()
                : h
                        .createQuery("""
                        SELECT DISTINCT r.id, r.kind, r.jurisdiction, r.status, r.gag_until, r.received_at
                        FROM lawful_target t JOIN lawful_request r ON r.id = t.request_id WHERE t.subject_id = :s
                        ORDER BY r.received_at DESC LIMIT 100""")
                        .bind("s", id)
                        .map((rs, ctx) -> new RequestRow(
                                rs.getString("id"),
                                rs.getString("kind"),
                                rs.getString("jurisdiction"),
                                rs.getString("status"),
                                Columns.optionalInstant(rs, "gag_until")
                                        .filter(now::isBefore)
                                        .isPresent(),
                                Columns.instant(rs, "received_at")))
                        .list()
                        .stream()
                        .filter(r -> lawful == LawfulView.all || !r.gagged())
                        .toList();
        List<MatchRow> matches = h.createQuery("""
                        SELECT id, detector_kind, detector_name, reason, outcome, distance, created_at FROM detection_match
                        WHERE subject_id = :s ORDER BY created_at DESC, id LIMIT 100""")
                .bind("s", id)
                .map((rs, ctx) -> new MatchRow(
                        rs.getString("id"),
                        rs.getString("detector_kind"),
                        rs.getString("detector_name"),
                        Columns.optionalString(rs, "reason"),
                        rs.getString("outcome"),
                        Columns.optionalInt(rs, "distance"),
                        Columns.instant(rs, "created_at")))
                .list();
        List<HoldRow> holds = h.createQuery("""
                        SELECT id, source, reason, placed_at, until_at, released_at FROM legal_hold
                        WHERE subject_id = :s ORDER BY placed_at DESC, id LIMIT 100""")
                .bind("s", id)
                .map((rs, ctx) -> {
                    String source = rs.getString("source");
                    boolean lawfulSource = source.equals("order");
                    // The reason of a hold placed for a lawful request can name the request; only legal staff read it.
                    return new HoldRow(
                            rs.getString("id"),
                            source,
                            lawfulSource && lawful == LawfulView.none
                                    ? "placed for a lawful request"
                                    : rs.getString("reason"),
                            Columns.instant(rs, "placed_at"),
                            Columns.instant(rs, "until_at"),
                            Columns.optionalInstant(rs, "released_at"));
                })
                .list();
        List<LogRow> log = h.createQuery("""
                        SELECT idx, kind, at FROM log_entry WHERE subject_ref = :s AND (kind <> 'sealed' OR :legal = 1)
                        ORDER BY idx DESC LIMIT 200""")
                .bind("s", id)
                .bind("legal", lawful == LawfulView.all ? 1 : 0)
                .map((rs, ctx) -> new LogRow(rs.getLong("idx"), rs.getString("kind"), Columns.instant(rs, "at")))
                .list();
        List<Subject> related = switch (s.kind()) {
            case account ->
                h
                        .createQuery("SELECT id FROM subject WHERE author_id = :s ORDER BY updated_at DESC LIMIT 50")
                        .bind("s", id)
                        .mapTo(String.class)
                        .list()
                        .stream()
                        .flatMap(r -> Subjects.find(h, r).stream())
                        .toList();
            case channel, group ->
                h
                        .createQuery("SELECT id FROM subject WHERE container_id = :s ORDER BY updated_at DESC LIMIT 50")
                        .bind("s", id)
                        .mapTo(String.class)
                        .list()
                        .stream()
                        .flatMap(r -> Subjects.find(h, r).stream())
                        .toList();
            default -> List.of();
        };
        return new SubjectHistory(
                s,
                text,
                CaseDetail.mediaOf(h, id, json),
                strikes,
                notices,
                cases,
                decisions,
                Appeals.onSubject(h, id),
                requests,
                matches,
                holds,
                log,
                related);
    }

    /** Strikes that still count at {@code now}. */
    public long activeStrikes(Instant now) {
        return strikes.stream()
                .filter(x -> x.reversedAt().isEmpty() && x.expiresAt().isAfter(now))
                .count();
    }
}
