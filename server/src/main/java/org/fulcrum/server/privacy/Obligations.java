package org.fulcrum.server.privacy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.fulcrum.server.store.Columns;
import org.jdbi.v3.core.Handle;

/**
 * What keeps an account from being erased now, in the order the data subject is told: a hold on
 * the account, a lawful request still being answered, a review still open, actions not yet
 * delivered, a report still owed to a hotline or authority.
 */
final class Obligations {
    private Obligations() {}

    static Optional<Refusal> first(Handle h, AccountScope scope, Instant now) {
        if (scope.accountHeld()) {
            return Optional.of(
                    gaggedHold(h, scope.account(), now) ? Refusal.legal_obligation : Refusal.account_under_hold);
        }
        Optional<Boolean> request = openRequest(h, scope, now);
        if (request.isPresent()) {
            return Optional.of(request.get() ? Refusal.legal_obligation : Refusal.pending_lawful_request);
        }
        if (any(h, scope.subjects(), "SELECT COUNT(*) FROM review_case WHERE status = 'open' AND subject_id IN (<s>)")
                || any(h, scope.subjects(), """
                        SELECT COUNT(*) FROM appeal p JOIN review_decision d ON d.id = p.decision_id
                        WHERE p.status = 'open' AND d.subject_id IN (<s>)""")
                || h.createQuery("SELECT COUNT(*) FROM appeal WHERE status = 'open' AND appellant_ref IN (:a, :u)")
                                .bind("a", scope.account())
                                .bind("u", scope.reporterKey())
                                .mapTo(Integer.class)
                                .one()
                        > 0) {
            return Optional.of(Refusal.pending_review);
        }
        if (any(h, scope.unheld(), "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND subject_id IN (<s>)")) {
            return Optional.of(Refusal.pending_delivery);
        }
        if (any(
                h,
                scope.subjects(),
                "SELECT COUNT(*) FROM safety_task WHERE status = 'open' AND subject_id IN (<s>)")) {
            return Optional.of(Refusal.reporting_obligation);
        }
        return Optional.empty();
    }

    /** Whether a running hold on the account comes from a request under a secrecy order. */
    private static boolean gaggedHold(Handle h, String account, Instant now) {
        return h.createQuery("""
                        SELECT COUNT(*) FROM legal_hold lh JOIN lawful_request r ON r.id = lh.source_ref
                        WHERE lh.subject_id = :a AND lh.released_at IS NULL AND lh.until_at > :now AND r.gag_until > :now""")
                        .bind("a", account)
                        .bind("now", now.toEpochMilli())
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    /** An open request concerning the account, if any: whether one of them is under a secrecy order. */
    private static Optional<Boolean> openRequest(Handle h, AccountScope scope, Instant now) {
        record Open(String id, Long gagUntil) {}
        record Mentioning(Open request, String body) {}
        List<Open> open = new java.util.ArrayList<>();
        for (List<String> chunk : LogLinks.chunks(scope.subjects())) {
            open.addAll(h.createQuery("""
                            SELECT r.id, r.gag_until FROM lawful_target t JOIN lawful_request r ON r.id = t.request_id
                            WHERE r.status NOT IN ('completed', 'refused', 'withdrawn') AND t.subject_id IN (<s>)""")
                    .bindList("s", chunk)
                    .map((rs, ctx) -> new Open(rs.getString("id"), Columns.nullableLong(rs, "gag_until")))
                    .list());
        }
        Mentions account = new Mentions(List.of(scope.account()));
        account
                .bind(h.createQuery("""
                        SELECT id, gag_until, body FROM lawful_request
                        WHERE status NOT IN ('completed', 'refused', 'withdrawn') AND """ + account.like("body")))
                .map((rs, ctx) -> new Mentioning(
                        new Open(rs.getString("id"), Columns.nullableLong(rs, "gag_until")), rs.getString("body")))
                .list()
                .stream()
                .filter(r -> account.in(r.body()))
                .forEach(r -> open.add(r.request()));
        if (open.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(open.stream().anyMatch(o -> o.gagUntil() != null && o.gagUntil() > now.toEpochMilli()));
    }

    private static boolean any(Handle h, java.util.Collection<String> subjects, String sql) {
        for (List<String> chunk : LogLinks.chunks(subjects)) {
            if (h.createQuery(sql).bindList("s", chunk).mapTo(Integer.class).one() > 0) {
                return true;
            }
        }
        return false;
    }
}
