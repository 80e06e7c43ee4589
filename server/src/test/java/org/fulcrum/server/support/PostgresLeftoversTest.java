package org.fulcrum.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/** Schemas left by test JVMs that have ended are dropped; those of running processes are kept. */
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

    private static boolean exists(Connection c, String schema) throws Exception {
        try (var s = c.prepareStatement("SELECT 1 FROM pg_namespace WHERE nspname = ?")) {
            s.setString(1, schema);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }
}
