package org.fulcrum.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.config.StoreSync;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database: SQLite in the data folder by default (WAL, synchronous=FULL), or PostgreSQL when a
 * JDBC URL is configured. Migrations run on open. Reads use a pool; writes go through the
 * {@link GroupCommitWriter}, so every acknowledged write has been committed durably.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final Dialect dialect;
    private final HikariDataSource readPool;
    private final HikariDataSource writePool;
    private final Jdbi readJdbi;
    private final GroupCommitWriter writer;
    private final HikariDataSource checkpointPool;
    private final WalCheckpointer checkpointer;
    private final Retries retries = new Retries();

    private Database(
            Dialect dialect,
            HikariDataSource readPool,
            HikariDataSource writePool,
            HikariDataSource checkpointPool,
            Clock clock) {
        this.dialect = dialect;
        this.checkpointPool = checkpointPool;
        this.checkpointer = checkpointPool == null ? null : new WalCheckpointer(checkpointPool);
        this.readPool = readPool;
        this.writePool = writePool;
        this.readJdbi = jdbi(readPool);
        Jdbi writeJdbi = jdbi(writePool);
        this.writer = new GroupCommitWriter(writeJdbi, clock, retries);
    }

    /** Jdbi over a pool, mapping instants from the epoch-millisecond columns they are stored in. */
    private static Jdbi jdbi(HikariDataSource pool) {
        return Jdbi.create(pool)
                .installPlugin(new SqlObjectPlugin())
                .registerColumnMapper(Instant.class, Columns.EPOCH_MILLIS);
    }

    /** Opens the configured database and brings its schema up to date. */
    public static Database open(Config config, Clock clock) {
        if (config.embedded()) {
            DataFolder.ensure(config.dataDir());
            // Owner-only before SQLite first opens them: it gives the WAL and shared-memory files the
            // database file's mode, and the pre-created ones are owner-only whatever the umask.
            Path file = config.dataDir().resolve("fulcrum.db");
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                DataFolder.ownerOnly(file.resolveSibling(file.getFileName() + suffix));
            }
            String url = "jdbc:sqlite:" + file;
            StoreSync sync = config.storeSync();
            if (sync != StoreSync.full) {
                LOG.warn(
                        "commits are synced to disk only at checkpoints (store.sync={}): an acknowledged write"
                                + " survives a crash of the process, not a power loss; for test and demonstration"
                                + " servers only",
                        sync);
            }
            HikariDataSource write = sqlitePool(url, 1, "fulcrum-sqlite-write", true, sync);
            migrate(write, Dialect.SQLITE, null);
            HikariDataSource read = sqlitePool(url, 4, "fulcrum-sqlite-read", false, sync);
            HikariDataSource checkpoint = sqlitePool(url, 1, "fulcrum-sqlite-checkpoint", false, sync);
            return new Database(Dialect.SQLITE, read, write, checkpoint, clock);
        }
        String url = config.databaseUrl().orElseThrow();
        String schema = config.databaseSchema();
        HikariDataSource write = postgresPool(config, url, schema, 2, "fulcrum-pg-write");
        migrate(write, Dialect.POSTGRES, schema);
        HikariDataSource read = postgresPool(config, url, schema, 8, "fulcrum-pg-read");
        return new Database(Dialect.POSTGRES, read, write, null, clock);
    }

    private static HikariDataSource sqlitePool(String url, int size, String name, boolean writes, StoreSync sync) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setPoolName(name);
        hc.setMaximumPoolSize(size);
        hc.setMinimumIdle(1);
        // Durability: every commit reaches the disk before it is acknowledged (unless store.sync says
        // otherwise, for a test or demonstration server).
        hc.addDataSourceProperty("journal_mode", "WAL");
        hc.addDataSourceProperty("synchronous", sync.pragma());
        hc.addDataSourceProperty("busy_timeout", "10000");
        hc.addDataSourceProperty("foreign_keys", "true");
        // Nothing reads generated keys; without this the driver runs a regex over every statement's SQL
        // and a "SELECT last_insert_rowid()" after every insert (a twelfth of the notice writer's time).
        hc.addDataSourceProperty("jdbc.get_generated_keys", "false");
        // Reads of the log's stored hashes are random: map the file and keep a larger page cache.
        hc.addDataSourceProperty("mmap_size", String.valueOf(1L << 30));
        hc.addDataSourceProperty("cache_size", "-65536");
        if (writes) {
            // The writer's commits only append to the log and fsync it: copying the log into the database
            // file (and that file's fsync) is left to the checkpoint thread, not done by the commit that
            // takes the log past 1,000 pages while write units queue behind it (WalCheckpointer).
            hc.addDataSourceProperty("wal_autocheckpoint", "0");
            // Every write unit runs in a savepoint, so SQLite keeps the original of each page a unit
            // changes in a statement journal, to roll the unit back alone. Kept in memory rather than
            // in a temporary file: in a notice load the file took about 18 KB of writes per notice, as
            // nine system calls, on the writer thread (it is never synced, so durability is the same).
            hc.addDataSourceProperty("temp_store", "MEMORY");
            // A write transaction takes the write lock when it begins, waiting for it up to the busy
            // timeout. A deferred one that read first fails at once (SQLITE_BUSY, no wait) when
            // another process, such as the CLI on a running node's folder, wrote in between. Read
            // transactions stay deferred: they must never hold the write lock.
            hc.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        }
        return new HikariDataSource(hc);
    }

    private static HikariDataSource postgresPool(Config config, String url, String schema, int size, String name) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        if (!config.databaseUser().isBlank()) {
            hc.setUsername(config.databaseUser());
        }
        if (!config.databasePassword().isBlank()) {
            hc.setPassword(config.databasePassword());
        }
        hc.setPoolName(name);
        hc.setMaximumPoolSize(size);
        hc.setConnectionTimeout(5_000);
        hc.setSchema(schema);
        hc.setConnectionInitSql("CREATE SCHEMA IF NOT EXISTS \"" + schema.replace("\"", "") + "\"");
        return new HikariDataSource(hc);
    }

    private static void migrate(HikariDataSource ds, Dialect dialect, String schema) {
        var flyway = Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration/common", "classpath:" + dialect.migrationFolder())
                .validateMigrationNaming(true)
                // Both dialects change their schema in transactions: the pending migrations are applied
                // whole or not at all, under one commit instead of one each.
                .group(true);
        if (schema != null) {
            flyway.schemas(schema).defaultSchema(schema);
        }
        flyway.load().migrate();
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Runs a read against committed state. */
    public <T> T read(HandleCallback<T, RuntimeException> callback) {
        return readJdbi.withHandle(callback);
    }

    /** Runs {@code work} in a write transaction; returns once it is durably committed. */
    public <T> T write(Tx.Work<T> work) {
        return writer.write(work);
    }

    /**
     * Runs {@code work} in a write transaction, and again when PostgreSQL rolls it back as the victim
     * of a deadlock or for a serialisation failure (another node's concurrent writes; see
     * {@link Retries}); returns once it is durably committed. For units that can meet other nodes'
     * writes to shared rows (lawful and notice intake, event ingestion). {@code work} must be
     * re-runnable: it changes nothing outside the transaction but through {@link Tx#afterCommit}
     * and {@link Tx#onRollback}.
     */
    public <T> T writeRetrying(Tx.Work<T> work) {
        return writer.writeRetrying(work);
    }

    /** What the single writer did since the store opened (group sizes, queue waits, commit times). */
    public WriterStats writerStats() {
        return writer.stats();
    }

    /** Write units waiting for a group commit now. */
    public int writerQueued() {
        return writer.queued();
    }

    /** The thread copying the write-ahead log into the database file (SQLite only). */
    WalCheckpointer checkpointer() {
        return checkpointer;
    }

    /** How many units were run again, by reason, since the store opened. */
    public Retries retries() {
        return retries;
    }

    /**
     * Runs {@code work} in a write transaction of its own, ahead of the units waiting for a group;
     * returns once it is durably committed. For short, frequent writes that must not wait behind
     * bulk work nor share its transaction (the outbox's claims and outcomes).
     */
    public <T> T writeAlone(Tx.Work<T> work) {
        return writer.writeAlone(work);
    }

    /** A handle for the rare read that needs one outside a callback (streaming exports). */
    public Handle openReadHandle() {
        return readJdbi.open();
    }

    /** True when the database answers a trivial query. */
    public boolean healthy() {
        try {
            return read(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        writer.close();
        if (checkpointer != null) {
            checkpointer.close();
            checkpointPool.close();
        }
        readPool.close();
        // The last connection to close copies what is left of the log into the database file.
        writePool.close();
    }
}
