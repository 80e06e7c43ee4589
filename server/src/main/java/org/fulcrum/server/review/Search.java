package org.fulcrum.server.review;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.platform.Subject;
import org.fulcrum.server.platform.SubjectKind;
import org.fulcrum.server.platform.Subjects;
import org.jdbi.v3.core.Handle;

/**
 * Search across subjects and cases by id, handle (the platform's account id), URL (the id at the
 * end of a post's address, or a media address) and text. Counts per kind follow the words
 * searched, and the list follows the kind chosen.
 */
public final class Search {
    /** Longest query searched. */
    public static final int MAX_QUERY = 200;

    private static final int LIMIT = 50;

    private Search() {}

    /**
     * What a search found.
     *
     * @param q the query as searched
     * @param kind the kind the list is limited to
     * @param subjects matching subjects (at most 50)
     * @param total how many subjects match with the kind filter
     * @param perKind how many match per kind, without the kind filter
     * @param cases cases whose id or subject matches
     */
    public record Results(
            String q,
            Optional<SubjectKind> kind,
            List<Subject> subjects,
            long total,
            Map<SubjectKind, Long> perKind,
            List<Case> cases) {}

    /** The query normalised: stripped, cut to {@value #MAX_QUERY} characters. */
    public static String normalise(String q) {
        String s = q == null ? "" : q.strip();
        return s.length() > MAX_QUERY ? s.substring(0, MAX_QUERY) : s;
    }

    /** The id a query names: itself, or the last path segment of a URL. */
    static String idOf(String q) {
        if (q.startsWith("http://") || q.startsWith("https://")) {
            String path = q.replaceFirst("^https?://[^/]*", "").replaceFirst("[?#].*$", "");
            String[] parts = path.split("/");
            for (int i = parts.length - 1; i >= 0; i--) {
                if (!parts[i].isBlank()) {
                    return parts[i];
                }
            }
        }
        return q.startsWith("@") ? q.substring(1) : q;
    }

    private static String escape(String s) {
        // '!' escapes: a backslash would be read as a quote escape by the statement parser.
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    public static Results run(Handle h, String query, Optional<SubjectKind> kind) {
        String q = normalise(query);
        if (q.isEmpty()) {
            return new Results(q, kind, List.of(), 0, Map.of(), List.of());
        }
        String id = idOf(q);
        String like = "%" + escape(q.toLowerCase(Locale.ROOT)) + "%";
        String prefix = escape(id) + "%";
        String match = """
                 FROM subject s LEFT JOIN subject_content sc ON sc.subject_id = s.id
                 WHERE (s.id = :id OR s.id LIKE :prefix ESCAPE '!' OR LOWER(sc.text_content) LIKE :like ESCAPE '!'
                        OR (:isUrl = 1 AND sc.media LIKE :urlLike ESCAPE '!'))""";
        String urlLike = "%" + escape(q) + "%";
        int isUrl = q.startsWith("http://") || q.startsWith("https://") ? 1 : 0;
        Map<SubjectKind, Long> perKind = new EnumMap<>(SubjectKind.class);
        h.createQuery("SELECT s.kind, COUNT(*) AS n " + match + " GROUP BY s.kind")
                .bind("id", id)
                .bind("prefix", prefix)
                .bind("like", like)
                .bind("urlLike", urlLike)
                .bind("isUrl", isUrl)
                .map((rs, ctx) -> perKind.put(SubjectKind.valueOf(rs.getString("kind")), rs.getLong("n")))
                .list();
        long total = kind.map(k -> perKind.getOrDefault(k, 0L))
                .orElse(perKind.values().stream().mapToLong(x -> x).sum());
        var list = h.createQuery("SELECT s.id " + match + (kind.isPresent() ? " AND s.kind = :kind" : "")
                        + " ORDER BY CASE WHEN s.id = :id THEN 0 ELSE 1 END, s.updated_at DESC, s.id LIMIT " + LIMIT)
                .bind("id", id)
                .bind("prefix", prefix)
                .bind("like", like)
                .bind("urlLike", urlLike)
                .bind("isUrl", isUrl);
        kind.ifPresent(k -> list.bind("kind", k.name()));
        List<Subject> subjects = new ArrayList<>();
        for (String sid : list.mapTo(String.class).list()) {
            Subjects.find(h, sid).ifPresent(subjects::add);
        }
        List<Case> cases = h.createQuery("SELECT " + Cases.COLUMNS + " FROM review_case"
                        + " WHERE id = :id OR subject_id = :id OR decision_id = :id"
                        + " ORDER BY last_notice_at DESC, id LIMIT " + LIMIT)
                .bind("id", id)
                .map(Cases.ROW)
                .list();
        return new Results(q, kind, subjects, total, perKind, cases);
    }
}
