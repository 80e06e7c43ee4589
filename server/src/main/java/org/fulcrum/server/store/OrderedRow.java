package org.fulcrum.server.store;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * Reads a whole row, whatever its columns, as a map of column name to value in the order the query
 * selected them. For generic readers whose columns come from a registry (a data export, the
 * evidence a hold captures); feature code that knows its columns reads them by name through
 * {@link Columns}.
 */
public final class OrderedRow {
    /** Jdbi's mapper for {@link #read}. */
    public static final RowMapper<Map<String, Object>> MAPPER = (rs, ctx) -> read(rs);

    private OrderedRow() {}

    /**
     * The current row: lower-case column labels (as PostgreSQL reports them, whatever SQLite was
     * given) to values, integers widened to {@code Long} so both databases give the same types.
     */
    public static Map<String, Object> read(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            Object v = rs.getObject(i);
            if (v instanceof Integer x) {
                v = x.longValue();
            }
            row.put(md.getColumnLabel(i).toLowerCase(), v);
        }
        return row;
    }
}
