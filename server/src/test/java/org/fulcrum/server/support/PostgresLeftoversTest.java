package org.fulcrum.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/** Schemas and databases left by test JVMs that have ended are dropped; those of running processes are kept. */
class PostgresLeftoversTest {
    @Test
    void aSchemaOfAnEndedProcessIsDroppedAndOneOfARunningProcessIsKept() throws Exception {
        Postgres.require();
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        long deadPid = ended.pid();
        String mine = Postgres.freshSchema();
        String left = "t_" + Long.toHexString(deadPid) + "_1_1";
        try (Connection c = DriverManager.getConnection(Postgres.URL)) {
            c.createStatement().execute("CREATE SCHEMA \"" + mine + "\"");
            c.createStatement().execute("CREATE SCHEMA \"" + left + "\"");
            c.createStatement().execute("CREATE TABLE \"" + left + "\".t (id INT)");

            assertThat(Postgres.dropLeftovers(c)).contains(left).doesNotContain(mine);

            assertThat(exists(c, left)).isFalse();
            assertThat(exists(c, mine)).isTrue();
            c.createStatement().execute("DROP SCHEMA \"" + mine + "\"");
        }
    }

    @Test
    void aDatabaseOfAnEndedProcessIsDroppedEvenWithASessionOpenAndOneOfARunningProcessIsKept() throws Exception {
        Postgres.require();
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        String mine = Postgres.freshSchema();
        String left = "t_" + Long.toHexString(ended.pid()) + "_2_2";
        try (Connection c = DriverManager.getConnection(Postgres.URL)) {
            c.createStatement().execute("CREATE DATABASE \"" + mine + "\"");
            c.createStatement().execute("CREATE DATABASE \"" + left + "\"");
            // a node process of the ended JVM still connected
            try (Connection node = DriverManager.getConnection(Postgres.inDatabase(left))) {
                node.createStatement().execute("SELECT 1");

                assertThat(Postgres.dropLeftovers(c)).contains(left).doesNotContain(mine);
            }
            assertThat(database(c, left)).isFalse();
            assertThat(database(c, mine)).isTrue();
            c.createStatement().execute("DROP DATABASE \"" + mine + "\"");
        }
    }

    private static boolean database(Connection c, String name) throws Exception {
        try (var s = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static boolean exists(Connection c, String schema) throws Exception {
        try (var s = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            s.setString(1, schema);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }
}
