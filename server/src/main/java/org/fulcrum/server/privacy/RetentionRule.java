package org.fulcrum.server.privacy;

import java.time.Instant;
import java.time.Period;
import java.util.Objects;
import java.util.Optional;

/**
 * The retention rule in force for one class of data.
 *
 * @param dataClass the class
 * @param period how long its data is kept after its anchor
 * @param source where the period comes from: the retention file or a change made by staff
 * @param changedBy who set it, for a change made by staff
 * @param changedAt when it was set, for a change made by staff
 * @param reason why it was set, for a change made by staff
 */
public record RetentionRule(
        DataClass dataClass,
        Period period,
        Source source,
        Optional<String> changedBy,
        Optional<Instant> changedAt,
        Optional<String> reason) {
    /** Where a period comes from. */
    public enum Source {
        file,
        staff
    }

    public RetentionRule {
        Objects.requireNonNull(dataClass, "dataClass");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(source, "source");
        changedBy = changedBy == null ? Optional.empty() : changedBy;
        changedAt = changedAt == null ? Optional.empty() : changedAt;
        reason = reason == null ? Optional.empty() : reason;
    }

    /** The rule in words, as it is written into purge entries of the log. */
    public String describe() {
        return dataClass.name() + ": " + period + " " + dataClass.anchor();
    }

    public boolean isDefault() {
        return period.equals(dataClass.defaultPeriod());
    }
}
