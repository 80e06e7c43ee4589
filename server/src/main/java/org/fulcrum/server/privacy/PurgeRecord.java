package org.fulcrum.server.privacy;

import java.time.Instant;
import java.util.Map;

/**
 * One purged batch: the class, the rule it was purged under, how many rows each table lost, and the
 * index of the purge entry in the transparency log.
 *
 * @param id the record's id
 * @param runId the run it belongs to
 * @param dataClass the class purged
 * @param rule the rule, in words
 * @param purged rows purged in all
 * @param stores rows purged per table
 * @param cutoff anchors at or before this were due
 * @param logIndex the purge entry's index in the log
 * @param at when
 */
public record PurgeRecord(
        String id,
        String runId,
        DataClass dataClass,
        String rule,
        long purged,
        Map<String, Integer> stores,
        Instant cutoff,
        long logIndex,
        Instant at) {
    public PurgeRecord {
        stores = Map.copyOf(stores);
    }
}
