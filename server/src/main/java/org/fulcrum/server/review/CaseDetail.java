package org.fulcrum.server.review;

import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.FulcrumException;
import org.fulcrum.server.notice.NoticeQueries;
import org.fulcrum.server.notice.SafetyTasks;
import org.fulcrum.server.platform.Subject;
import org.fulcrum.server.platform.Subjects;
import org.fulcrum.server.web.Json;
import org.jdbi.v3.core.Handle;

/**
 * Everything a moderator needs on one screen: the case, the subject and its content (media by
 * hash only), the notices folded in, the subject's enforcement history and earlier decisions, the
 * author's strikes and any reporting task.
 *
 * @param summary the case
 * @param subject the subject and its state
 * @param text the subject's latest text, if any
 * @param media the subject's media, by hash
 * @param notices the notices, newest first
 * @param history enforcement actions on the subject, newest first
 * @param decisions decisions on the subject, newest first
 * @param authorStrikes the author's strikes
 * @param tasks reporting tasks on the case
 */
public record CaseDetail(Case summary, Subject subject, Optional<String> text, List<Media> media,
                         List<NoticeQueries.NoticeView> notices, List<HistoryItem> history, List<Decision> decisions,
                         List<Strikes.Strike> authorStrikes, List<SafetyTasks.Task> tasks) {
    private static final TypeReference<List<Map<String, Object>>> MEDIA = new TypeReference<>() {
    };

    /** A media item by its hashes; Fulcrum never holds the bytes. */
    public record Media(Optional<String> mediaId, Optional<String> pdq, Optional<String> sha256) {
    }

    /** One enforcement action on the subject. */
    public record HistoryItem(String actionId, String type, String origin, String reason, String actor,
                              Optional<String> reverses, Instant at) {
    }

    public static CaseDetail load(Handle h, String caseId, SafetyTasks tasks) {
        Case c = Cases.find(h, caseId).orElseThrow(() -> new FulcrumException.NotFound("case " + caseId));
        Subject s = Subjects.find(h, c.subjectId()).orElseThrow();
        Optional<String[]> content = h.createQuery("SELECT text_content, media FROM subject_content WHERE subject_id = :s")
                .bind("s", s.id()).map((rs, ctx) -> new String[]{rs.getString(1), rs.getString(2)}).findOne();
        List<Media> media = content.map(x -> media(x[1])).orElse(List.of());
        List<HistoryItem> history = h.createQuery("""
                        SELECT id, type, origin, reason, actor, reverses, created_at FROM enforcement_action
                        WHERE subject_id = :s ORDER BY created_at DESC, id DESC LIMIT 100""")
                .bind("s", s.id())
                .map((rs, ctx) -> new HistoryItem(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), Optional.ofNullable(rs.getString(6)), Instant.ofEpochMilli(rs.getLong(7))))
                .list();
        List<Decision> decisions = h.createQuery("SELECT " + Decision.COLUMNS
                        + " FROM review_decision WHERE subject_id = :s ORDER BY created_at DESC, id DESC LIMIT 50")
                .bind("s", s.id()).map((rs, ctx) -> Decision.map(rs)).list();
        List<Strikes.Strike> strikes = s.authorId().map(a -> Strikes.of(h, a)).orElse(List.of());
        List<SafetyTasks.Task> open = tasks.list(Optional.empty(), 500).stream()
                .filter(t -> t.caseId().equals(caseId)).toList();
        return new CaseDetail(c, s, content.map(x -> x[0]).filter(t -> !t.isEmpty()), media,
                NoticeQueries.forCase(h, caseId, 100), history, decisions, strikes, open);
    }

    private static List<Media> media(String json) {
        try {
            return Json.mapper().readValue(json == null ? "[]" : json, MEDIA).stream()
                    .map(m -> new Media(str(m, "mediaId"), str(m, "pdq"), str(m, "sha256"))).toList();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return List.of();
        }
    }

    private static Optional<String> str(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v instanceof Optional<?> o) {
            v = o.orElse(null);
        }
        return v == null ? Optional.empty() : Optional.of(String.valueOf(v));
    }
}
