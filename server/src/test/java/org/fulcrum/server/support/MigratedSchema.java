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
import org.fulcrum.server.store.Database;

/**
 * A PostgreSQL schema migrated once, by the app's own {@link Database#open}, for the tests of one
 * class that each want a freshly migrated schema: {@link #fresh} hands it out again after emptying
 * every table and putting back the rows the migrations wrote (kept in a sibling schema), in one
 * transaction that takes a fraction of the time migrating a new schema takes.
 * Whoever used the schema must have closed its connections first (an open transaction would hold
 * the tables; the reset then fails after a few seconds instead of waiting).
 */
public final class MigratedSchema {
    private static final String HISTORY = "flyway_schema_history";

    private final String name;
    private final String seed;
    private final List<String> tables;
    private final List<String> seeded;
    private boolean handedOut;

    private MigratedSchema(String name, String seed, List<String> tables, List<String> seeded) {
        this.name = name;
        this.seed = seed;
        this.tables = tables;
        this.seeded = seeded;
    }

    /** Migrates a new schema and keeps a copy of every row the migrations wrote. */
    public static MigratedSchema create() {
        Postgres.require();
        String name = Postgres.freshSchema();
        String seed = name + "_seed";
        try {
            Database.open(
                            TestApp.config(Files.createTempDirectory("fulcrum-migrated"))
                                    .withDatabase(Postgres.URL, "", "", name),
                            Clock.systemUTC())
                    .close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Connection c = DriverManager.getConnection(Postgres.URL);
                Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = '" + name
                    + "' AND tablename <> '" + HISTORY + "' ORDER BY tablename")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            s.execute("CREATE SCHEMA " + quote(seed));
            List<String> seeded = new ArrayList<>();
            for (String t : tables) {
                try (ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM " + table(name, t) + ")")) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        s.execute("CREATE TABLE " + table(seed, t) + " AS TABLE " + table(name, t));
                        seeded.add(t);
                    }
                }
            }
            return new MigratedSchema(name, seed, List.copyOf(tables), List.copyOf(seeded));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record what the migrations of " + name + " wrote", e);
        }
    }

    /** The schema's name. */
    public String name() {
        return name;
    }

    /**
     * The schema as the migrations left it: on the first call as migrated, on later calls emptied
     * and given back the rows the migrations wrote.
     */
    public synchronized String fresh() {
        if (handedOut) {
            reset();
        }
        handedOut = true;
        return name;
    }

    private void reset() {
        try (Connection c = DriverManager.getConnection(Postgres.URL);
                Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            StringBuilder sql = new StringBuilder("SET LOCAL lock_timeout = '10s';");
            // the rows go and come back in any order: no foreign key is checked (they held when the
            // migrations wrote the rows, and every other row goes)
            sql.append("SET LOCAL session_replication_role = replica;");
            // DELETE rather than TRUNCATE: a test leaves a few rows, and TRUNCATE makes new files for
            // every table and index, which took about as long as migrating a new schema
            for (String t : tables) {
                sql.append("DELETE FROM ").append(table(name, t)).append(';');
            }
            for (String t : seeded) {
                sql.append("INSERT INTO ")
                        .append(table(name, t))
                        .append(" SELECT * FROM ")
                        .append(table(seed, t))
                        .append(';');
            }
            s.execute(sql.toString());
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reset schema " + name, e);
        }
    }

    private static String table(String schema, String table) {
        return quote(schema) + "." + quote(table);
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
