package org.fulcrum.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.fulcrum.server.store.Database;
import org.junit.jupiter.api.Test;

/**
 * A database {@link Postgres#migrated} hands out holds what the app's migrations leave in an empty
 * schema, and what one test writes in its database no other test sees. (With the template turned
 * off, each is an empty schema that the app migrates: the same holds.)
 */
class PostgresTemplateTest {

    /**
     * Every table of {@code schema} with its row count, and the migration history as versions and
     * checksums (when and how fast each ran differs from one database to the next).
     */
    static Map<String, String> contents(PgSchema schema) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(schema.url());
                Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs =
                    s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = '" + schema.name() + "'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM \"" + schema.name() + "\".\"" + t + "\"")) {
                    rs.next();
                    out.put(t, rs.getString(1));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT string_agg(version || ':' || checksum || ':' || success, ' '"
                    + " ORDER BY installed_rank) FROM \"" + schema.name() + "\".flyway_schema_history")) {
                rs.next();
                out.put("history", rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void aCloneHoldsWhatMigratingAnEmptySchemaLeaves() throws Exception {
        PgSchema empty = Postgres.empty();
        Database.open(empty.on(TestApp.config(Files.createTempDirectory("fulcrum-migrate-pg"))), Clock.systemUTC())
                .close();
        Map<String, String> migrated = contents(empty);
        assertThat(migrated).containsKey("content_event").containsKey("flyway_schema_history");
        assertThat(migrated.get("history")).contains(":true");

        PgSchema clone = Postgres.migrated();
        assertThat(clone).isNotEqualTo(empty);
        assertThat(contents(clone)).isEqualTo(migrated);
    }

    @Test
    void whatOneTestWritesInItsDatabaseTheNextDoesNotSee() throws Exception {
        PgSchema first = Postgres.migrated();
        try (TestApp app = TestApp.postgresAt(first, UnaryOperator.identity())) {
            Http.Response r = app.platform().postJson("/v1/platform/events", Events.batch(0, 5, "tpl"));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(app.count("content_event")).isEqualTo(5);
        }
        PgSchema second = Postgres.migrated();
        assertThat(second).isNotEqualTo(first);
        try (TestApp app = TestApp.postgresAt(second, UnaryOperator.identity())) {
            assertThat(app.count("content_event")).isZero();
        }
    }
}
