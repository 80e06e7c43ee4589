package org.fulcrum.server.lawful.registry;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.lawful.request.ContentOrder;
import org.fulcrum.server.lawful.request.DataAsked;
import org.fulcrum.server.lawful.request.DataRequest;
import org.fulcrum.server.lawful.request.EmergencyRequest;
import org.fulcrum.server.lawful.request.Submission;
import org.fulcrum.server.lawful.request.Verification;
import org.fulcrum.server.lawful.signature.SignatureRejected;
import org.jdbi.v3.core.Handle;

/**
 * A sender's reputation: how often it misused the channel. Only misuse counts — a request a
 * call-back showed to be forged, one a reviewer refused as invalid, one repeated after a refusal
 * with nothing new, and, from the durable rejection records, a request refused before it was stored
 * because its signature did not verify, was malformed, was made for another deployment, or claimed a
 * jurisdiction outside the agency's remit. A refusal by principle is an answer, not misuse: asking
 * for keys and being told no does not lower anyone's standing. A low reputation may add a person's
 * look at a request; it never changes what a principle decides.
 *
 * @param received requests received from the agency
 * @param forged requests whose call-back did not confirm them
 * @param invalid requests a reviewer refused (an invalid or forged order), other than failed call-backs
 * @param repeated requests refused by principle that repeated an earlier refused one with nothing new
 * @param outsideRemit requests rejected for a jurisdiction the agency does not cover
 * @param badSignatures requests rejected because their signature or content digest did not verify
 * @param malformed requests rejected because their signature headers were malformed or incomplete
 * @param wrongTarget requests rejected because they were signed for another deployment
 */
public record Reputation(
        int received,
        int forged,
        int invalid,
        int repeated,
        int outsideRemit,
        int badSignatures,
        int malformed,
        int wrongTarget) {
    /** Misuse that marks a sender low: any forgery, or three other counts of misuse. */
    static final int LOW_AT = 3;

    public int misuse() {
        return forged + invalid + repeated + rejected();
    }

    /** Misuse refused before it was stored, from the rejection records. */
    public int rejected() {
        return outsideRemit + badSignatures + malformed + wrongTarget;
    }

    public boolean low() {
        return forged > 0 || misuse() >= LOW_AT;
    }

    /** The share of attempts that were not misuse, smoothed for small counts (1.0 with none). */
    public double score() {
        int attempts = received + rejected();
        return (attempts - misuse() + 1.0) / (attempts + 1.0);
    }

    /** What a rejection reason says of the sender: misuse of one kind, or nothing it can be blamed for. */
    private enum Misuse {
        BAD_SIGNATURE,
        MALFORMED,
        WRONG_TARGET,
        OUTSIDE_REMIT,
        NONE
    }

    private static Misuse misuse(SignatureRejected.Reason reason) {
        return switch (reason) {
            case BAD_SIGNATURE, DIGEST_MISMATCH -> Misuse.BAD_SIGNATURE;
            case MALFORMED, INCOMPLETE -> Misuse.MALFORMED;
            case WRONG_TARGET -> Misuse.WRONG_TARGET;
            case JURISDICTION_NOT_COVERED -> Misuse.OUTSIDE_REMIT;
            // Not the sender's fault, or not attributable: an unsigned request names no key, clocks drift,
            // a retry replays a nonce, and a revoked key or an inactive officer is the registry's decision.
            case MISSING, UNKNOWN_KEY, REVOKED_KEY, EXPIRED, FROM_THE_FUTURE, REPLAYED, OFFICER_INACTIVE -> Misuse.NONE;
        };
    }

    /** The standing of {@code agencyId}, the bodies of its refused requests read with {@code json}. */
    public static Reputation of(Handle h, String agencyId, Json json) {
        record Counts(int received, int forged) {}
        Counts c = h.createQuery("""
                        SELECT COUNT(*) AS received,
                               SUM(CASE WHEN verification = 'callback_failed' THEN 1 ELSE 0 END) AS forged
                        FROM lawful_request WHERE agency_id = :a""")
                .bind("a", agencyId)
                .map((rs, ctx) -> new Counts(rs.getInt("received"), rs.getInt("forged")))
                .one();
        Map<Misuse, Integer> rejected = new EnumMap<>(Misuse.class);
        h.createQuery("SELECT reason, COUNT(*) AS n FROM lawful_rejection WHERE agency_id = :a GROUP BY reason")
                .bind("a", agencyId)
                .map((rs, ctx) -> Map.entry(rs.getString("reason"), rs.getInt("n")))
                .forEach(e -> SignatureRejected.Reason.ofSlug(e.getKey())
                        .ifPresent(r -> rejected.merge(misuse(r), e.getValue(), Integer::sum)));
        // Only refused requests are read one by one: they are few, and only they can be misuse by review
        // or by repetition.
        record Refused(String verification, String body, String refusedBy) {}
        List<Refused> refused = h.createQuery("""
                        SELECT r.verification, r.body,
                               (SELECT CASE WHEN d.principle IS NULL THEN 'reviewer' ELSE 'principle' END
                                FROM lawful_decision d WHERE d.request_id = r.id
                                ORDER BY d.decided_at DESC, d.id DESC LIMIT 1) AS refused_by
                        FROM lawful_request r WHERE r.agency_id = :a AND r.status = 'refused'
                        ORDER BY r.received_at, r.id""")
                .bind("a", agencyId)
                .map((rs, ctx) ->
                        new Refused(rs.getString("verification"), rs.getString("body"), rs.getString("refused_by")))
                .list();
        int invalid = 0;
        int repeated = 0;
        Set<String> refusedBefore = new HashSet<>();
        for (Refused r : refused) {
            if ("reviewer".equals(r.refusedBy()) && !r.verification().equals(Verification.callback_failed.name())) {
                invalid++;
            }
            if ("principle".equals(r.refusedBy()) && !refusedBefore.add(fingerprint(r.body(), json))) {
                repeated++;
            }
        }
        return new Reputation(
                c.received(),
                c.forged(),
                invalid,
                repeated,
                rejected.getOrDefault(Misuse.OUTSIDE_REMIT, 0),
                rejected.getOrDefault(Misuse.BAD_SIGNATURE, 0),
                rejected.getOrDefault(Misuse.MALFORMED, 0),
                rejected.getOrDefault(Misuse.WRONG_TARGET, 0));
    }

    /** What a request asks, without its reference or dates: two requests alike in this bring nothing new. */
    static String fingerprint(String body, Json json) {
        Submission s;
        try {
            s = Submission.stored(json.read(body, Submission.Wire.class));
        } catch (Exception e) {
            return body;
        }
        return String.join(
                "|",
                s.kind().name(),
                s.jurisdiction(),
                switch (s) {
                    case ContentOrder c -> c.category().orElse("");
                    case DataRequest d -> d.data().crime().orElse("");
                    case EmergencyRequest e -> e.data().crime().orElse("");
                },
                String.join(",", new TreeSet<>(s.accounts())),
                String.join(
                        ",",
                        new TreeSet<>(s.targets().stream()
                                .map(Submission.Target::locator)
                                .toList())),
                String.join(
                        ",",
                        new TreeSet<>(s.askedData().map(DataAsked::categories).orElse(List.of()).stream()
                                .map(Enum::name)
                                .toList())),
                s.grounds().legalBasis().orElse(""));
    }
}
