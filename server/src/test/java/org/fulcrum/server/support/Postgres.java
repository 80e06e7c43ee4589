package org.fulcrum.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.fulcrum.server.store.Database;
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
 *
 * <p>A test that needs a migrated store gets a database of its own ({@link #migrated}), cloned from a
 * database this JVM migrated once with the app's own {@link Database#open}: cloning takes a tenth of
 * the time migrating does, and the app's Flyway then finds every migration applied. The template is
 * itself migrated by the app on every run, so the migrations stay tested on PostgreSQL; with
 * {@code -Dfulcrum.test.schemaTemplate=false} (as for SQLite, {@link SchemaTemplate}) each test gets
 * an empty schema instead and the app migrates it.
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
     * JVMs run side by side on one server) and a per-JVM counter make it unique. The same names serve
     * for the databases {@link #migrated} clones.
     */
    public static String freshSchema() {
        return "t_" + Long.toHexString(ProcessHandle.current().pid()) + "_" + Long.toHexString(System.nanoTime()) + "_"
                + SCHEMAS.incrementAndGet();
    }

    private static final AtomicLong SCHEMAS = new AtomicLong();

    /** An empty schema in the {@code test} database, which the first app given it migrates. */
    public static PgSchema empty() {
        return new PgSchema(URL, freshSchema());
    }

    /**
     * A migrated schema in a database of its own, cloned from this JVM's template ({@link #empty}
     * when the template is turned off).
     */
    public static PgSchema migrated() {
        require();
        if (!SchemaTemplate.enabled()) {
            return empty();
        }
        String database = freshSchema();
        try (Connection c = DriverManager.getConnection(URL);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE \"" + database + "\" TEMPLATE \"" + Template.DATABASE + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot clone the migrated template " + Template.DATABASE, e);
        }
        return new PgSchema(inDatabase(database), Template.SCHEMA);
    }

    /** {@link #URL} naming {@code database} instead of its own. */
    static String inDatabase(String database) {
        int query = URL.indexOf('?');
        String address = query < 0 ? URL : URL.substring(0, query);
        return address.substring(0, address.lastIndexOf('/') + 1) + database + (query < 0 ? "" : URL.substring(query));
    }

    /**
     * This JVM's migrated database, built on first use. Nothing stays connected to it: PostgreSQL
     * clones only a database no session is using.
     */
    private static final class Template {
        static final String SCHEMA = "fulcrum";
        static final String DATABASE = build();

        private static String build() {
            String database = "t_" + Long.toHexString(ProcessHandle.current().pid()) + "_template";
            try (Connection c = DriverManager.getConnection(URL);
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE \"" + database + "\"");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create the template database " + database, e);
            }
            try {
                Database.open(
                                new PgSchema(inDatabase(database), SCHEMA)
                                        .on(TestApp.config(Files.createTempDirectory("fulcrum-pg-template"))),
                                Clock.systemUTC())
                        .close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return database;
        }
    }

    /**
     * Drops the schemas and databases of test JVMs that no longer run: a name starts with its JVM's
     * process id ({@link #freshSchema}). A JVM drops nothing of its own as it ends: a cluster test's
     * nodes may still be stopping, and dropping some twenty databases took longer than the test runner
     * lets a test JVM take to end. One whose process id belongs to a running process is kept, whatever
     * that process is. Returns the names dropped.
     */
    static List<String> dropLeftovers(Connection c) throws SQLException {
        List<String> dropped = new ArrayList<>();
        for (String name : ended(c, "SELECT nspname FROM pg_namespace WHERE nspname ~ '^t_[0-9a-f]{1,15}_'")) {
            drop(c, "DROP SCHEMA IF EXISTS \"" + name + "\" CASCADE", name, dropped);
        }
        for (String name : ended(c, "SELECT datname FROM pg_database WHERE datname ~ '^t_[0-9a-f]{1,15}_'")) {
            // a node process of the ended JVM may still hold a connection
            drop(c, "DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)", name, dropped);
        }
        return dropped;
    }

    /** Runs {@code sql}; another test JVM starting at the same time may be dropping the same one. */
    private static void drop(Connection c, String sql, String name, List<String> dropped) {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
            dropped.add(name);
        } catch (SQLException e) {
            // dropped by the other JVM, or left for the next run
        }
    }

    private static List<String> ended(Connection c, String query) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery(query)) {
            while (rs.next()) {
                String name = rs.getString(1);
                long pid = Long.parseLong(name.substring(2, name.indexOf('_', 2)), 16);
                if (ProcessHandle.of(pid).isEmpty()) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /**
     * {@link #dropLeftovers} once per JVM, the first time a test asks for the server, before that test
     * goes on: nothing drops a database while the JVM ends (a test JVM that ended with a drop still
     * running was reported by the test runner as a failed fork).
     */
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
