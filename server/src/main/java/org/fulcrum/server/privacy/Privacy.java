package org.fulcrum.server.privacy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.fulcrum.server.jobs.Job;
import org.fulcrum.server.platform.Enforcement;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.transparency.LogWriter;

/** The privacy capability's parts, built once by the composition root. */
public final class Privacy {
    private final RetentionSettings retention;
    private final Holds holds;
    private final PurgeJob purge;
    private final DataSubjectRequests requests;

    public Privacy(Path dataDir, Database db, Clock clock, Enforcement enforcement, LogWriter log, String node) {
        this.retention = new RetentionSettings(db, RetentionFile.load(dataDir));
        this.holds = new Holds(db, clock, enforcement);
        this.purge = new PurgeJob(db, clock, retention, log, node);
        this.requests = new DataSubjectRequests(db, clock, log);
        enforcement.listen(new HoldListener(clock));
    }

    public RetentionSettings retention() {
        return retention;
    }

    public Holds holds() {
        return holds;
    }

    public PurgeJob purge() {
        return purge;
    }

    public DataSubjectRequests requests() {
        return requests;
    }

    /** The background jobs of privacy: the purge. */
    public List<Job> jobs() {
        return List.of(purge.job());
    }
}
