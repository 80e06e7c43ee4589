package org.fulcrum.server;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import java.time.Clock;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.lawful.disclosure.AnswerKey;
import org.fulcrum.server.privacy.EvidenceKey;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Retries;
import org.fulcrum.server.transparency.LogKeys;
import org.fulcrum.server.web.Metrics;

/**
 * The store and the keys every node shares: the database (migrated on open) and the log, answer and
 * evidence keys, loaded before anything else runs so a node with the wrong keys writes nothing;
 * the count of write units run again after a rollback. Closing it closes the store, after every
 * other module closed.
 */
public final class StoreModule implements Module {
    private final Database db;
    private final LogKeys logKeys;
    private final AnswerKey answerKey;
    private final EvidenceKey evidenceKey;

    public StoreModule(Config config, Clock clock, Json json, Metrics metrics) {
        this.db = Database.open(config, clock);
        try {
            this.logKeys = LogKeys.forNode(
                    config.dataDir(), config.cluster().keyFiles().logKey(), config.logOrigin(), db, clock);
            this.answerKey = AnswerKey.forNode(
                    config.dataDir(), config.cluster().keyFiles().answerKey(), db, clock, json);
            this.evidenceKey = EvidenceKey.forNode(
                    config.dataDir(), config.cluster().keyFiles().evidenceKey(), db, clock);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        CounterWithCallback.builder()
                .name("fulcrum_store_retries")
                .help("Write units run again after PostgreSQL rolled them back, by reason (deadlock, serialization)")
                .labelNames("reason")
                .callback(cb -> {
                    for (Retries.Reason r : Retries.Reason.values()) {
                        cb.call(db.retries().count(r), r.name());
                    }
                })
                .register(metrics.registry());
        StoreMetrics.register(metrics.registry(), db);
    }

    public Database db() {
        return db;
    }

    /** The key checkpoints of the transparency log are signed with. */
    public LogKeys logKeys() {
        return logKeys;
    }

    /** The key lawful answers are signed with. */
    public AnswerKey answerKey() {
        return answerKey;
    }

    /** The key preserved evidence and sealed secrets are sealed under. */
    public EvidenceKey evidenceKey() {
        return evidenceKey;
    }

    @Override
    public void close() {
        db.close();
    }
}
