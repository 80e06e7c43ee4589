package org.fulcrum.server.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server tests run against: 127.0.0.1:5432, database {@code test}. Under
 * {@code CI=true} an unreachable server fails the test; elsewhere the test is skipped with a message.
 */
public final class Postgres {
    public static final String URL =
            System.getProperty("fulcrum.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private Postgres() {}

    public static void require() {
        try (Connection c = DriverManager.getConnection(URL)) {
            c.createStatement().execute("SELECT 1");
        } catch (SQLException e) {
            String message = "PostgreSQL at " + URL + " is unreachable: " + e.getMessage();
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(message + " (CI=true: the PostgreSQL path must be tested)", e);
            }
            Assumptions.abort(message + " — skipping; start PostgreSQL to run this test");
        }
    }

    /** A fresh schema name, so each run starts from an empty database. */
    public static String freshSchema() {
        return "t_" + Long.toHexString(System.nanoTime()) + Integer.toHexString((int) (Math.random() * 0xffff));
    }
}
