package org.fulcrum.server.privacy;

import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.auth.Principal;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;
import org.fulcrum.server.web.Text;
import org.jdbi.v3.core.Handle;

/**
 * The retention rules in force: the retention file's periods, overridden by changes staff made in
 * the console or API (stored in the database, so every node of a cluster applies the same rules,
 * and audited with who and why).
 */
public final class RetentionSettings {
    private final Database db;
    private final RetentionFile file;

    public RetentionSettings(Database db, RetentionFile file) {
        this.db = db;
        this.file = file;
    }

    public RetentionFile file() {
        return file;
    }

    /** Every class's rule, in the order of {@link DataClass}. */
    public List<RetentionRule> rules() {
        return db.read(this::rules);
    }

    List<RetentionRule> rules(Handle h) {
        Map<DataClass, RetentionRule> changed = new EnumMap<>(DataClass.class);
        h.createQuery("SELECT data_class, period, reason, changed_by, changed_at FROM retention_setting")
                .map((rs, ctx) -> new RetentionRule(
                        DataClass.valueOf(rs.getString("data_class")),
                        Period.parse(rs.getString("period")),
                        RetentionRule.Source.staff,
                        Optional.of(rs.getString("changed_by")),
                        Optional.of(Instant.ofEpochMilli(rs.getLong("changed_at"))),
                        Optional.of(rs.getString("reason"))))
                .forEach(r -> changed.put(r.dataClass(), r));
        List<RetentionRule> rules = new ArrayList<>();
        for (DataClass c : DataClass.values()) {
            rules.add(changed.getOrDefault(
                    c,
                    new RetentionRule(
                            c,
                            file.periods().get(c),
                            RetentionRule.Source.file,
                            Optional.empty(),
                            Optional.empty(),
                            Optional.empty())));
        }
        return rules;
    }

    public RetentionRule rule(DataClass c) {
        return rules().get(c.ordinal());
    }

    /**
     * A change of one class's period.
     *
     * @param period the new period (ISO-8601), at least the class's floor
     * @param reason why it changes
     */
    public record Change(String period, String reason) {
        public Change {
            Retention.parse("period", period);
            if (reason == null || reason.isBlank()) {
                throw new InvalidInput("reason", "is required: say why the period changes");
            }
            reason = reason.strip();
            Check.text("reason", reason, 1000);
        }
    }

    /** Sets the period of {@code c}; refused below the class's floor. */
    public RetentionRule set(Principal.Staff staff, DataClass c, Change change) {
        Period p = Retention.parse("period", change.period());
        if (Retention.longer(c.floor(), p)) {
            throw new InvalidInput(
                    "period",
                    c.title() + " must be kept at least " + Text.period(c.floor()) + " (" + c.floor()
                            + "; an instrument requires it), not " + Text.period(p) + " (" + p + ")");
        }
        return db.write(tx -> set(tx, staff.actor(), c, p, change.reason()));
    }

    private RetentionRule set(Tx tx, String actor, DataClass c, Period p, String reason) {
        Period before = rules(tx.handle()).get(c.ordinal()).period();
        tx.handle()
                .createUpdate("DELETE FROM retention_setting WHERE data_class = :c")
                .bind("c", c.name())
                .execute();
        tx.handle()
                .createUpdate("""
                INSERT INTO retention_setting (data_class, period, reason, changed_by, changed_at)
                VALUES (:c, :p, :reason, :by, :at)""")
                .bind("c", c.name())
                .bind("p", p.toString())
                .bind("reason", reason)
                .bind("by", actor)
                .bind("at", tx.now().toEpochMilli())
                .execute();
        Audit.record(tx, actor, "retention.set", "retention:" + c.name(), reason, before + " -> " + p);
        return rules(tx.handle()).get(c.ordinal());
    }

    /** Goes back to the retention file's period for {@code c}. */
    public RetentionRule reset(Principal.Staff staff, DataClass c, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInput("reason", "is required: say why the period changes");
        }
        return db.write(tx -> {
            int n = tx.handle()
                    .createUpdate("DELETE FROM retention_setting WHERE data_class = :c")
                    .bind("c", c.name())
                    .execute();
            if (n > 0) {
                Audit.record(
                        tx,
                        staff.actor(),
                        "retention.reset",
                        "retention:" + c.name(),
                        reason.strip(),
                        "back to " + file.periods().get(c));
            }
            return rules(tx.handle()).get(c.ordinal());
        });
    }
}
