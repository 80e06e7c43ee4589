package org.fulcrum.server.policy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.store.Columns;
import org.fulcrum.server.store.Tx;
import org.jdbi.v3.core.Handle;

/**
 * Reviewers' findings on subjects: whether a subject is political speech, peaceful protest or
 * journalism (or none of these), with who found it, when and why. The latest finding counts; the
 * history stays. Never inferred from keywords: only a person records one.
 */
public final class Findings {
    private Findings() {}

    /** A recorded finding. */
    public record Recorded(
            String id,
            String subjectId,
            Finding finding,
            String foundBy,
            Instant foundAt,
            String why,
            Optional<String> requestId) {}

    public static Recorded record(Tx tx, String subjectId, Finding finding, String by, String why, String requestId) {
        Check.id("subjectId", subjectId);
        if (why == null || why.isBlank()) {
            throw new FulcrumException.InvalidInput("why", "a finding needs the reviewer's reasons");
        }
        Check.text("why", why, 2000);
        String id = Ids.next("fd", tx.clock());
        tx.handle()
                .createUpdate("""
                INSERT INTO subject_finding (id, subject_id, finding, found_by, found_at, why, request_id)
                VALUES (:id, :s, :f, :by, :at, :why, :r)""")
                .bind("id", id)
                .bind("s", subjectId)
                .bind("f", finding.name())
                .bind("by", by)
                .bind("at", tx.now().toEpochMilli())
                .bind("why", why.strip())
                .bind("r", requestId)
                .execute();
        Audit.record(tx, by, "finding.record", "subject:" + subjectId, why.strip(), finding.name());
        return new Recorded(id, subjectId, finding, by, tx.now(), why.strip(), Optional.ofNullable(requestId));
    }

    public static Optional<Recorded> latest(Handle h, String subjectId) {
        return h.createQuery("""
                        SELECT id, subject_id, finding, found_by, found_at, why, request_id FROM subject_finding
                        WHERE subject_id = :s ORDER BY found_at DESC, id DESC LIMIT 1""").bind("s", subjectId).map((rs, ctx) -> map(rs)).findOne();
    }

    public static List<Recorded> history(Handle h, String subjectId) {
        return h.createQuery("""
                        SELECT id, subject_id, finding, found_by, found_at, why, request_id FROM subject_finding
                        WHERE subject_id = :s ORDER BY found_at DESC, id DESC""").bind("s", subjectId).map((rs, ctx) -> map(rs)).list();
    }

    private static Recorded map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Recorded(
                rs.getString("id"),
                rs.getString("subject_id"),
                Finding.valueOf(rs.getString("finding")),
                rs.getString("found_by"),
                Columns.instant(rs, "found_at"),
                rs.getString("why"),
                Columns.optionalString(rs, "request_id"));
    }
}
