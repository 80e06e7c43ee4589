package org.fulcrum.server.review;

import java.util.ArrayList;
import java.util.List;
import org.fulcrum.server.notice.DsaCategory;
import org.fulcrum.server.platform.Enforcement;
import org.fulcrum.server.store.Tx;
import org.jdbi.v3.core.Handle;

/**
 * Withdraws the strikes of a reversed decision and undoes what they caused: a suspension
 * or termination a threshold took is lifted through the enforcement path (so the platform receives
 * the lifting action) unless the strikes still active under the same policy reach its threshold.
 * Either way the withdrawn strike carries one sentence saying what became of each measure, which the
 * case page shows beside it.
 */
final class StrikeWithdrawal {
    private final Strikes strikes;
    private final Enforcement enforcement;

    StrikeWithdrawal(Strikes strikes, Enforcement enforcement) {
        this.strikes = strikes;
        this.enforcement = enforcement;
    }

    private record Withdrawn(String accountId, DsaCategory category) {}

    private record Measure(String decisionId, int strikes) {}

    /** Withdraws the strikes of {@code decisionId}, reversed for {@code cause}; returns the measures lifted. */
    List<String> withdraw(Tx tx, String decisionId, DecisionReversal.Cause cause, String actor) {
        Handle h = tx.handle();
        long now = tx.now().toEpochMilli();
        List<Withdrawn> withdrawn = h.createQuery("""
                        SELECT DISTINCT account_id, category FROM strike WHERE decision_id = :d AND reversed_at IS NULL""")
                .bind("d", decisionId)
                .map((rs, ctx) ->
                        new Withdrawn(rs.getString("account_id"), DsaCategory.valueOf(rs.getString("category"))))
                .list();
        strikes.reverse(tx, decisionId);
        List<String> lifted = new ArrayList<>();
        for (Withdrawn w : withdrawn) {
            long active = Strikes.active(h, w.accountId(), w.category(), now);
            List<String> sentences = new ArrayList<>();
            for (Measure m : measures(h, w)) {
                String what = "the measure of decision " + m.decisionId() + " (taken at " + m.strikes() + " strikes)";
                if (active >= m.strikes()) {
                    sentences.add(what + " stays: " + active + " active strikes under "
                            + w.category().key() + " still reach its threshold");
                    continue;
                }
                lift(tx, m, cause, actor, active);
                lifted.add(m.decisionId());
                sentences.add(what + " was lifted: " + active + " active strikes under "
                        + w.category().key() + " no longer reach its threshold");
            }
            String note = "Withdrawn " + cause.phrase()
                    + (sentences.isEmpty() ? "." : "; " + String.join("; ", sentences) + ".");
            h.createUpdate("""
                    UPDATE strike SET withdrawal_note = :note WHERE decision_id = :d AND account_id = :a""")
                    .bind("note", StatementBody.clip(note, 1000))
                    .bind("d", decisionId)
                    .bind("a", w.accountId())
                    .execute();
        }
        return lifted;
    }

    /** The measures in force on the account under the policy, highest threshold first. */
    private static List<Measure> measures(Handle h, Withdrawn w) {
        return h.createQuery("""
                        SELECT m.decision_id, m.strikes FROM strike_measure m
                        JOIN review_decision d ON d.id = m.decision_id
                        WHERE m.account_id = :a AND m.category = :c AND m.lifted_at IS NULL AND d.reversed_by IS NULL
                        ORDER BY m.strikes DESC, m.created_at DESC""")
                .bind("a", w.accountId())
                .bind("c", w.category().name())
                .map((rs, ctx) -> new Measure(rs.getString("decision_id"), rs.getInt("strikes")))
                .list();
    }

    private void lift(Tx tx, Measure m, DecisionReversal.Cause cause, String actor, long active) {
        Handle h = tx.handle();
        String reason = "Strike withdrawn " + cause.phrase() + ": " + active
                + " active strikes no longer reach the threshold of " + m.strikes();
        DecisionReversal.reverseActions(tx, enforcement, m.decisionId(), cause, reason, actor);
        h.createUpdate("UPDATE strike_measure SET lifted_at = :now WHERE decision_id = :d")
                .bind("now", tx.now().toEpochMilli())
                .bind("d", m.decisionId())
                .execute();
        // The measure falls with the strike that carried it: it can no longer be appealed on its own.
        h.createUpdate("UPDATE review_decision SET reversed_by = :a WHERE id = :d AND reversed_by IS NULL")
                .bind("a", cause.ref())
                .bind("d", m.decisionId())
                .execute();
    }
}
