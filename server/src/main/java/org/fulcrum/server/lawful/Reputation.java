package org.fulcrum.server.lawful;

import org.jdbi.v3.core.Handle;

/**
 * A sender's reputation: how its requests ended. The score is the share of decided requests that
 * were well founded (complied with, fully or in part), smoothed for small counts; a request that a
 * call-back showed to be forged weighs it down for good.
 *
 * @param received requests received from the agency
 * @param decided requests closed (completed or refused)
 * @param complied requests complied with, fully or in part
 * @param refused requests refused
 * @param forged requests whose call-back did not confirm them
 */
public record Reputation(int received, int decided, int complied, int refused, int forged) {
    public double score() {
        double base = (complied + 1.0) / (decided + 2.0);
        return forged > 0 ? base / (1 + 2.0 * forged) : base;
    }

    public static Reputation of(Handle h, String agencyId) {
        return h.createQuery("""
                        SELECT COUNT(*),
                               SUM(CASE WHEN status IN ('completed', 'refused') THEN 1 ELSE 0 END),
                               SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END),
                               SUM(CASE WHEN status = 'refused' THEN 1 ELSE 0 END),
                               SUM(CASE WHEN verification = 'callback_failed' THEN 1 ELSE 0 END)
                        FROM lawful_request WHERE agency_id = :a""")
                .bind("a", agencyId)
                .map((rs, ctx) -> new Reputation(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5)))
                .one();
    }
}
