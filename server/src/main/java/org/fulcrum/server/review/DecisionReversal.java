package org.fulcrum.server.review;

import java.util.Optional;
import org.fulcrum.server.platform.Enforcement;
import org.fulcrum.server.store.Tx;
import org.jdbi.v3.core.Handle;

/**
 * Undoes a decision, whatever undoes it: every action it took is reversed through the enforcement
 * path (so the platform receives each reversal), its strikes are withdrawn and the measures they no
 * longer justify lifted ({@link StrikeWithdrawal}), and the decision is marked reversed by what undid
 * it. An appeal ({@link Appeals}) and the human review of an automated decision ({@link Overturns})
 * both undo decisions this way.
 */
final class DecisionReversal {
    /**
     * What undoes a decision.
     *
     * @param origin the origin of the reversing actions
     * @param ref the appeal or case that undoes it (kept as the decision's {@code reversed_by})
     * @param phrase how strikes and lifted measures say why ("on appeal apl_…")
     */
    record Cause(String origin, String ref, String phrase) {
        static Cause appeal(String appealId) {
            return new Cause("appeal", appealId, "on appeal " + appealId);
        }

        /**
         * A reviewer overturning a fully automated decision: its reversing actions have their own
         * origin, so the transparency report counts how often people found automation wrong.
         */
        static Cause review(String caseId) {
            return new Cause("overturn", caseId, "on the human review of case " + caseId);
        }
    }

    private final Enforcement enforcement;
    private final StrikeWithdrawal withdrawal;

    DecisionReversal(Strikes strikes, Enforcement enforcement) {
        this.enforcement = enforcement;
        this.withdrawal = new StrikeWithdrawal(strikes, enforcement);
    }

    /** Undoes decision {@code decisionId} for {@code cause}; {@code reason} goes with each reversing action. */
    void reverse(Tx tx, String decisionId, Cause cause, String reason, String actor) {
        reverseActions(tx, enforcement, decisionId, cause, reason, actor);
        withdrawal.withdraw(tx, decisionId, cause, actor);
        tx.handle()
                .createUpdate("UPDATE review_decision SET reversed_by = :by WHERE id = :d")
                .bind("by", cause.ref())
                .bind("d", decisionId)
                .execute();
    }

    /** Reverses every action of {@code decisionId} not reversed yet. */
    static void reverseActions(
            Tx tx, Enforcement enforcement, String decisionId, Cause cause, String reason, String actor) {
        Handle h = tx.handle();
        for (String actionId : ModerationDecisions.actionIds(h, decisionId)) {
            boolean reversed = h.createQuery("SELECT COUNT(*) FROM enforcement_action WHERE reverses = :id")
                            .bind("id", actionId)
                            .mapTo(Integer.class)
                            .one()
                    > 0;
            if (!reversed) {
                enforcement.reverse(tx, actionId, cause.origin(), Optional.of(cause.ref()), reason, actor);
            }
        }
    }
}
