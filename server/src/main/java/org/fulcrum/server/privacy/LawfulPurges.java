package org.fulcrum.server.privacy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The purge of closed lawful requests ({@link DataClass#lawful_records}): a request closed at or
 * before the cutoff goes whole, children first, unless a hold it placed still runs; its log entries
 * stay. Its documents and disclosure packages go earlier, under classes of their own, on the same
 * condition ({@link #noRequestHold}).
 */
final class LawfulPurges {
    private LawfulPurges() {}

    /** The statements, per table: closed lawful requests go whole, children first; their log entries stay. */
    static Map<String, Purges.Step> steps() {
        Map<String, Purges.Step> steps = new HashMap<>();
        for (String table : List.of(
                "lawful_target",
                "user_notice",
                "lawful_clarification",
                "lawful_callback",
                "lawful_decision",
                "disclosure",
                "lawful_document")) {
            steps.put(table, r -> {
                // The disclosures are read before the first of them goes, for their approvals.
                disclosuresOf(r);
                return r.in("DELETE FROM " + table + " WHERE request_id IN (<ids>)", closedRequests(r));
            });
        }
        steps.put("lawful_approval", r -> {
            List<String> targets = new ArrayList<>();
            closedRequests(r).forEach(id -> targets.add("execution:" + id));
            disclosuresOf(r).forEach(id -> targets.add("disclosure:" + id));
            return r.in("DELETE FROM lawful_approval WHERE target IN (<ids>)", targets);
        });
        steps.put("lawful_request", r -> r.in("DELETE FROM lawful_request WHERE id IN (<ids>)", closedRequests(r)));
        return Map.copyOf(steps);
    }

    /** The batch's closed requests: closed at or before the cutoff, with no running hold from them. */
    private static List<String> closedRequests(PurgeRun r) {
        return r.shared(
                "requests",
                run -> run.h()
                        .createQuery("""
                        SELECT r.id FROM lawful_request r WHERE r.closed_at IS NOT NULL AND r.closed_at <= :cutoff
                          AND %s ORDER BY r.closed_at LIMIT :limit""".formatted(noRequestHold("r.id")))
                        .bind("cutoff", run.b().cutoffMillis())
                        .bind("now", run.b().nowMillis())
                        .bind("limit", run.b().limit())
                        .mapTo(String.class)
                        .list());
    }

    private static List<String> disclosuresOf(PurgeRun r) {
        List<String> requests = closedRequests(r);
        return r.shared("disclosures", run -> {
            List<String> ids = new ArrayList<>();
            for (List<String> chunk : LogLinks.chunks(requests)) {
                ids.addAll(run.h()
                        .createQuery("SELECT id FROM disclosure WHERE request_id IN (<ids>)")
                        .bindList("ids", chunk)
                        .mapTo(String.class)
                        .list());
            }
            return ids;
        });
    }

    /** No running hold was placed by the lawful request in {@code column}. */
    static String noRequestHold(String column) {
        return "NOT EXISTS (SELECT 1 FROM legal_hold rh WHERE rh.source_ref = " + column
                + " AND rh.released_at IS NULL AND rh.until_at > :now)";
    }
}
