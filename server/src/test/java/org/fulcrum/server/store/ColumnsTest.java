package org.fulcrum.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

class ColumnsTest {
    private static final Instant AT = Instant.parse("2026-12-05T17:20:00.123Z");

    @Test
    void readsEachColumnByNameAndNullAsAbsent() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (at BIGINT, gone BIGINT, name TEXT, blank TEXT, n INTEGER, none INTEGER)");
            s.execute("INSERT INTO t VALUES (" + AT.toEpochMilli() + ", NULL, 'x', NULL, 7, NULL)");
            // The columns are selected in an order unlike the table's, so a positional read would differ.
            try (ResultSet rs = s.executeQuery("SELECT none, n, blank, name, gone, at FROM t")) {
                assertThat(rs.next()).isTrue();
                assertThat(Columns.instant(rs, "at")).isEqualTo(AT);
                assertThat(Columns.instant(rs, "gone")).isNull();
                assertThat(Columns.optionalInstant(rs, "at")).contains(AT);
                assertThat(Columns.optionalInstant(rs, "gone")).isEmpty();
                assertThat(Columns.optionalString(rs, "name")).contains("x");
                assertThat(Columns.optionalString(rs, "blank")).isEmpty();
                assertThat(Columns.nullableLong(rs, "n")).isEqualTo(7L);
                assertThat(Columns.nullableLong(rs, "none")).isNull();
                assertThat(Columns.optionalLong(rs, "none")).isEmpty();
                assertThat(Columns.nullableInt(rs, "n")).isEqualTo(7);
                assertThat(Columns.optionalInt(rs, "n")).contains(7);
                assertThat(Columns.optionalInt(rs, "none")).isEmpty();
                // The null read last does not make the instant read before it absent.
                assertThat(Columns.optionalInstant(rs, "at")).contains(AT);
            }
        }
    }

    @Test
    void jdbiMapsEpochMillisecondColumnsToInstants() {
        Jdbi jdbi = Jdbi.create("jdbc:sqlite:file:columns?mode=memory&cache=shared")
                .registerColumnMapper(Instant.class, Columns.EPOCH_MILLIS);
        jdbi.useHandle(h -> {
            h.execute("CREATE TABLE t (at BIGINT)");
            h.execute("INSERT INTO t VALUES (?), (NULL)", AT.toEpochMilli());
            assertThat(h.createQuery("SELECT at FROM t ORDER BY at IS NULL")
                            .mapTo(Instant.class)
                            .list())
                    .containsExactly(AT, null);
            assertThat(h.createQuery("SELECT at FROM t WHERE at IS NOT NULL")
                            .mapTo(Instant.class)
                            .findOne())
                    .isEqualTo(Optional.of(AT));
        });
    }
}
