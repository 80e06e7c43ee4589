package org.fulcrum.server.review;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.core.Ids;
import org.fulcrum.server.platform.ActionType;
import org.fulcrum.server.platform.Outbox;
import org.fulcrum.server.platform.Subject;
import org.fulcrum.server.platform.Subjects;
import org.fulcrum.server.store.Tx;

/**
 * Carries out what a strike threshold calls for (DSA Art. 23(1)): a warning sent to the account
 * through the platform, or a suspension or termination taken as an automated decision of its own,
 * with its own statement of reasons, so it can be appealed like any other.
 */
final class StrikeMeasures {
    private final ModerationDecisions decisions;
    private final Outbox outbox;

    StrikeMeasures(ModerationDecisions decisions, Outbox outbox) {
        this.decisions = decisions;
        this.outbox = outbox;
    }

    /** Applies the measure {@code result} calls for; returns the follow-up decision's id, if one was taken. */
    Optional<String> apply(Tx tx, Strikes.Result result, Decision cause) {
        return switch (result) {
            case Strikes.Result.Counted counted -> Optional.empty();
            case Strikes.Result.ThresholdReached reached ->
                switch (reached.threshold().measure()) {
                    case warn -> {
                        warn(tx, reached, cause);
                        yield Optional.empty();
                    }
                    case suspend, terminate -> Optional.of(restrict(tx, reached, cause));
                };
        };
    }

    private void warn(Tx tx, Strikes.Result.ThresholdReached reached, Decision cause) {
        String id = Ids.next("warn", tx.clock());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("kind", "account_warning");
        payload.put("accountId", reached.accountId());
        payload.put("activeStrikes", reached.active());
        payload.put("category", cause.category().key());
        payload.put("decisionId", cause.id());
        payload.put("legalBasis", "DSA Art. 23(1): a warning before any suspension");
        outbox.enqueueMessage(tx, id, reached.accountId(), payload);
    }

    private String restrict(Tx tx, Strikes.Result.ThresholdReached reached, Decision cause) {
        Subject account = Subjects.find(tx.handle(), reached.accountId()).orElseThrow();
        boolean suspend = reached.threshold().measure() == Strikes.Measure.suspend;
        DecisionRequest.ActionSpec action = new DecisionRequest.ActionSpec(
                suspend ? ActionType.suspend : ActionType.terminate,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                suspend ? Optional.of(tx.now().plus(reached.threshold().length())) : Optional.empty());
        DecisionRequest request = new DecisionRequest(
                Optional.of("Repeat-infringer policy: " + reached.threshold().strikes() + " strikes under one policy"),
                Optional.empty(),
                Optional.of("The account repeatedly posted content that was restricted under the same policy."),
                "The account reached " + reached.active() + " active strikes under the category "
                        + cause.category().key() + "; the latest followed decision " + cause.id() + ".",
                Optional.of(cause.category()),
                List.of(action),
                Optional.empty(),
                Optional.empty(),
                false,
                Optional.of(DecisionRequest.AutomatedDecision.AUTOMATED_DECISION_FULLY),
                false,
                Optional.empty(),
                Optional.empty());
        String id = decisions
                .apply(
                        tx,
                        ModerationDecisions.AUTOMATION,
                        Optional.empty(),
                        account,
                        request,
                        "SOURCE_VOLUNTARY",
                        false)
                .decision()
                .id();
        // Remembered so that a strike withdrawn on appeal can lift the measure it no longer justifies.
        tx.handle()
                .createUpdate("""
                INSERT INTO strike_measure (decision_id, account_id, category, strikes, cause_decision_id, created_at)
                VALUES (:d, :a, :c, :n, :cause, :now)""")
                .bind("d", id)
                .bind("a", reached.accountId())
                .bind("c", cause.category().name())
                .bind("n", reached.threshold().strikes())
                .bind("cause", cause.id())
                .bind("now", tx.now().toEpochMilli())
                .execute();
        return id;
    }
}
