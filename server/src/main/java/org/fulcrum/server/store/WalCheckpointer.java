package org.fulcrum.server.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies SQLite's write-ahead log back into the database file on a thread and connection of its
 * own, so that the single writer's commits only append to the log and fsync it. Left to SQLite,
 * the commit that takes the log past 1,000 pages also runs the checkpoint, on the writer: it
 * writes those pages into the database file and fsyncs it too, and every write unit queued behind
 * that commit waits for both. The writer's connection turns that off ({@code wal_autocheckpoint=0})
 * and this thread runs a passive checkpoint every {@link #PERIOD_MILLIS}: it copies what no reader
 * still needs without taking the write lock, so the writer never waits for it, and SQLite starts
 * the log from its beginning again once a checkpoint has copied all of it. Durability is the
 * commit's, unchanged: with {@code synchronous=FULL} a commit is acknowledged only after the log
 * holding it is on disk.
 */
final class WalCheckpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);
    static final long PERIOD_MILLIS = 100;

    private final DataSource connections;
    private final Thread thread;
    private final AtomicLong copied = new AtomicLong();
    private volatile boolean running = true;

    WalCheckpointer(DataSource connections) {
        this.connections = connections;
        this.thread =
                Thread.ofPlatform().name("fulcrum-wal-checkpoint").daemon(true).unstarted(this::loop);
        this.thread.start();
    }

    /**
     * The outcome of one passive checkpoint.
     *
     * @param busy whether a reader or writer kept it from copying everything
     * @param logPages pages in the log
     * @param copiedPages pages of the log now in the database file
     */
    record Result(boolean busy, long logPages, long copiedPages) {}

    /** Runs one passive checkpoint now. */
    Result checkpoint() throws SQLException {
        try (Connection c = connections.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            rs.next();
            Result r = new Result(rs.getInt(1) != 0, rs.getLong(2), rs.getLong(3));
            copied.addAndGet(Math.max(0, r.copiedPages()));
            return r;
        }
    }

    /** Pages copied from the log into the database file since the store opened. */
    long copiedPages() {
        return copied.get();
    }

    private void loop() {
        while (running) {
            try {
                TimeUnit.MILLISECONDS.sleep(PERIOD_MILLIS);
                checkpoint();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.warn("write-ahead log checkpoint failed; trying again", e);
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
