package org.fulcrum.server.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server tests run against: 127.0.0.1:5432, database {@code test}. Under
 * {@code CI=true} an unreachable server fails the test; elsewhere the test is skipped with a message.
 *
 * <p>Test sessions commit with {@code synchronous_commit=off}: a commit is visible to every other
 * session at once, as always, but does not wait for its log record to reach the disk, which only a
 * crash of the PostgreSQL server itself could lose (no test crashes it; the tests that kill nodes
 * kill the app's processes). Migrating a fresh schema and the cluster tests' many small commits
 * stop waiting for an fsync each.
 */
public final class Postgres {
    public static final String URL = System.getProperty(
            "fulcrum.test.pg.url",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&options=-c%20synchronous_commit%3Doff");

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

    /**
     * A fresh schema name, so each run starts from an empty database: this JVM's process id (test
     * JVMs run side by side on one server) and a per-JVM counter make it unique.
     */
    public static String freshSchema() {
        return "t_" + Long.toHexString(ProcessHandle.current().pid()) + "_" + Long.toHexString(System.nanoTime()) + "_"
                + SCHEMAS.incrementAndGet();
    }

    private static final java.util.concurrent.atomic.AtomicLong SCHEMAS = new java.util.concurrent.atomic.AtomicLong();
}
