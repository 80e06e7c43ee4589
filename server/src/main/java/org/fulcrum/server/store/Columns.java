package org.fulcrum.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.mapper.ColumnMapper;

/**
 * Reads a row's columns by name. Instants are stored as epoch milliseconds in {@code BIGINT}
 * columns; a SQL {@code NULL} reads as {@code null} or {@link Optional#empty()}, never as 0 (which
 * would show as 1970). Each helper reads its column once, so no {@code wasNull()} is left to speak of
 * another column.
 */
public final class Columns {
    /** Jdbi's mapper for an epoch-millisecond column read as an {@link Instant} ({@code NULL} is null). */
    public static final ColumnMapper<Instant> EPOCH_MILLIS = (rs, column, ctx) -> instantOrNull(rs.getObject(column));

    private Columns() {}

    /** The instant in an epoch-millisecond column, or null when the column is {@code NULL}. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        return instantOrNull(rs.getObject(column));
    }

    /** The instant in an epoch-millisecond column, empty when the column is {@code NULL}. */
    public static Optional<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(instant(rs, column));
    }

    /** The text in a column, empty when the column is {@code NULL}. */
    public static Optional<String> optionalString(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getString(column));
    }

    /** The integer in a column, or null when the column is {@code NULL}. */
    public static Long nullableLong(ResultSet rs, String column) throws SQLException {
        Object v = rs.getObject(column);
        return v == null ? null : ((Number) v).longValue();
    }

    /** The integer in a column, empty when the column is {@code NULL}. */
    public static Optional<Long> optionalLong(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(nullableLong(rs, column));
    }

    /** The integer in a column, or null when the column is {@code NULL}. */
    public static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        Object v = rs.getObject(column);
        return v == null ? null : Math.toIntExact(((Number) v).longValue());
    }

    /** The integer in a column, empty when the column is {@code NULL}. */
    public static Optional<Integer> optionalInt(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(nullableInt(rs, column));
    }

    private static Instant instantOrNull(Object v) {
        return v == null ? null : Instant.ofEpochMilli(((Number) v).longValue());
    }
}
