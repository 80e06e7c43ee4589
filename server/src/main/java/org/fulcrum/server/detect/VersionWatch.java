package org.fulcrum.server.detect;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fulcrum.server.jobs.Job;
import org.fulcrum.server.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's banks and rules in step with changes made on other nodes: twice a second it
 * compares the stored versions with the loaded ones, and reloads what has been behind on two
 * polls in a row (one poll behind is usually a change of this node whose after-commit update is
 * about to land).
 */
final class VersionWatch {
    private static final Logger LOG = LoggerFactory.getLogger(VersionWatch.class);
    static final Duration PERIOD = Duration.ofMillis(400);

    private final Database db;
    private final BankIndex banks;
    private final RuleSet rules;
    private Set<String> staleBanks = Set.of();
    private boolean staleRules;

    VersionWatch(Database db, BankIndex banks, RuleSet rules) {
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
            long stored = db.read(h -> h.createQuery("SELECT version FROM detect_version WHERE name = 'rules'")
                    .mapTo(Long.class).one());
            boolean behind = stored > rules.version();
            if (behind && staleRules) {
                LOG.info("rules changed on another node; reloading them");
                rules.loadAll(db);
                behind = false;
            }
            staleRules = behind;

            List<Bank> all = db.read(h -> h.createQuery("SELECT " + Bank.COLUMNS + " FROM hash_bank")
                    .map((rs, ctx) -> Bank.map(rs)).list());
            Map<String, Long> loaded = banks.versions();
            Set<String> stale = new HashSet<>();
            Map<String, Bank> byId = new HashMap<>();
            for (Bank b : all) {
                byId.put(b.id(), b);
                Long have = loaded.get(b.id());
                if (have == null || have < b.version()) {
                    stale.add(b.id());
                }
            }
            for (String id : loaded.keySet()) {
                if (!byId.containsKey(id)) {
                    stale.add(id);
                }
            }
            for (String id : stale) {
                if (staleBanks.contains(id)) {
                    Bank b = byId.get(id);
                    if (b == null) {
                        banks.dropped(id);
                    } else {
                        LOG.atInfo().addKeyValue("bank", id).log("bank changed on another node; reloading it");
                        banks.reload(db, b);
                    }
                }
            }
            staleBanks = stale;
        } catch (RuntimeException e) {
            LOG.warn("could not compare detection versions with the store", e);
        }
    }
}
