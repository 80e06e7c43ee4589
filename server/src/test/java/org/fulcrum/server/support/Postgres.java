package org.fulcrum.server.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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
            Leftovers.dropOnce(c);
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

    /**
     * Drops the schemas of test JVMs that no longer run: a schema's name starts with its JVM's process
     * id ({@link #freshSchema}), and a JVM cannot drop its own as it ends (a cluster test's nodes may
     * still be stopping). A schema whose process id belongs to a running process is kept, whatever that
     * process is. Returns the names dropped.
     */
    static List<String> dropLeftovers(Connection c) throws SQLException {
        List<String> dropped = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (ResultSet rs = c.createStatement()
                .executeQuery("SELECT nspname FROM pg_namespace WHERE nspname ~ '^t_[0-9a-f]{1,15}_'")) {
            while (rs.next()) {
                names.add(rs.getString("nspname"));
            }
        }
        for (String name : names) {
            long pid = Long.parseLong(name.substring(2, name.indexOf('_', 2)), 16);
            if (ProcessHandle.of(pid).isEmpty()) {
                // another JVM starting at the same time may drop it first
                c.createStatement().execute("DROP SCHEMA IF EXISTS \"" + name + "\" CASCADE");
                dropped.add(name);
            }
        }
        return dropped;
    }

    /** {@link #dropLeftovers} once per JVM, the first time a test asks for the server. */
    private static final class Leftovers {
        private static boolean done;

        static synchronized void dropOnce(Connection c) throws SQLException {
            if (!done) {
                done = true;
                dropLeftovers(c);
            }
        }
    }
}
