package org.fulcrum.server.privacy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.jobs.Job;
import org.fulcrum.server.platform.Enforcement;
import org.fulcrum.server.review.MediaProxy;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.transparency.LogWriter;

/** The privacy capability's parts, built once by the composition root. */
public final class Privacy implements AutoCloseable {
    /** How often due media fetches run. */
    static final Duration MEDIA_EVERY = Duration.ofSeconds(5);

    private final RetentionSettings retention;
    private final Holds holds;
    private final PurgeJob purge;
    private final DataSubjectRequests requests;
    private final MediaEvidence media;

    /**
     * @param evidenceKey the key preserved media are sealed under
     * @param fetch fetches a media item from the platform's media origin (the console's media proxy)
     */
    public Privacy(
            Path dataDir,
            Database db,
            Clock clock,
            Json json,
            Enforcement enforcement,
            LogWriter log,
            String node,
            EvidenceKey evidenceKey,
            Function<String, MediaProxy.Fetched> fetch) {
        TableRegistry tables = TableRegistry.shipped();
        this.retention = new RetentionSettings(db, RetentionFile.load(dataDir));
        this.media = new MediaEvidence(db, clock, evidenceKey, fetch, node);
        this.holds = new Holds(db, clock, json, enforcement);
        this.purge = new PurgeJob(db, clock, retention, log, node, tables, json);
        this.requests = new DataSubjectRequests(db, clock, log, tables, json);
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

    /** Media preserved as evidence, and the fetches still to do. */
    public MediaEvidence media() {
        return media;
    }

    public void start() {
        media.start(MEDIA_EVERY);
    }

    @Override
    public void close() {
        media.close();
    }

    /** The background jobs of privacy: the purge. */
    public List<Job> jobs() {
        return List.of(purge.job());
    }
}
