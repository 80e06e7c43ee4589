package org.fulcrum.archfixture.server.team;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads a row by column position (twice) and once by name: the positional reads break "feature
 * code reads result-set columns by name".
 */
public final class StaffRows {
    public String read(ResultSet rs) throws SQLException {
        return rs.getString(1) + rs.getLong(2) + rs.getString("role");
    }
}
