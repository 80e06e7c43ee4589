package org.fulcrum.server.transparency;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.fulcrum.server.jobs.Job;
import org.fulcrum.server.jobs.Scheduler;
import org.fulcrum.server.store.Database;
import org.fulcrum.tlog.checkpoint.Checkpoint;
import org.fulcrum.tlog.checkpoint.SignedCheckpoint;
import org.fulcrum.tlog.merkle.StoredTree;

/**
 * Signs a checkpoint of the log whenever it has grown: woken by appends, and at least every
 * 500 ms, so a checkpoint follows any entry within a second. Also publishes the reveals of
 * secrecy orders that have expired. Checkpoints are kept, so any two can be proved consistent.
 *
 * <p>Signing is a singleton job, done by one node of a cluster at a time; every node follows the
 * stored checkpoints on the same period, so each serves the latest whichever node signed it.
 */
public final class Checkpointer {
    static final Duration PERIOD = Duration.ofMillis(500);
    /** The least time between two signing rounds, so a burst of appends is signed once. */
    private static final Duration MIN_INTERVAL = Duration.ofMillis(100);

    private final Database db;
    private final LogWriter writer;
    private final LogKeys keys;
    private final Clock clock;
    private volatile SignedCheckpoint latest;

    public Checkpointer(Database db, LogWriter writer, LogKeys keys, Clock clock) {
        this.db = db;
        this.writer = writer;
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * Adds the signing job (woken by every append) and the job that follows the checkpoints other
     * nodes sign.
     */
    public void schedule(Scheduler scheduler) {
        Scheduler.Scheduled signing = scheduler.add(
                Job.singleton("log.checkpoint", PERIOD, this::round).wakeGap(MIN_INTERVAL));
        writer.onAppend(signing::wake);
        scheduler.add(Job.perNode("log.checkpoint.follow", PERIOD, this::follow));
    }

    /** The latest signed checkpoint. */
    public SignedCheckpoint latest() {
        SignedCheckpoint l = latest;
        return l != null ? l : checkpoint();
    }

    private void round() {
        db.write(writer::revealDue);
        checkpoint();
    }

    /** Adopts the newest stored checkpoint when it is larger than the one held here. */
    private void follow() {
        SignedCheckpoint held = latest;
        long size = held == null ? -1 : held.checkpoint().size();
        db.read(h -> h.createQuery("SELECT note FROM log_checkpoint WHERE size > :s ORDER BY size DESC LIMIT 1")
                        .bind("s", size)
                        .mapTo(String.class)
                        .findOne())
                .map(note -> SignedCheckpoint.parse(note.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .ifPresent(this::adopt);
    }

    private synchronized void adopt(SignedCheckpoint stored) {
        if (latest == null || latest.checkpoint().size() < stored.checkpoint().size()) {
            latest = stored;
        }
    }

    /** Signs and stores a checkpoint for the current size if none exists yet; returns the latest. */
    public synchronized SignedCheckpoint checkpoint() {
        long size = db.read(h -> h.createQuery("SELECT size FROM log_state WHERE id = 1")
                .mapTo(Long.class)
                .one());
        if (latest != null && latest.checkpoint().size() == size) {
            return latest;
        }
        Optional<String> stored = db.read(h -> h.createQuery("SELECT note FROM log_checkpoint WHERE size = :s")
                .bind("s", size)
                .mapTo(String.class)
                .findOne());
        SignedCheckpoint signed;
        if (stored.isPresent()) {
            signed = SignedCheckpoint.parse(stored.get().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } else {
            byte[] root = db.read(h -> StoredTree.treeHash(size, writer.hashes().reader(h)));
            signed = SignedCheckpoint.sign(new Checkpoint(keys.origin(), size, root), keys.signer());
            SignedCheckpoint toStore = signed;
            db.write(tx -> tx.handle()
                    .createUpdate("""
                            INSERT INTO log_checkpoint (size, root, note, created_at) VALUES (:s, :r, :n, :at)
                            ON CONFLICT (size) DO NOTHING""")
                    .bind("s", size)
                    .bind("r", root)
                    .bind("n", toStore.format())
                    .bind("at", clock.millis())
                    .execute());
        }
        latest = signed;
        return signed;
    }

    /** The stored signed checkpoint of exactly {@code size}, if one was signed. */
    public Optional<SignedCheckpoint> at(long size) {
        return db.read(h -> h.createQuery("SELECT note FROM log_checkpoint WHERE size = :s")
                        .bind("s", size)
                        .mapTo(String.class)
                        .findOne())
                .map(note -> SignedCheckpoint.parse(note.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
