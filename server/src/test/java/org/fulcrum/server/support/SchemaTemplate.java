package org.fulcrum.server.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.config.ConfigLoader;
import org.fulcrum.server.store.DataFolder;
import org.fulcrum.server.store.Database;

/**
 * An SQLite database migrated once per test JVM, by the app's own {@link Database#open}, and copied
 * into each fresh data folder before the app opens it: Flyway then finds every migration applied
 * and has nothing to do, so a boot skips some forty migrations committed one by one. A data folder
 * that already holds a database (a restart) is left as it is. {@code -Dfulcrum.test.schemaTemplate=false}
 * turns the copy off, so every app migrates its own database as in production.
 */
public final class SchemaTemplate {
    static final String FILE = "fulcrum.db";

    private SchemaTemplate() {}

    /** Whether fresh data folders get the copy (on unless the system property says {@code false}). */
    public static boolean enabled() {
        return !"false".equals(System.getProperty("fulcrum.test.schemaTemplate"));
    }

    /** The migrated template file, built on first use in this JVM. */
    public static Path file() {
        return Holder.FILE_PATH;
    }

    /**
     * Copies the template into {@code config}'s data folder when the config is embedded, the copy is
     * enabled and the folder holds no database yet. The copy is owner-only from its first byte.
     */
    public static Config seed(Config config) {
        if (!config.embedded() || !enabled()) {
            return config;
        }
        Path target = config.dataDir().resolve(FILE);
        if (Files.exists(target)) {
            return config;
        }
        DataFolder.ensure(config.dataDir());
        DataFolder.ownerOnly(target);
        try (OutputStream out = Files.newOutputStream(target)) {
            Files.copy(file(), out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the schema template to " + target, e);
        }
        return config;
    }

    private static final class Holder {
        static final Path FILE_PATH = build();

        private static Path build() {
            try {
                Path dir = Files.createTempDirectory("fulcrum-schema-template");
                Config config = new ConfigLoader()
                        .set("data", dir.toString())
                        .set("port", "0")
                        .load();
                // Closing the last connection checkpoints the write-ahead log into the file.
                Database.open(config, Clock.systemUTC()).close();
                Path file = dir.resolve(FILE);
                Path wal = dir.resolve(FILE + "-wal");
                if (Files.exists(wal) && Files.size(wal) > 0) {
                    throw new IllegalStateException("the schema template's log was not checkpointed: " + wal);
                }
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot build the schema template", e);
            }
        }
    }
}
