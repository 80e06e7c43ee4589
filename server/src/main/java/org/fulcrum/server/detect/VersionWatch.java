package org.fulcrum.server.detect;

import java.time.Duration;
import org.fulcrum.server.jobs.Job;
import org.fulcrum.server.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's banks and rules in step with changes made on other nodes, four times a second.
 * Banks follow the change sequence as deltas ({@link BankFeed}), so a hash added on one node is in
 * effect on every node within one period and a read. Rules compare the stored version with the
 * loaded one and reload what has been behind on two polls in a row (one poll behind is usually a
 * change of this node whose after-commit update is about to land).
 */
final class VersionWatch {
    private static final Logger LOG = LoggerFactory.getLogger(VersionWatch.class);
    static final Duration PERIOD = Duration.ofMillis(250);

    private final Database db;
    private final BankFeed banks;
    private final RuleSet rules;
    private boolean staleRules;

    VersionWatch(Database db, BankFeed banks, RuleSet rules) {
        this.db = db;
        this.banks = banks;
        this.rules = rules;
    }

    /** The poll as a job every node runs, on its own loaded banks and rules. */
    Job job() {
        return Job.perNode("detect.versions", PERIOD, this::poll);
    }

    void poll() {
        try {
            banks.poll();
        } catch (RuntimeException e) {
            LOG.warn("could not read the bank changes from the store", e);
        }
        try {
            long stored = db.read(h -> h.createQuery("SELECT version FROM detect_version WHERE name = 'rules'")
                    .mapTo(Long.class)
                    .one());
            boolean behind = stored > rules.version();
            if (behind && staleRules) {
                LOG.info("rules changed on another node; reloading them");
                rules.loadAll(db);
                behind = false;
            }
            staleRules = behind;
        } catch (RuntimeException e) {
            LOG.warn("could not compare detection versions with the store", e);
        }
    }
}
