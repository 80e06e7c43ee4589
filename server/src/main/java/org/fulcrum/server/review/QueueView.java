package org.fulcrum.server.review;

import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.server.notice.Reason;
import org.fulcrum.server.notice.Source;
import org.jdbi.v3.core.Handle;

/**
 * A queue's open cases as the reviewer sees them: a preview of each (text excerpt, first media
 * item, language, country, reason, source, age, reporters), filtered and sorted as the moderator
 * chose; the filter is saved per moderator and the count follows it.
 */
public final class QueueView {
    private static final String COLUMNS = java.util.Arrays.stream(Cases.COLUMNS.split(","))
            .map(c -> "c." + c.strip())
            .collect(java.util.stream.Collectors.joining(", "));

    private QueueView() {}

    /** How rows are ordered. */
    public enum Sort {
        priority("review order (critical, trusted, reach)", "c.priority DESC, c.first_notice_at, c.id"),
        oldest("oldest first", "c.first_notice_at, c.id"),
        newest("newest first", "c.last_notice_at DESC, c.id"),
        due("due soonest", "c.due_at, c.id"),
        reporters("most reporters", "c.reporter_count DESC, c.id");

        public final String words;
        final String sql;

        Sort(String words, String sql) {
            this.words = words;
            this.sql = sql;
        }
    }

    /** SLA states a filter can ask for. */
    public enum Sla {
        any,
        breached,
        at_risk,
        on_time
    }

