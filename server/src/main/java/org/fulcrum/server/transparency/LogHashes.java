package org.fulcrum.server.transparency;

import java.util.List;
import org.fulcrum.server.store.Database;
import org.fulcrum.tlog.merkle.HashReader;
import org.fulcrum.tlog.merkle.UpperTree;
import org.jdbi.v3.core.Handle;

/**
 * The log's stored hashes as proofs, tree heads, tiles and appends read them: the complete
 * subtrees at level 8 and above from memory ({@link UpperTree}, about 2.5 MB at 10 million
 * entries, loaded when the app starts), the lower levels from {@code log_hash}. An inclusion proof
 * then reads the few database pages around its leaf instead of one page per level.
 *
 * <p>Appends written by this node are added once their transaction has committed; those written by
 * other nodes of a cluster are picked up by the reads that need them.
 */
public final class LogHashes {
    private final UpperTree upper;

    private LogHashes(UpperTree upper) {
        this.upper = upper;
    }

    /** The upper levels of the log as stored in {@code db} now. */
    public static LogHashes load(Database db) {
        return new LogHashes(db.read(h -> {
            long size = h.createQuery("SELECT size FROM log_state WHERE id = 1")
                    .mapTo(Long.class)
                    .one();
            return UpperTree.load(UpperTree.DEFAULT_FLOOR, size, new SqlHashReader(h));
        }));
    }

    /**
     * A reader over {@code h}. It must not be used in a transaction after it has written hashes
     * (it would keep hashes that a rollback may undo); readers and the append path, which reads the
     * frontier before writing, are fine.
     */
    public HashReader reader(Handle h) {
        return upper.over(new SqlHashReader(h));
    }

    /** Records hashes written from stored index {@code first}, once their transaction has committed. */
    void committed(long first, List<byte[]> hashes) {
        upper.stored(first, hashes);
    }

    /** Bytes of hashes held in memory. */
    public long bytesHeld() {
        return upper.bytesHeld();
    }
}
