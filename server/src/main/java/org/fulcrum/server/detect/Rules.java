package org.fulcrum.server.detect;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;
import org.jdbi.v3.core.Handle;

/**
 * Text and URL rules: create, change, delete. A rule is compiled before anything is written, so a
 * pattern or condition that does not compile is refused and changes nothing. Every change is
 * audited and moves the rules version; the {@link RuleSet} follows after the commit.
 */
public final class Rules {
    private final Database db;
    private final Clock clock;
    private final RuleSet set;
    private final Json json;

    public Rules(Database db, Clock clock, RuleSet set, Json json) {
        this.db = db;
        this.clock = clock;
        this.set = set;
        this.json = json;
    }

    public List<DetectionRule> list() {
        return db.read(h -> h.createQuery("SELECT " + DetectionRule.COLUMNS + " FROM detect_rule ORDER BY name")
                .map((rs, ctx) -> DetectionRule.map(rs, json))
                .list());
    }

    public DetectionRule find(String id) {
        return db.read(h -> find(h, id)).orElseThrow(() -> new FulcrumException.NotFound("rule " + id));
    }

    Optional<DetectionRule> find(Handle h, String id) {
        return h.createQuery("SELECT " + DetectionRule.COLUMNS + " FROM detect_rule WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> DetectionRule.map(rs, json))
                .findOne();
    }

    public DetectionRule create(String actor, RuleSpec spec) {
        CompiledRule.check(spec);
        String id = Ids.next("rule", clock);
        return Applied.write(db, tx -> {
            unique(tx, spec.name(), "");
            long now = tx.now().toEpochMilli();
            tx.handle()
                    .createUpdate("""
                    INSERT INTO detect_rule (id, name, description, kind, patterns, condition, policy, reason,
                                             legal_ground, mode, enabled, created_by, created_at, updated_at)
                    VALUES (:id, :name, :description, :kind, :patterns, :condition, :policy, :reason, :legal, :mode,
                            :enabled, :by, :now, :now)""")
                    .bind("id", id)
                    .bind("by", actor)
                    .bind("now", now)
                    .bindMap(columns(spec))
                    .execute();
            return changed(tx, actor, "rule.create", id, "");
        });
    }

    public DetectionRule update(String actor, String id, RuleSpec spec) {
        CompiledRule.check(spec);
        return Applied.write(db, tx -> {
            DetectionRule before = find(tx.handle(), id).orElseThrow(() -> new FulcrumException.NotFound("rule " + id));
            unique(tx, spec.name(), id);
            tx.handle()
                    .createUpdate("""
                    UPDATE detect_rule SET name = :name, description = :description, kind = :kind, patterns = :patterns,
                           condition = :condition, policy = :policy, reason = :reason, legal_ground = :legal,
                           mode = :mode, enabled = :enabled, updated_at = :now
                    WHERE id = :id""")
                    .bind("id", id)
                    .bind("now", tx.now().toEpochMilli())
                    .bindMap(columns(spec))
                    .execute();
            return changed(tx, actor, "rule.update", id, describe(before) + " -> ");
        });
    }

    public void delete(String actor, String id, String reason) {
        Applied.write(db, tx -> {
            DetectionRule rule = find(tx.handle(), id).orElseThrow(() -> new FulcrumException.NotFound("rule " + id));
            tx.handle()
                    .createUpdate("DELETE FROM detect_rule WHERE id = :id")
                    .bind("id", id)
                    .execute();
            long v = bumpVersion(tx);
            Audit.record(tx, actor, "rule.delete", "rule:" + id, reason, describe(rule));
            tx.afterCommit(() -> set.remove(id, v));
            return null;
        });
    }

    private DetectionRule changed(Tx tx, String actor, String action, String id, String before) {
        DetectionRule after = find(tx.handle(), id).orElseThrow();
        long v = bumpVersion(tx);
        Audit.record(tx, actor, action, "rule:" + id, null, before + describe(after));
        CompiledRule compiled = CompiledRule.compile(after);
        tx.afterCommit(() -> set.put(compiled, v));
        return after;
    }

    private static long bumpVersion(Tx tx) {
        tx.handle()
                .createUpdate("UPDATE detect_version SET version = version + 1 WHERE name = 'rules'")
                .execute();
        return tx.handle()
                .createQuery("SELECT version FROM detect_version WHERE name = 'rules'")
                .mapTo(Long.class)
                .one();
    }

    private static void unique(Tx tx, String name, String except) {
        boolean taken = tx.handle()
                        .createQuery("SELECT COUNT(*) FROM detect_rule WHERE name = :n AND id <> :id")
                        .bind("n", name)
                        .bind("id", except)
                        .mapTo(Integer.class)
                        .one()
                > 0;
        if (taken) {
            throw new FulcrumException.Conflict("a rule named '" + name + "' already exists");
        }
    }

    private Map<String, Object> columns(RuleSpec s) {
        Map<String, Object> m = new HashMap<>();
        m.put("name", s.name());
        m.put("description", s.description().orElse(""));
        m.put("kind", s.kind().name());
        m.put("patterns", json.write(s.patternList()));
        m.put("condition", s.condition().orElse(null));
        m.put("policy", s.policy().name());
        m.put("reason", s.reason().name());
        m.put("legal", s.legalGround().orElse(null));
        m.put("mode", s.modeOrDefault().name());
        m.put("enabled", s.enabled().orElse(true) ? 1 : 0);
        return m;
    }

    private static String describe(DetectionRule r) {
        return r.name() + " (" + r.kind() + ", " + r.patterns().size() + " patterns"
                + r.condition()
                        .map(c -> ", if " + (c.length() > 80 ? c.substring(0, 80) + "…" : c))
                        .orElse("")
                + ", " + r.policy() + ", " + r.reason() + ", " + r.mode() + (r.enabled() ? ", enabled" : ", disabled")
                + ")";
    }
}
