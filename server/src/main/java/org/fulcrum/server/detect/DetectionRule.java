package org.fulcrum.server.detect;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.notice.Reason;
import org.fulcrum.server.store.Columns;

/**
 * A text or URL rule as stored, with its hit count.
 *
 * @param id the rule id
 * @param name unique name
 * @param description what it catches
 * @param kind keywords, regex, domains or condition
 * @param patterns its terms, expressions or domains
 * @param condition its CEL condition, if any
 * @param policy what a match leads to
 * @param reason the reason a match stands for
 * @param legalGround the law a match breaks, if any
 * @param mode enforce or dry_run
 * @param enabled whether it runs
 * @param hits matches recorded, dry-run ones included
 * @param lastHitAt when it last matched
 * @param createdBy who created it
 * @param createdAt when
 * @param updatedAt last change
 */
public record DetectionRule(
        String id,
        String name,
        String description,
        RuleKind kind,
        List<String> patterns,
        Optional<String> condition,
        MatchPolicy policy,
        Reason reason,
        Optional<String> legalGround,
        RuleMode mode,
        boolean enabled,
        long hits,
        Optional<Instant> lastHitAt,
        String createdBy,
        Instant createdAt,
        Instant updatedAt) {
    static final String COLUMNS = """
            id, name, description, kind, patterns, condition, policy, reason, legal_ground, mode, enabled, hits,
            last_hit_at, created_by, created_at, updated_at""";

    public DetectionRule {
        patterns = List.copyOf(patterns);
    }

    /** The rule without its patterns, for lists. */
    public Summary summary() {
        return new Summary(id, name, kind, patterns.size(), policy, reason, mode, enabled, hits, lastHitAt, updatedAt);
    }

    /** A rule in a list: its patterns counted, not listed. */
    public record Summary(
            String id,
            String name,
            RuleKind kind,
            int patternCount,
            MatchPolicy policy,
            Reason reason,
            RuleMode mode,
            boolean enabled,
            long hits,
            Optional<Instant> lastHitAt,
            Instant updatedAt) {}

    static DetectionRule map(java.sql.ResultSet rs, Json json) throws java.sql.SQLException {
        List<String> patterns;
        try {
            patterns = List.of(json.read(rs.getString("patterns"), String[].class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored rule patterns are unreadable", e);
        }
        return new DetectionRule(
                rs.getString("id"),
                rs.getString("name"),
                rs.getString("description"),
                RuleKind.valueOf(rs.getString("kind")),
                patterns,
                Optional.ofNullable(rs.getString("condition")),
                MatchPolicy.valueOf(rs.getString("policy")),
                Reason.valueOf(rs.getString("reason")),
                Optional.ofNullable(rs.getString("legal_ground")),
                RuleMode.valueOf(rs.getString("mode")),
                rs.getInt("enabled") == 1,
                rs.getLong("hits"),
                Columns.optionalInstant(rs, "last_hit_at"),
                rs.getString("created_by"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")));
    }
}
