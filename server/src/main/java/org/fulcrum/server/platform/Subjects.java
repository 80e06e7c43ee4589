package org.fulcrum.server.platform;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.store.Columns;
import org.jdbi.v3.core.Handle;

/** SQL for subjects: find, list, upsert from events, and state updates. */
public final class Subjects {
    private static final String COLUMNS = """
            id, kind, container_id, author_id, country, language, audience, visibility, restricted_countries,
            labels, demoted, account_status, suspended_until, hold_until, deleted_by_platform, created_at,
            updated_at, version""";

    private Subjects() {}

    public static Optional<Subject> find(Handle h, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM subject WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    /** A page of subjects, newest change first, optionally of one kind or state. */
    public static List<Subject> list(
            Handle h, Optional<SubjectKind> kind, Optional<String> visibility, int limit, int offset) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM subject WHERE 1 = 1");
        kind.ifPresent(k -> sql.append(" AND kind = :kind"));
        visibility.ifPresent(v -> sql.append(" AND visibility = :vis"));
        sql.append(" ORDER BY updated_at DESC, id LIMIT :limit OFFSET :offset");
        var q = h.createQuery(sql.toString()).bind("limit", limit).bind("offset", offset);
        kind.ifPresent(k -> q.bind("kind", k.name()));
        visibility.ifPresent(v -> q.bind("vis", v));
        return q.map((rs, ctx) -> map(rs)).list();
    }

    public static int count(Handle h) {
        return h.createQuery("SELECT COUNT(*) FROM subject")
                .mapTo(Integer.class)
                .one();
    }

    /** How many subjects {@link #list} would page through with the same filter. */
    public static int count(Handle h, Optional<SubjectKind> kind, Optional<String> visibility) {
        StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM subject WHERE 1 = 1");
        kind.ifPresent(k -> sql.append(" AND kind = :kind"));
        visibility.ifPresent(v -> sql.append(" AND visibility = :vis"));
        var q = h.createQuery(sql.toString());
        kind.ifPresent(k -> q.bind("kind", k.name()));
        visibility.ifPresent(v -> q.bind("vis", v));
        return q.mapTo(Integer.class).one();
    }

    static void writeState(Handle h, String id, EnforcementState s, long now) {
        h.createUpdate("""
                UPDATE subject SET visibility = :vis, restricted_countries = :rc, labels = :labels,
                  demoted = :demoted, account_status = :status, suspended_until = :su, hold_until = :hu,
                  updated_at = :now, version = version + 1
                WHERE id = :id""")
                .bind("vis", s.visibility().name())
                .bind("rc", EnforcementState.join(s.restrictedCountries()))
                .bind("labels", EnforcementState.join(s.labels()))
                .bind("demoted", s.demoted() ? 1 : 0)
                .bind("status", s.accountStatus().name())
                .bind("su", s.suspendedUntil().map(Instant::toEpochMilli).orElse(null))
                .bind("hu", s.holdUntil().map(Instant::toEpochMilli).orElse(null))
                .bind("now", now)
                .bind("id", id)
                .execute();
    }

    static Subject map(ResultSet rs) throws SQLException {
        EnforcementState state = new EnforcementState(
                EnforcementState.Visibility.valueOf(rs.getString("visibility")),
                EnforcementState.split(rs.getString("restricted_countries")),
                EnforcementState.split(rs.getString("labels")),
                rs.getInt("demoted") == 1,
                EnforcementState.AccountStatus.valueOf(rs.getString("account_status")),
                Columns.optionalInstant(rs, "suspended_until"),
                Columns.optionalInstant(rs, "hold_until"));
        return new Subject(
                rs.getString("id"),
                SubjectKind.valueOf(rs.getString("kind")),
                Optional.ofNullable(rs.getString("container_id")),
                Optional.ofNullable(rs.getString("author_id")),
                Optional.ofNullable(rs.getString("country")),
                Optional.ofNullable(rs.getString("language")),
                rs.getLong("audience"),
                state,
                rs.getInt("deleted_by_platform") == 1,
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")),
                rs.getLong("version"));
    }
}
