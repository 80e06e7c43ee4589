package org.fulcrum.server.lawful;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.fulcrum.server.core.Json;
import org.jdbi.v3.core.Handle;

/**
 * A sender's reputation: how often it misused the channel. Only misuse counts — a request a
 * call-back showed to be forged, one a reviewer refused as invalid, one repeated after a refusal
 * with nothing new, one for a jurisdiction outside the agency's remit. A refusal by principle is an
 * answer, not misuse: asking for keys and being told no does not lower anyone's standing. A low
 * reputation may add a person's look at a request; it never changes what a principle decides.
 *
 * @param received requests received from the agency
 * @param forged requests whose call-back did not confirm them
 * @param invalid requests a reviewer refused (an invalid or forged order), other than failed call-backs
 * @param repeated requests refused by principle that repeated an earlier refused one with nothing new
 * @param outsideRemit requests for a jurisdiction the agency does not cover
 */
public record Reputation(int received, int forged, int invalid, int repeated, int outsideRemit) {
    /** Misuse that marks a sender low: any forgery, or three other counts of misuse. */
    static final int LOW_AT = 3;

    public int misuse() {
        return forged + invalid + repeated + outsideRemit;
    }

    public boolean low() {
        return forged > 0 || misuse() >= LOW_AT;
    }

    /** The share of requests that were not misuse, smoothed for small counts (1.0 with none). */
    public double score() {
        return (received - misuse() + 1.0) / (received + 1.0);
    }

    public static Reputation of(Handle h, String agencyId) {
        record Counts(int received, int forged, int outside) {
        }
        Counts c = h.createQuery("""
                        SELECT COUNT(*),
                               SUM(CASE WHEN verification = 'callback_failed' THEN 1 ELSE 0 END),
                               SUM(CASE WHEN ',' || flags || ',' LIKE :outside THEN 1 ELSE 0 END)
                        FROM lawful_request WHERE agency_id = :a""")
                .bind("a", agencyId).bind("outside", "%," + Anomalies.JURISDICTION_NOT_COVERED + ",%")
                .map((rs, ctx) -> new Counts(rs.getInt(1), rs.getInt(2), rs.getInt(3))).one();
        // Only refused requests are read one by one: they are few, and only they can be misuse by review
        // or by repetition.
        record Refused(String verification, String body, String refusedBy) {
        }
        List<Refused> refused = h.createQuery("""
                        SELECT r.verification, r.body,
                               (SELECT CASE WHEN d.principle IS NULL THEN 'reviewer' ELSE 'principle' END
                                FROM lawful_decision d WHERE d.request_id = r.id
                                ORDER BY d.decided_at DESC, d.id DESC LIMIT 1)
                        FROM lawful_request r WHERE r.agency_id = :a AND r.status = 'refused'
                        ORDER BY r.received_at, r.id""")
                .bind("a", agencyId)
                .map((rs, ctx) -> new Refused(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list();
        int invalid = 0;
        int repeated = 0;
        Set<String> refusedBefore = new HashSet<>();
        for (Refused r : refused) {
            if ("reviewer".equals(r.refusedBy()) && !r.verification().equals(Verification.callback_failed.name())) {
                invalid++;
            }
            if ("principle".equals(r.refusedBy()) && !refusedBefore.add(fingerprint(r.body()))) {
                repeated++;
            }
        }
        return new Reputation(c.received(), c.forged(), invalid, repeated, c.outside());
    }

    /** What a request asks, without its reference or dates: two requests alike in this bring nothing new. */
    static String fingerprint(String body) {
        Submission s;
        try {
            s = Json.mapper().readValue(body, Submission.class);
        } catch (Exception e) {
            return body;
        }
        return String.join("|", s.kind().name(), s.jurisdiction(), s.category().orElse(""), s.crime().orElse(""),
                String.join(",", new TreeSet<>(s.accounts())),
                String.join(",", new TreeSet<>(s.targets().stream().map(Submission.Target::locator).toList())),
                String.join(",", new TreeSet<>(s.dataCategories().stream().map(Enum::name).toList())),
                s.legalBasis().orElse(""));
    }
}
