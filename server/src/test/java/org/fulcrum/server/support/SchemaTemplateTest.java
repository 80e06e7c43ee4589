package org.fulcrum.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.store.Database;
import org.junit.jupiter.api.Test;

class SchemaTemplateTest {

    static List<String> schema(Database db) {
        return db.read(h -> h.createQuery("SELECT type || ' ' || name || ' ' || COALESCE(sql, '') FROM sqlite_master"
                        + " WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
                .mapTo(String.class)
                .list());
    }

    static List<String> history(Database db) {
        return db.read(
                h -> h.createQuery("SELECT version || ' ' || checksum || ' ' || installed_on FROM flyway_schema_history"
                                + " ORDER BY installed_rank")
                        .mapTo(String.class)
                        .list());
    }

    @Test
    void aSeededFolderOpensWithTheSchemaAFreshMigrationGivesAndMigratesNothing() throws Exception {
        Path fresh = Files.createTempDirectory("fulcrum-template-fresh");
        Path seeded = Files.createTempDirectory("fulcrum-template-seeded");
        Config seededConfig = SchemaTemplate.seed(TestApp.config(seeded));
        assertThat(seeded.resolve("fulcrum.db")).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(seeded.resolve("fulcrum.db"))))
                .isEqualTo("rw-------");
        List<String> templateHistory;
        try (Database template = Database.open(seededConfig, Clock.systemUTC())) {
            templateHistory = history(template);
        }
        try (Database migrated = Database.open(TestApp.config(fresh), Clock.systemUTC());
                Database copied = Database.open(seededConfig, Clock.systemUTC())) {
            assertThat(schema(copied)).isNotEmpty().isEqualTo(schema(migrated));
            assertThat(history(copied))
                    .as("opening the copy applies no migration: the history is the template's")
                    .isEqualTo(templateHistory)
                    .hasSameSizeAs(history(migrated));
        }
    }

    @Test
    void aFolderThatHoldsADatabaseIsLeftAsItIs() throws Exception {
        Path dir = Files.createTempDirectory("fulcrum-template-existing");
        Files.writeString(dir.resolve("fulcrum.db"), "");
        SchemaTemplate.seed(TestApp.config(dir));
        assertThat(Files.size(dir.resolve("fulcrum.db"))).isZero();
    }
}
