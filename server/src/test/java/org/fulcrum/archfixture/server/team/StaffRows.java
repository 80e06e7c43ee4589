package org.fulcrum.archfixture.server.team;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads a row by column position (twice), once by name, and asks {@code wasNull()} of the column
 * read last: the positional reads and {@code wasNull()} break "feature code reads result-set columns
 * by name".
 */
public final class StaffRows {
    public String read(ResultSet rs) throws SQLException {
        String role = rs.getString("role");
        return rs.wasNull() ? rs.getString(1) + rs.getLong(2) : role;
    }
}
