package org.fulcrum.server.privacy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * What keeps an account from being erased now, in the order the data subject is told: a hold on
 * the account, a lawful request still being answered, a review still open, actions not yet
 * delivered, a report still owed to a hotline or authority.
 */
final class Obligations {
    private Obligations() {
    }

    static Optional<Refusal> first(Handle h, AccountScope scope, Instant now) {
        if (scope.accountHeld()) {
            return Optional.of(Refusal.account_under_hold);
        }
        if (openRequest(h, scope)) {
            return Optional.of(Refusal.pending_lawful_request);
        }
        if (any(h, scope.subjects(), "SELECT COUNT(*) FROM review_case WHERE status = 'open' AND subject_id IN (<s>)")
                || any(h, scope.subjects(), """
                        SELECT COUNT(*) FROM appeal p JOIN review_decision d ON d.id = p.decision_id
                        WHERE p.status = 'open' AND d.subject_id IN (<s>)""")
                || h.createQuery("SELECT COUNT(*) FROM appeal WHERE status = 'open' AND appellant_ref IN (:a, :u)")
                .bind("a", scope.account()).bind("u", scope.reporterKey()).mapTo(Integer.class).one() > 0) {
            return Optional.of(Refusal.pending_review);
        }
        if (any(h, scope.unheld(), "SELECT COUNT(*) FROM outbox WHERE delivered_at IS NULL AND subject_id IN (<s>)")) {
            return Optional.of(Refusal.pending_delivery);
        }
        if (any(h, scope.subjects(), "SELECT COUNT(*) FROM safety_task WHERE status = 'open' AND subject_id IN (<s>)")) {
            return Optional.of(Refusal.reporting_obligation);
        }
        return Optional.empty();
    }

    private static boolean openRequest(Handle h, AccountScope scope) {
        if (any(h, scope.subjects(), """
                SELECT COUNT(*) FROM lawful_target t JOIN lawful_request r ON r.id = t.request_id
                WHERE r.status NOT IN ('completed', 'refused') AND t.subject_id IN (<s>)""")) {
            return true;
        }
        Mentions account = new Mentions(List.of(scope.account()));
        return account.bind(h.createQuery("""
                        SELECT body FROM lawful_request WHERE status NOT IN ('completed', 'refused') AND """
                        + account.like("body")))
                .mapTo(String.class).list().stream().anyMatch(account::in);
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
