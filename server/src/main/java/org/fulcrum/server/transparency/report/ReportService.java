package org.fulcrum.server.transparency.report;

import java.util.List;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.transparency.Checkpointer;
import org.fulcrum.tlog.checkpoint.Checkpoint;

/**
 * Keeps the published report current: feeds the log's new entries, up to the latest signed
 * checkpoint, into one incremental {@link ReportEngine}, so each entry is read once however often
 * the report is asked for.
 */
public final class ReportService {
    private static final int CHUNK = 10_000;

    private final Database db;
    private final Checkpointer checkpointer;
    private final ReportEngine engine = new ReportEngine();
    private long fed;
    private TransparencyReport latest;

    public ReportService(Database db, Checkpointer checkpointer) {
        this.db = db;
        this.checkpointer = checkpointer;
    }

    /** The report at the latest checkpoint. */
    public synchronized TransparencyReport current() {
        Checkpoint cp = checkpointer.latest().checkpoint();
        if (latest != null && latest.logSize() == cp.size()) {
            return latest;
        }
        while (fed < cp.size()) {
            long from = fed;
            long to = Math.min(cp.size(), from + CHUNK);
            List<byte[]> data =
                    db.read(h -> h.createQuery("SELECT data FROM log_entry WHERE idx >= :a AND idx < :b ORDER BY idx")
                            .bind("a", from)
                            .bind("b", to)
                            .mapTo(byte[].class)
                            .list());
            for (byte[] d : data) {
                engine.add(fed++, d);
            }
        }
        latest = engine.build(cp.size(), cp.rootHash());
        return latest;
    }
}