    /**
     * What the moderator filters on; empty means any.
     *
     * @param minAgeHours only cases whose first notice is at least this old
     */
    public record Filter(
            Optional<Reason> reason,
            Optional<Source> source,
            Optional<String> language,
            Optional<String> country,
            boolean trustedOnly,
            Optional<Integer> minAgeHours,
            Sla sla,
            Sort sort) {
        public static final Filter NONE = new Filter(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false,
                Optional.empty(),
                Sla.any,
                Sort.priority);

        /** Reads the filter from query parameters; an unknown value is an error naming its field. */
        public static Filter read(Context ctx) {
            return read(ctx.queryParamMap().entrySet().stream()
                    .collect(java.util.stream.Collectors.toMap(
                            Map.Entry::getKey,
                            e -> e.getValue().isEmpty() ? "" : e.getValue().getFirst())));
        }

        public static Filter read(Map<String, String> q) {
            return new Filter(
                    opt(q, "reason").map(v -> parse(Reason.class, "reason", v)),
                    opt(q, "source").map(v -> parse(Source.class, "source", v)),
                    opt(q, "language").map(v -> code("language", v, "[a-z]{2,3}")),
                    opt(q, "country").map(v -> code("country", v.toUpperCase(java.util.Locale.ROOT), "[A-Z]{2}")),
                    opt(q, "trusted").isPresent(),
                    opt(q, "minAgeHours").map(QueueView::hours),
                    opt(q, "sla").map(v -> parse(Sla.class, "sla", v)).orElse(Sla.any),
                    opt(q, "sort").map(v -> parse(Sort.class, "sort", v)).orElse(Sort.priority));
        }

        /** The filter as a query string, to save and to link. */
        public String query() {
            Map<String, String> m = new LinkedHashMap<>();
            reason.ifPresent(r -> m.put("reason", r.name()));
            source.ifPresent(s -> m.put("source", s.name()));
            language.ifPresent(l -> m.put("language", l));
            country.ifPresent(c -> m.put("country", c));
            if (trustedOnly) {
                m.put("trusted", "1");
            }
            minAgeHours.ifPresent(h -> m.put("minAgeHours", Integer.toString(h)));
            if (sla != Sla.any) {
                m.put("sla", sla.name());
            }
            if (sort != Sort.priority) {
                m.put("sort", sort.name());
            }
            List<String> parts = new ArrayList<>();
            m.forEach((k, v) -> parts.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
            return String.join("&", parts);
        }

        public boolean isNone() {
            return query().isEmpty();
        }
    }

    /**
     * One queue row: the case and what the reviewer needs to see of its content. Messages reported
     * from end-to-end encrypted chats are counted, not quoted: a private message is read on the case
     * page, where reading it is recorded, not in a list of many cases.
     */
    public record Row(
            Case c,
            Optional<String> excerpt,
            int mediaCount,
            Optional<String> language,
            Optional<String> country,
            int reportedMessages) {}

    /** A page of rows and the count of everything the filter matches. */
    public record Page(List<Row> rows, long total) {}

    public static Page load(Handle h, String queueId, Filter f, Instant now, int slaMinutes, int limit, int offset) {
        StringBuilder where = new StringBuilder(" WHERE c.queue_id = :q AND c.status = 'open'");
        f.reason().ifPresent(r -> where.append(" AND c.reason = :reason"));
        f.source().ifPresent(r -> where.append(" AND c.source = :source"));
        f.language().ifPresent(r -> where.append(" AND s.language = :language"));
        f.country().ifPresent(r -> where.append(" AND s.country = :country"));
        if (f.trustedOnly()) {
            where.append(" AND c.trusted_count > 0");
        }
        f.minAgeHours().ifPresent(r -> where.append(" AND c.first_notice_at <= :oldEnough"));
        long riskAt = now.toEpochMilli() + slaMinutes * 60_000L / 4;
        switch (f.sla()) {
            case any -> {}
            case breached -> where.append(" AND c.due_at <= :now");
            case at_risk -> where.append(" AND c.due_at > :now AND c.due_at <= :risk");
            case on_time -> where.append(" AND c.due_at > :risk");
        }
        String from = " FROM review_case c LEFT JOIN subject s ON s.id = c.subject_id"
                + " LEFT JOIN subject_content sc ON sc.subject_id = c.subject_id";
        var count = h.createQuery("SELECT COUNT(*)" + from + where);
        var rows = h.createQuery("SELECT " + COLUMNS
                + ", s.language AS s_language, s.country AS s_country, sc.text_content AS s_text, sc.media AS s_media"
                + ", (SELECT COUNT(*) FROM notice n JOIN notice_item i ON i.notice_id = n.id"
                + " JOIN e2e_report r ON r.id = n.external_ref WHERE i.case_id = c.id) AS s_reported"
                + from + where + " ORDER BY " + f.sort().sql
                + " LIMIT :limit OFFSET :offset");
        for (var q : List.of(count, rows)) {
            q.bind("q", queueId).bind("now", now.toEpochMilli()).bind("risk", riskAt);
            f.reason().ifPresent(r -> q.bind("reason", r.name()));
            f.source().ifPresent(r -> q.bind("source", r.name()));
            f.language().ifPresent(r -> q.bind("language", r));
            f.country().ifPresent(r -> q.bind("country", r));
            f.minAgeHours().ifPresent(r -> q.bind("oldEnough", now.toEpochMilli() - r * 3_600_000L));
        }
        long total = count.mapTo(Long.class).one();
        List<Row> list = rows.bind("limit", limit)
                .bind("offset", offset)
                .map((rs, ctx) -> {
                    String text = rs.getString("s_text");
                    return new Row(
                            Cases.ROW.map(rs, ctx),
                            Optional.ofNullable(text).filter(t -> !t.isBlank()).map(QueueView::excerpt),
                            CaseDetail.media(rs.getString("s_media")).size(),
                            Optional.ofNullable(rs.getString("s_language")),
                            Optional.ofNullable(rs.getString("s_country")),
                            rs.getInt("s_reported"));
                })
                .list();
        return new Page(list, total);
    }

    static String excerpt(String text) {
        String one = text.replaceAll("\\s+", " ").strip();
        return one.length() <= 160 ? one : one.substring(0, 157) + "…";
    }

    private static Optional<String> opt(Map<String, String> q, String key) {
        return Optional.ofNullable(q.get(key)).map(String::strip).filter(s -> !s.isEmpty());
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String v) {
        try {
            return Enum.valueOf(type, v);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput(field, "unknown value " + (v.length() > 40 ? v.substring(0, 40) + "…" : v));
        }
    }

    private static String code(String field, String v, String pattern) {
        if (!v.matches(pattern)) {
            throw new InvalidInput(field, "must be a code such as " + (field.equals("country") ? "DE" : "de"));
        }
        return v;
    }

    private static int hours(String v) {
        try {
            int h = Integer.parseInt(v);
            if (h >= 0 && h <= 24 * 365) {
                return h;
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new InvalidInput("minAgeHours", "must be a number of hours from 0 to 8760");
    }
}
