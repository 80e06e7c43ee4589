package org.fulcrum.server.review;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.audit.Audit;
import org.fulcrum.server.core.Check;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.platform.Enforcement;
import org.fulcrum.server.platform.Outbox;
import org.fulcrum.server.store.Database;
import org.fulcrum.server.store.Tx;
import org.jdbi.v3.core.Handle;

/**
 * The human review of a fully automated decision. Detection that removes at once (a hash bank's
 * {@code remove_preserve_report}) also opens a case, and the reviewer who finds the automated
 * decision wrong overturns it from that case: every action it took is reversed on the platform, its
 * strikes are withdrawn, and the case is closed by the reviewer's own decision to take no action,
 * which states why. Content that matched a hash bank is restored only after the reviewer confirms a
 * second look, as on appeal. Everything happens in one unit, recorded in the audit trail; the public
 * log records the reversing actions and the reviewer's decision like any others.
 */
public final class Overturns {
    private final Database db;
    private final ModerationDecisions decisions;
    private final DecisionReversal reversal;
    private final Outbox outbox;

    public Overturns(
            Database db, ModerationDecisions decisions, Strikes strikes, Enforcement enforcement, Outbox outbox) {
        this.db = db;
        this.decisions = decisions;
        this.reversal = new DecisionReversal(strikes, enforcement);
        this.outbox = outbox;
    }

    /**
     * The fully automated decision on {@code subjectId} still in force that a reviewer may overturn
     * (the newest, if there are several), if any.
     */
    public static Optional<Decision> overturnable(Handle h, String subjectId) {
        return h.createQuery("""
                        SELECT id FROM review_decision
                        WHERE subject_id = :s AND automated_decision = 'AUTOMATED_DECISION_FULLY'
                          AND reversed_by IS NULL AND outcome <> 'no_action'
                        ORDER BY created_at DESC, id LIMIT 1""")
                .bind("s", subjectId)
                .mapTo(String.class)
                .findOne()
                .flatMap(id -> ModerationDecisions.find(h, id));
    }

    /**
     * Overturns the automated decision on the subject of case {@code caseId}, which the reviewer
     * holds a claim on; {@code lookedAgain} confirms a second look at content that matched a hash bank.
     */
    public ModerationDecisions.Decided overturn(String actor, String caseId, String reason, boolean lookedAgain) {
        String why = Check.text("reason", reason == null ? "" : reason.strip(), 2000);
        if (why.isEmpty()) {
            throw new FulcrumException.InvalidInput("reason", "say why the automated decision was wrong");
        }
        return db.write(tx -> {
            Case c = Cases.find(tx.handle(), caseId).orElseThrow(() -> new FulcrumException.NotFound("case " + caseId));
            if (!c.open()) {
                throw new FulcrumException.Conflict("case " + caseId + " is already decided");
            }
            if (!c.claim().heldBy(actor, tx.now())) {
                throw new FulcrumException.Conflict(
                        "claim case " + caseId + " before overturning its automated decision");
            }
            Decision d = overturnable(tx.handle(), c.subjectId())
                    .orElseThrow(() -> new FulcrumException.Conflict("no automated decision on " + c.subjectId()
                            + " is in force: there is nothing to overturn"));
            List<String> banks = Appeals.bankMatches(tx.handle(), d.subjectId());
            if (!banks.isEmpty() && !lookedAgain) {
                throw new FulcrumException.Conflict("The content matched the hash bank"
                        + (banks.size() > 1 ? "s " : " ") + String.join(", ", banks)
                        + ": look at it again and confirm that you did before it is restored.");
            }
            reversal.reverse(
                    tx,
                    d.id(),
                    DecisionReversal.Cause.review(caseId),
                    StatementBody.clip("Automated decision " + d.id() + " overturned on human review: " + why, 500),
                    actor);
            Audit.record(tx, actor, "decision.overturn", "decision:" + d.id(), why, "case " + caseId);
            tell(tx, d, why);
            DecisionRequest none = new DecisionRequest(
                    d.illegal() ? Optional.empty() : Optional.of(d.ground()),
                    d.illegal() ? Optional.of(d.ground()) : Optional.empty(),
                    Optional.of("The automated decision " + d.id() + " was overturned on human review."),
                    why,
                    Optional.of(d.category()),
                    List.of(),
                    Optional.empty(),
                    Optional.empty(),
                    d.automatedDetection(),
                    Optional.of(DecisionRequest.AutomatedDecision.AUTOMATED_DECISION_NOT_AUTOMATED),
                    false,
                    Optional.empty(),
                    Optional.empty());
            return decisions.decideCase(tx, actor, caseId, none);
        });
    }

    /**
     * Tells whoever received the automated decision's statement of reasons, in its language, through
     * the platform ({@code decision_overturned}, like {@code appeal_decided}).
     */
    private void tell(Tx tx, Decision d, String why) {
        record Sent(String statementId, String recipientId, String language) {}
        Optional<Sent> sent = tx.handle()
                .createQuery("""
                        SELECT id, recipient_id, language FROM statement_of_reasons
                        WHERE decision_id = :d AND recipient_id IS NOT NULL ORDER BY created_at LIMIT 1""")
                .bind("d", d.id())
                .map((rs, ctx) -> new Sent(rs.getString("id"), rs.getString("recipient_id"), rs.getString("language")))
                .findOne();
        if (sent.isEmpty()) {
            return;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("kind", "decision_overturned");
        payload.put("decisionId", d.id());
        payload.put("statementId", sent.get().statementId());
        payload.put("recipientId", sent.get().recipientId());
        payload.put("language", sent.get().language());
        payload.put("text", StatementText.overturned(sent.get().language(), d.id(), why));
        outbox.enqueueMessage(tx, "ovt_" + d.id(), d.subjectId(), payload);
    }
}
