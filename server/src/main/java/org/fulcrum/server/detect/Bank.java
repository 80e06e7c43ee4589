package org.fulcrum.server.detect;

import java.time.Instant;
import java.util.Optional;
import org.fulcrum.server.notice.Reason;
import org.fulcrum.server.store.Columns;

/**
 * A hash bank as stored.
 *
 * @param id the bank id
 * @param name its unique name
 * @param description what it holds
 * @param kind block or allow
 * @param signal the media its hashes are taken from: image or video
 * @param policy for block banks, what a match leads to
 * @param reason for block banks, the reason a match stands for
 * @param legalGround the law a match breaks, if any
 * @param threshold PDQ match distance (for a video bank, of each frame)
 * @param videoShares for a video bank, the shares of frames a match must find each way
 * @param preserveDays legal hold length for {@code remove_preserve_report}
 * @param enabled whether it is matched
 * @param hashCount hashes it holds
 * @param hits matches recorded against it
 * @param lastHitAt when it last matched
 * @param version counts its changes (in-memory copies reload when it moves)
 * @param createdBy who created it
 * @param createdAt when
 * @param updatedAt last change
 */
public record Bank(
        String id,
        String name,
        String description,
        BankKind kind,
        BankSignal signal,
        Optional<MatchPolicy> policy,
        Optional<Reason> reason,
        Optional<String> legalGround,
        int threshold,
        VideoShares videoShares,
        int preserveDays,
        boolean enabled,
        long hashCount,
        long hits,
        Optional<Instant> lastHitAt,
        long version,
        String createdBy,
        Instant createdAt,
        Instant updatedAt) {
    static final String COLUMNS = """
            id, name, description, kind, signal, policy, reason, legal_ground, threshold, video_query_percent,
            video_banked_percent, preserve_days, enabled, hash_count, hits, last_hit_at, version, created_by, created_at,
            updated_at""";

    static Bank map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Bank(
                rs.getString("id"),
                rs.getString("name"),
                rs.getString("description"),
                BankKind.valueOf(rs.getString("kind")),
                BankSignal.valueOf(rs.getString("signal")),
                Optional.ofNullable(rs.getString("policy")).map(MatchPolicy::valueOf),
                Optional.ofNullable(rs.getString("reason")).map(Reason::valueOf),
                Optional.ofNullable(rs.getString("legal_ground")),
                rs.getInt("threshold"),
                new VideoShares(rs.getInt("video_query_percent"), rs.getInt("video_banked_percent")),
                rs.getInt("preserve_days"),
                rs.getInt("enabled") == 1,
                rs.getLong("hash_count"),
                rs.getLong("hits"),
                Columns.optionalInstant(rs, "last_hit_at"),
                rs.getLong("version"),
                rs.getString("created_by"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")));
    }
}
