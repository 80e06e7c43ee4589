package org.fulcrum.archfixture.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads a column by position inside the store, which the by-name rule allows. */
public final class Cursor {
    public String first(ResultSet rs) throws SQLException {
        return rs.getString(1);
    }
}
