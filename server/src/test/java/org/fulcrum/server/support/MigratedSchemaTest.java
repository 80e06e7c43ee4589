package org.fulcrum.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class MigratedSchemaTest {

    /** Every table of {@code schema}, with a digest of all its rows. */
    static Map<String, String> contents(String schema) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(Postgres.URL);
                Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = '" + schema + "'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) || ' ' || COALESCE(md5(string_agg(r::text, '|'"
                        + " ORDER BY r::text)), '') FROM \"" + schema + "\".\"" + t + "\" r")) {
                    rs.next();
                    out.put(t, rs.getString(1));
                }
            }
        }
        return out;
    }

    @Test
    void aSchemaHandedOutAgainHoldsWhatTheMigrationsLeftAndNothingTheLastTestWrote() throws Exception {
        MigratedSchema migrated = MigratedSchema.create();
        String schema = migrated.fresh();
        Map<String, String> asMigrated = contents(schema);
        assertThat(asMigrated).containsKey("flyway_schema_history").containsKey("content_event");

        try (TestApp app = TestApp.postgresAt(schema, UnaryOperator.identity())) {
            Http.Response r = app.platform().postJson("/v1/platform/events", Events.batch(0, 5, "ms"));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(app.count("content_event")).isEqualTo(5);
        }
        assertThat(contents(schema)).as("the app wrote").isNotEqualTo(asMigrated);

        assertThat(migrated.fresh()).isEqualTo(schema);
        assertThat(contents(schema))
                .as("every table as the migrations left it, the migration history included")
                .isEqualTo(asMigrated);
        try (TestApp app = TestApp.postgresAt(schema, UnaryOperator.identity())) {
            assertThat(app.count("content_event")).isZero();
        }
    }
}
