package org.fulcrum.server.transparency;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.fulcrum.server.store.Database;
import org.fulcrum.tlog.checkpoint.Checkpoint;
import org.fulcrum.tlog.checkpoint.SignedCheckpoint;
import org.fulcrum.tlog.merkle.StoredTree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs a checkpoint of the log whenever it has grown: woken by appends, and at least every
 * 500 ms, so a checkpoint follows any entry within a second. Also publishes the reveals of
 * secrecy orders that have expired. Checkpoints are kept, so any two can be proved consistent.
 */
public final class Checkpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);
    private static final long MIN_INTERVAL_MS = 100;

    private final Database db;
    private final LogWriter writer;
    private final LogKeys keys;
    private final Clock clock;
    private final Semaphore signal = new Semaphore(0);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile SignedCheckpoint latest;

    public Checkpointer(Database db, LogWriter writer, LogKeys keys, Clock clock) {
        this.db = db;
        this.writer = writer;
        this.keys = keys;
        this.clock = clock;
        writer.onAppend(signal::release);
        this.thread = Thread.ofVirtual().name("fulcrum-checkpointer").unstarted(this::loop);
    }

    public Checkpointer start() {
        checkpoint();
        thread.start();
        return this;
    }

    /** The latest signed checkpoint. */
    public SignedCheckpoint latest() {
        SignedCheckpoint l = latest;
        return l != null ? l : checkpoint();
    }

    private void loop() {
        while (running) {
            try {
                signal.tryAcquire(500, TimeUnit.MILLISECONDS);
                signal.drainPermits();
                if (!running) {
                    return;
                }
                db.write(writer::revealDue);
                checkpoint();
                Thread.sleep(MIN_INTERVAL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("checkpoint round failed", e);
            }
        }
    }

    /** Signs and stores a checkpoint for the current size if none exists yet; returns the latest. */
    public synchronized SignedCheckpoint checkpoint() {
        long size = db.read(h -> h.createQuery("SELECT size FROM log_state WHERE id = 1").mapTo(Long.class).one());
        if (latest != null && latest.checkpoint().size() == size) {
            return latest;
        }
        Optional<String> stored = db.read(h -> h.createQuery("SELECT note FROM log_checkpoint WHERE size = :s")
                .bind("s", size).mapTo(String.class).findOne());
        SignedCheckpoint signed;
        if (stored.isPresent()) {
            signed = SignedCheckpoint.parse(stored.get().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } else {
            byte[] root = db.read(h -> StoredTree.treeHash(size, new SqlHashReader(h)));
            signed = SignedCheckpoint.sign(new Checkpoint(keys.origin(), size, root), keys.signer());
            SignedCheckpoint toStore = signed;
            db.write(tx -> tx.handle().createUpdate("""
                            INSERT INTO log_checkpoint (size, root, note, created_at) VALUES (:s, :r, :n, :at)
                            ON CONFLICT (size) DO NOTHING""")
                    .bind("s", size).bind("r", root).bind("n", toStore.format()).bind("at", clock.millis()).execute());
        }
        latest = signed;
        return signed;
    }

    /** The stored signed checkpoint of exactly {@code size}, if one was signed. */
    public Optional<SignedCheckpoint> at(long size) {
        return db.read(h -> h.createQuery("SELECT note FROM log_checkpoint WHERE size = :s").bind("s", size)
                .mapTo(String.class).findOne())
                .map(note -> SignedCheckpoint.parse(note.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Override
    public void close() {
        running = false;
        signal.release();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
