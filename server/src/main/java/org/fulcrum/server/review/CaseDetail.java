package org.fulcrum.server.review;

import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.notice.NoticeQueries;
import org.fulcrum.server.notice.SafetyTasks;
import org.fulcrum.server.platform.Subject;
import org.fulcrum.server.platform.Subjects;
import org.fulcrum.server.store.Columns;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

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
 * @param author the author's account and its standing, when known
 * @param container the channel or group the subject is in, when known
 * @param reportedMessages messages from E2E chats that reporters chose to reveal, as evidence
 */
public record CaseDetail(
        Case summary,
        Subject subject,
        Optional<String> text,
        List<Media> media,
        List<NoticeQueries.NoticeView> notices,
        List<HistoryItem> history,
        List<Decision> decisions,
        List<Strikes.Strike> authorStrikes,
        List<SafetyTasks.Task> tasks,
        Optional<Subject> author,
        Optional<Subject> container,
        List<ReportedMessage> reportedMessages) {
    private static final TypeReference<List<Map<String, Object>>> MEDIA = new TypeReference<>() {};

    /**
     * A media item by its hashes and its address on the platform. Fulcrum holds no bytes unless a hold
     * preserved the item as evidence ({@code preserved}): then a sealed copy is kept, and shown even
     * after the platform deleted the item.
     */
    public record Media(
            Optional<String> mediaId,
            Optional<String> pdq,
            Optional<String> sha256,
            Optional<String> url,
            boolean preserved) {}

    /** A franked message a recipient reported from an E2E chat: the evidence they chose to reveal. */
    public record ReportedMessage(String reportId, String conversationId, String message, Instant stampedAt) {}

    /** Strikes that still count (not withdrawn, not expired at {@code now}). */
    public long activeStrikes(Instant now) {
        return authorStrikes.stream()
                .filter(s -> s.reversedAt().isEmpty() && s.expiresAt().isAfter(now))
                .count();
    }

    /** One enforcement action on the subject. */
    public record HistoryItem(
            String actionId,
            String type,
            String origin,
            String reason,
            String actor,
            Optional<String> reverses,
            Instant at) {
        /** Reads a row of {@code id, type, origin, reason, actor, reverses, created_at} of {@code enforcement_action}. */
        static final RowMapper<HistoryItem> ROWS = (rs, ctx) -> new HistoryItem(
                rs.getString("id"),
                rs.getString("type"),
                rs.getString("origin"),
                rs.getString("reason"),
                rs.getString("actor"),
                Columns.optionalString(rs, "reverses"),
                Columns.instant(rs, "created_at"));
    }

    /** Case {@code caseId} as a reviewer sees it, the stored media listing read with {@code json}. */
    public static CaseDetail load(Handle h, String caseId, SafetyTasks tasks, Json json) {
        Case c = Cases.find(h, caseId).orElseThrow(() -> new FulcrumException.NotFound("case " + caseId));
        Subject s = Subjects.find(h, c.subjectId()).orElseThrow();
        Optional<String[]> content = h.createQuery(
                        "SELECT text_content, media FROM subject_content WHERE subject_id = :s")
                .bind("s", s.id())
                .map((rs, ctx) -> new String[] {rs.getString("text_content"), rs.getString("media")})
                .findOne();
        List<Media> media = mediaOf(h, s.id(), json);
        List<HistoryItem> history =
                h.createQuery("""
                        SELECT id, type, origin, reason, actor, reverses, created_at FROM enforcement_action
                        WHERE subject_id = :s ORDER BY created_at DESC, id DESC LIMIT 100""").bind("s", s.id()).map(HistoryItem.ROWS).list();
        List<Decision> decisions = h.createQuery("SELECT " + Decision.COLUMNS
                        + " FROM review_decision WHERE subject_id = :s ORDER BY created_at DESC, id DESC LIMIT 50")
                .bind("s", s.id())
                .map((rs, ctx) -> Decision.map(rs))
                .list();
        List<Strikes.Strike> strikes = s.authorId().map(a -> Strikes.of(h, a)).orElse(List.of());
        List<SafetyTasks.Task> open = tasks.list(Optional.empty(), 500).stream()
                .filter(t -> t.caseId().equals(caseId))
                .toList();
        Optional<Subject> author = s.authorId().flatMap(a -> Subjects.find(h, a));
        Optional<Subject> container = s.containerId().flatMap(a -> Subjects.find(h, a));
        List<ReportedMessage> messages = h.createQuery("""
                        SELECT r.id, r.conversation_id, r.message, r.stamped_at FROM e2e_report r
                        WHERE r.id IN (SELECT n.external_ref FROM notice n JOIN notice_item i ON i.notice_id = n.id
                                       WHERE i.case_id = :c AND n.external_ref IS NOT NULL)
                        ORDER BY r.stamped_at DESC LIMIT 20""")
                .bind("c", caseId)
                .map((rs, ctx) -> new ReportedMessage(
                        rs.getString("id"),
                        rs.getString("conversation_id"),
                        plaintext(rs.getString("message")),
                        Instant.ofEpochMilli(rs.getLong("stamped_at"))))
                .list();
        return new CaseDetail(
                c,
                s,
                content.map(x -> x[0]).filter(t -> !t.isEmpty()),
                media,
                NoticeQueries.forCase(h, caseId, 100),
                history,
                decisions,
                strikes,
                open,
                author,
                container,
                messages);
    }

    /** The reported message is kept as base64 of its bytes; shown as UTF-8 text. */
    private static String plaintext(String stored) {
        try {
            return new String(java.util.Base64.getDecoder().decode(stored), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return stored;
        }
    }

    /**
     * The media of {@code subjectId} as the last content event listed them, each marked when a
     * preserved copy exists; when the platform deleted the content, the preserved items alone.
     */
    public static List<Media> mediaOf(Handle h, String subjectId, Json json) {
        List<Integer> kept = h.createQuery(
                        "SELECT DISTINCT position FROM preserved_media WHERE subject_id = :s ORDER BY position")
                .bind("s", subjectId)
                .mapTo(Integer.class)
                .list();
        List<Media> live = h.createQuery("SELECT media FROM subject_content WHERE subject_id = :s")
                .bind("s", subjectId)
                .mapTo(String.class)
                .findOne()
                .map(stored -> media(stored, json))
                .orElse(List.of());
        if (live.isEmpty() && !kept.isEmpty()) {
            List<Media> preserved = new java.util.ArrayList<>();
            for (int i = 0; i <= kept.getLast(); i++) {
                preserved.add(new Media(
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), kept.contains(i)));
            }
            return preserved;
        }
        List<Media> out = new java.util.ArrayList<>(live.size());
        for (int i = 0; i < live.size(); i++) {
            Media m = live.get(i);
            out.add(new Media(m.mediaId(), m.pdq(), m.sha256(), m.url(), kept.contains(i)));
        }
        return out;
    }

    static List<Media> media(String stored, Json json) {
        try {
            return json.read(stored == null ? "[]" : stored, MEDIA).stream()
                    .map(m -> new Media(str(m, "mediaId"), str(m, "pdq"), str(m, "sha256"), str(m, "url"), false))
                    .toList();
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
