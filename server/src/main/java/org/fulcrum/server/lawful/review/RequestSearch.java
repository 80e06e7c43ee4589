package org.fulcrum.server.lawful.review;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.lawful.request.Instrument;
import org.fulcrum.server.lawful.request.LawfulRequest;
import org.fulcrum.server.lawful.request.RequestStatus;
import org.fulcrum.server.lawful.request.Requests;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.web.Params;
import org.jdbi.v3.core.statement.Query;

/**
 * The legal console's request list: filtered by state, jurisdiction, instrument and clock, one page
 * at a time. Open requests come nearest deadline first; any other selection, newest first.
 */
public final class RequestSearch {
    public static final int PAGE = 50;

    private final Database db;
    private final Clock clock;
    private final Json json;

    public RequestSearch(Database db, Clock clock, Json json) {
        this.json = json;
        this.db = db;
        this.clock = clock;
    }

    /** Which clocks to list. */
    public enum ClockFilter {
        any,
        running,
        due_within_24h,
        overdue,
        paused,
        stopped
    }

    /**
     * A validated filter; {@code state} is a status name, {@code open} or {@code all}.
     *
     * @param page from 1
     */
    public record Filter(
            String state, Optional<String> jurisdiction, Optional<Instrument> instrument, ClockFilter clock, int page) {

        /** Reads the query string, naming the parameter at fault. */
        public static Filter read(Map<String, List<String>> query) {
            String state = first(query, "state").orElse("open");
            if (!state.equals("open")
                    && !state.equals("all")
                    && Arrays.stream(RequestStatus.values())
                            .noneMatch(s -> s.name().equals(state))) {
                throw new FulcrumException.InvalidInput("state", "must be open, all or a request status");
            }
            Optional<String> jurisdiction = first(query, "jurisdiction").map(j -> Check.country("jurisdiction", j));
            Optional<Instrument> instrument = first(query, "instrument")
                    .map(i -> Arrays.stream(Instrument.values())
                            .filter(x -> x.name().equals(i))
                            .findFirst()
                            .orElseThrow(() ->
                                    new FulcrumException.InvalidInput("instrument", "is not a known instrument")));
            ClockFilter clock = first(query, "clock")
                    .map(c -> Arrays.stream(ClockFilter.values())
                            .filter(x -> x.name().equals(c))
                            .findFirst()
                            .orElseThrow(() -> new FulcrumException.InvalidInput(
                                    "clock", "must be one of " + Arrays.toString(ClockFilter.values()))))
                    .orElse(ClockFilter.any);
            int page = Params.intValue("page", first(query, "page").orElse(null), 1, 1, 10_000);
            return new Filter(state, jurisdiction, instrument, clock, page);
        }

        private static Optional<String> first(Map<String, List<String>> query, String name) {
            return Optional.ofNullable(query.get(name))
                    .flatMap(v -> v.stream().findFirst())
                    .filter(v -> !v.isBlank());
        }

        /** The query string of this filter on another page. */
        public String onPage(int p) {
            StringBuilder q = new StringBuilder("?state=").append(state);
            jurisdiction.ifPresent(j -> q.append("&jurisdiction=").append(j));
            instrument.ifPresent(i -> q.append("&instrument=").append(i.name()));
            return q.append("&clock=")
                    .append(clock.name())
                    .append("&page=")
                    .append(p)
                    .toString();
        }
    }

    /** One page of requests and whether another follows. */
    public record Page(List<LawfulRequest> requests, boolean more) {}

    /**
     * What waits for legal staff, as the navigation shows it.
     *
     * @param open open requests but those waiting for the authority's answer to a question
     * @param alerted of them, those alerted: a clock nearly out, or an order on a one-hour clock held
     *     for review
     * @param overdue of them, those past their deadline
     */
    public record Waiting(long open, long alerted, long overdue) {}

    public Waiting waiting() {
        List<String> open = Arrays.stream(RequestStatus.values())
                .filter(s -> s.open() && s != RequestStatus.awaiting_clarification)
                .map(Enum::name)
                .toList();
        return db.read(h -> h.createQuery("""
                        SELECT COUNT(*) AS waiting,
                               COALESCE(SUM(CASE WHEN alerted_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS alerted,
                               COALESCE(SUM(CASE WHEN paused_at IS NULL AND deadline_at < :now THEN 1 ELSE 0 END), 0)
                                 AS overdue
                        FROM lawful_request WHERE status IN (<open>)""")
                .bindList("open", open)
                .bind("now", clock.instant().toEpochMilli())
                .map((rs, ctx) -> new Waiting(rs.getLong("waiting"), rs.getLong("alerted"), rs.getLong("overdue")))
                .one());
    }

    public Page find(Filter f) {
        List<String> where = new ArrayList<>();
        List<String> open = Arrays.stream(RequestStatus.values())
                .filter(RequestStatus::open)
                .map(Enum::name)
                .toList();
        switch (f.state()) {
            case "open" -> where.add("status IN (<open>)");
            case "all" -> {}
            default -> where.add("status = :state");
        }
        f.jurisdiction().ifPresent(j -> where.add("jurisdiction = :jurisdiction"));
        f.instrument().ifPresent(i -> where.add("instrument = :instrument"));
        switch (f.clock()) {
            case any -> {}
            case running -> where.add("status IN (<open>) AND paused_at IS NULL AND deadline_at >= :now");
            case due_within_24h ->
                where.add("status IN (<open>) AND paused_at IS NULL AND deadline_at >= :now "
                        + "AND deadline_at < :soon");
            case overdue -> where.add("status IN (<open>) AND paused_at IS NULL AND deadline_at < :now");
            case paused -> where.add("status IN (<open>) AND paused_at IS NOT NULL");
            case stopped -> where.add("status NOT IN (<open>)");
        }
        // alerted first: a clock nearly out, or an order on a one-hour clock held for review
        String order = f.state().equals("open")
                ? "CASE WHEN alerted_at IS NULL THEN 1 ELSE 0 END, deadline_at, id"
                : "received_at DESC, id DESC";
        String sql = "SELECT " + Requests.COLUMNS + " FROM lawful_request"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY " + order + " LIMIT :limit OFFSET :offset";
        long now = clock.instant().toEpochMilli();
        List<LawfulRequest> rows = db.read(h -> {
            Query q = h.createQuery(sql).bind("limit", PAGE + 1).bind("offset", (f.page() - 1) * PAGE);
            // bind only what the chosen filters use: Jdbi refuses superfluous parameters
            Map<String, Object> values = Map.of(
                    "now",
                    now,
                    "soon",
                    now + Duration.ofHours(24).toMillis(),
                    "state",
                    f.state(),
                    "jurisdiction",
                    f.jurisdiction().orElse(""),
                    "instrument",
                    f.instrument().map(Enum::name).orElse(""));
            values.forEach((name, value) -> {
                if (sql.contains(":" + name)) {
                    q.bind(name, value);
                }
            });
            if (sql.contains("<open>")) {
                q.bindList("open", open);
            }
            return q.map(Requests.rows(json)).list();
        });
        boolean more = rows.size() > PAGE;
        return new Page(more ? rows.subList(0, PAGE) : rows, more);
    }
}
