package org.fulcrum.server;

import java.time.Clock;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.lawful.disclosure.AnswerKey;
import org.fulcrum.server.privacy.EvidenceKey;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.transparency.LogKeys;

/**
 * The store and the keys every node shares: the database (migrated on open) and the log, answer and
 * evidence keys, loaded before anything else runs so a node with the wrong keys writes nothing.
 * Closing it closes the store, after every other module closed.
 */
public final class StoreModule implements Module {
    private final Database db;
    private final LogKeys logKeys;
    private final AnswerKey answerKey;
    private final EvidenceKey evidenceKey;

    public StoreModule(Config config, Clock clock) {
        this.db = Database.open(config, clock);
        try {
            this.logKeys = LogKeys.forNode(
                    config.dataDir(), config.cluster().keyFiles().logKey(), config.logOrigin(), db, clock);
            this.answerKey = AnswerKey.forNode(
                    config.dataDir(), config.cluster().keyFiles().answerKey(), db, clock);
            this.evidenceKey = EvidenceKey.forNode(
                    config.dataDir(), config.cluster().keyFiles().evidenceKey(), db, clock);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
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
