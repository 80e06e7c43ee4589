package org.fulcrum.server.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.web.Params;
import org.jdbi.v3.core.statement.Query;

/**
 * Reads the audit trail for the audit viewer: filtered by actor, action, object, text and days,
 * newest first, a page at a time (or everything matching, for the CSV export, up to a bound).
 */
public final class AuditSearch {
    public static final int PAGE = 100;
    public static final int EXPORT_LIMIT = 100_000;
    private static final int MAX_FILTER = 200;

    private final Database db;

    public AuditSearch(Database db) {
        this.db = db;
    }

    /**
     * A validated filter; blank parameters are absent.
     *
     * @param actor a staff member's or officer's username, a staff id or an actor such as {@code officer:of_1}
     * @param action an action name such as {@code disclosure.execute}, or its prefix ending in a dot
     * @param target an object such as {@code request:lr_1}
     * @param text words to find in the reason or the details
     * @param from first day (UTC), inclusive
     * @param to last day (UTC), inclusive
     * @param page from 1
     */
    public record Filter(
            Optional<String> actor,
            Optional<String> action,
            Optional<String> target,
            Optional<String> text,
            Optional<LocalDate> from,
            Optional<LocalDate> to,
            int page) {

        public static Filter read(Map<String, List<String>> query) {
            Optional<LocalDate> from = first(query, "from").map(d -> day("from", d));
            Optional<LocalDate> to = first(query, "to").map(d -> day("to", d));
            if (from.isPresent() && to.isPresent() && to.get().isBefore(from.get())) {
                throw new FulcrumException.InvalidInput("to", "must not be before 'from'");
            }
            int page = Params.intValue("page", first(query, "page").orElse(null), 1, 1, 10_000);
            return new Filter(
                    first(query, "actor"),
                    first(query, "action"),
                    first(query, "target"),
                    first(query, "q"),
                    from,
                    to,
                    page);
        }

        private static LocalDate day(String field, String value) {
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                throw new FulcrumException.InvalidInput(field, "must be a day like 2026-12-04");
            }
        }

        private static Optional<String> first(Map<String, List<String>> query, String name) {
            Optional<String> v = Optional.ofNullable(query.get(name))
                    .flatMap(l -> l.stream().findFirst())
                    .map(String::strip)
                    .filter(s -> !s.isEmpty());
            if (v.isPresent() && v.get().length() > MAX_FILTER) {
                throw new FulcrumException.InvalidInput(name, "must be at most " + MAX_FILTER + " characters");
            }
            return v;
        }

        /** This filter as a query string (without the page), for links and the export. */
        public String query() {
            Map<String, String> q = new LinkedHashMap<>();
            actor.ifPresent(v -> q.put("actor", v));
            action.ifPresent(v -> q.put("action", v));
            target.ifPresent(v -> q.put("target", v));
            text.ifPresent(v -> q.put("q", v));
            from.ifPresent(v -> q.put("from", v.toString()));
            to.ifPresent(v -> q.put("to", v.toString()));
            StringBuilder b = new StringBuilder();
            q.forEach((k, v) -> b.append(b.isEmpty() ? "?" : "&")
                    .append(k)
                    .append('=')
                    .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)));
            return b.toString();
        }

        public String onPage(int p) {
            String q = query();
            return q + (q.isEmpty() ? "?" : "&") + "page=" + p;
        }
    }

    /**
     * One recorded staff action.
     *
     * @param actorName the actor's username when the actor is staff or an authority's officer, else
     *     the actor itself
     * @param outcome what the action came to, as recorded (empty when the action is its own outcome)
     */
    public record Row(
            String id,
            Instant at,
            String actor,
            String actorName,
            String action,
            String target,
            String reason,
            String outcome) {}

    /** One page of rows and whether another follows. */
    public record Page(List<Row> rows, boolean more) {}

    public Page page(Filter f) {
        List<Row> rows = select(f, PAGE + 1, (f.page() - 1) * PAGE);
        boolean more = rows.size() > PAGE;
        return new Page(more ? rows.subList(0, PAGE) : rows, more);
    }

    /** Every row the filter matches, up to {@link #EXPORT_LIMIT}. */
    public List<Row> all(Filter f) {
        return select(f, EXPORT_LIMIT, 0);
    }

    private List<Row> select(Filter f, int limit, int offset) {
        List<String> where = new ArrayList<>();
        Map<String, Object> binds = new LinkedHashMap<>();
        f.actor().ifPresent(a -> {
            where.add("(a.actor = :actor OR a.actor = :staffActor OR s.username = :actor OR o.username = :actor)");
            binds.put("actor", a);
            binds.put("staffActor", "staff:" + a);
        });
        f.action().ifPresent(a -> {
            if (a.endsWith(".")) {
                where.add("a.action LIKE :action");
                binds.put("action", a.replace("%", "") + "%");
            } else {
                where.add("a.action = :action");
                binds.put("action", a);
            }
        });
        f.target().ifPresent(t -> {
            where.add("a.target = :target");
            binds.put("target", t);
        });
        f.text().ifPresent(t -> {
            where.add("(LOWER(a.reason) LIKE :text OR LOWER(a.details) LIKE :text OR LOWER(a.target) LIKE :text)");
            binds.put("text", "%" + t.toLowerCase(java.util.Locale.ROOT).replace("%", "") + "%");
        });
        f.from().ifPresent(d -> {
            where.add("a.at >= :from");
            binds.put("from", d.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
        });
        f.to().ifPresent(d -> {
            where.add("a.at < :to");
            binds.put(
                    "to", d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
        });
        String sql = """
                SELECT a.id, a.at, a.actor, COALESCE(s.username, o.username) AS username, a.action, a.target,
                       a.reason, a.details
                FROM audit a LEFT JOIN staff s ON a.actor = 'staff:' || s.id
                             LEFT JOIN officer o ON a.actor = 'officer:' || o.id"""
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY a.at DESC, a.id DESC LIMIT :limit OFFSET :offset";
        return db.read(h -> {
            Query q = h.createQuery(sql).bind("limit", limit).bind("offset", offset);
            binds.forEach(q::bind);
            return q.map((rs, ctx) -> new Row(
                            rs.getString("id"),
                            Columns.instant(rs, "at"),
                            rs.getString("actor"),
                            Optional.ofNullable(rs.getString("username")).orElse(rs.getString("actor")),
                            rs.getString("action"),
                            Columns.optionalString(rs, "target").orElse(""),
                            Columns.optionalString(rs, "reason").orElse(""),
                            Columns.optionalString(rs, "details").orElse("")))
                    .list();
        });
    }
}
