package org.fulcrum.server.privacy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What the privacy API answers, as records, so the OpenAPI document describes them. */
public final class Views {
    private Views() {}

    /**
     * A retention rule with its class's description.
     *
     * @param dataClass the class's key
     * @param title its name
     * @param holds what it holds
     * @param anchor from when its period runs, and what else keeps its data
     * @param period the period in force (ISO-8601)
     * @param defaultPeriod the shipped default
     * @param floor the shortest period allowed
     * @param source file or staff
     * @param changedBy who set it, when staff did
     * @param changedAt when
     * @param reason why
     */
    public record Rule(
            String dataClass,
            String title,
            String holds,
            String anchor,
            String period,
            String defaultPeriod,
            String floor,
            String source,
            Optional<String> changedBy,
            Optional<Instant> changedAt,
            Optional<String> reason) {
        static Rule of(RetentionRule r) {
            DataClass c = r.dataClass();
            return new Rule(
                    c.name(),
                    c.title(),
                    c.holds(),
                    c.anchor(),
                    r.period().toString(),
                    c.defaultPeriod().toString(),
                    c.floor().toString(),
                    r.source().name(),
                    r.changedBy(),
                    r.changedAt(),
                    r.reason());
        }
    }

    /** Every retention rule. */
    public record Rules(List<Rule> rules) {}

    /** Recent purge runs and the batches they purged. */
    public record Purges(List<PurgeJob.Run> runs, List<PurgeRecord> batches) {}

    /** What one purge run just purged. */
    public record PurgeResult(long purged, List<PurgeRecord> batches) {}

    /**
     * A hold with its state and what it preserved.
     *
     * @param hold the hold
     * @param status active, released or expired
     * @param preserved items captured, by source
     */
    public record HoldView(Hold hold, String status, List<Holds.Preserved> preserved) {}

    /** Holds, newest first. */
    public record HoldList(List<HoldView> holds) {}

    /** Data subject requests, newest first. */
    public record RequestList(List<DataSubjectRequests.DsrRecord> requests) {}
}
