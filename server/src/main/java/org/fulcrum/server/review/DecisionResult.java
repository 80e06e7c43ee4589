package org.fulcrum.server.review;

import java.util.List;
import java.util.Optional;
import org.fulcrum.server.notice.ReporterReputation;

/**
 * What a decision did, as the API answers it.
 *
 * @param decisionId the decision
 * @param caseId the case it closed
 * @param outcome action or no_action
 * @param actions the actions applied (through the enforcement outbox)
 * @param statementId the statement of reasons, if the decision restricts
 * @param activeStrikes the author's active strikes under the decision's policy, if a strike was given
 * @param followUps decisions a strike threshold triggered (suspensions, terminations)
 * @param notifierMeasures DSA Art. 23 measures taken against notifiers ("warning:key", "suspension:key")
 */
public record DecisionResult(
        String decisionId,
        Optional<String> caseId,
        String outcome,
        List<ActionRef> actions,
        Optional<String> statementId,
        Optional<Long> activeStrikes,
        List<String> followUps,
        List<String> notifierMeasures) {

    /** One action applied. */
    public record ActionRef(String actionId, String type, String subjectId) {}

    static DecisionResult of(ModerationDecisions.Decided d) {
        return new DecisionResult(
                d.decision().id(),
                d.decision().caseId(),
                d.decision().outcome(),
                d.actions().stream()
                        .map(a -> new ActionRef(a.id(), a.type().name(), a.subjectId()))
                        .toList(),
                d.statementId(),
                d.strike().map(Strikes.Result::active),
                d.followUps(),
                d.notifierMeasures().stream()
                        .map(m -> switch (m) {
                            case ReporterReputation.Measure.Warned w -> "warning:" + w.reporterKey();
                            case ReporterReputation.Measure.Suspended s -> "suspension:" + s.reporterKey();
                        })
                        .toList());
    }
}
