package org.fulcrum.server.detect;

import java.util.ArrayList;
import java.util.List;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enabled rules, compiled, as one immutable list swapped on change: scanning threads read it
 * without locks. Changes on this node are applied after their commit; a change on another node
 * moves the stored rules version and the whole set is reloaded.
 */
public final class RuleSet {
    private static final Logger LOG = LoggerFactory.getLogger(RuleSet.class);

    private final Json json;
    private volatile List<CompiledRule> rules = List.of();
    private volatile long version;

    public RuleSet(Json json) {
        this.json = json;
    }

    List<CompiledRule> rules() {
        return rules;
    }

    long version() {
        return version;
    }

    /** Loads and compiles every enabled rule. A stored rule that no longer compiles is skipped and logged. */
    public void loadAll(Database db) {
        long v = db.read(h -> h.createQuery("SELECT version FROM detect_version WHERE name = 'rules'")
                .mapTo(Long.class)
                .one());
        List<DetectionRule> stored = db.read(h -> h.createQuery(
                        "SELECT " + DetectionRule.COLUMNS + " FROM detect_rule WHERE enabled = 1 ORDER BY id")
                .map((rs, ctx) -> DetectionRule.map(rs, json))
                .list());
        List<CompiledRule> compiled = new ArrayList<>(stored.size());
        for (DetectionRule r : stored) {
            try {
                compiled.add(CompiledRule.compile(r));
            } catch (RuntimeException e) {
                LOG.atWarn()
                        .addKeyValue("rule", r.id())
                        .log("stored rule does not compile; skipped: " + e.getMessage());
            }
        }
        synchronized (this) {
            rules = List.copyOf(compiled);
            version = v;
        }
    }

    /** Puts a changed rule in place (or takes it out if disabled), after its commit at {@code v}. */
    synchronized void put(CompiledRule rule, long v) {
        List<CompiledRule> next = new ArrayList<>(rules.size() + 1);
        for (CompiledRule r : rules) {
            if (!r.rule().id().equals(rule.rule().id())) {
                next.add(r);
            }
        }
        if (rule.rule().enabled()) {
            next.add(rule);
        }
        rules = List.copyOf(next);
        version = Math.max(version, v);
    }

    synchronized void remove(String ruleId, long v) {
        rules = rules.stream().filter(r -> !r.rule().id().equals(ruleId)).toList();
        version = Math.max(version, v);
    }
}
