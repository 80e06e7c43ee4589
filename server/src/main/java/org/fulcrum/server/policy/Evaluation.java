package org.fulcrum.server.policy;

import java.util.List;
import java.util.Optional;

/**
 * The result of evaluating a request: the outcome, every rule evaluated (the trace), an
 * explanation naming the principles and rules that applied, and the process the jurisdiction's
 * tier sets. Stored with the decision together with the {@link Facts}, so it can be replayed.
 *
 * @param policyVersion the hash of the policy version used
 * @param outcome what policy says
 * @param trace every rule evaluated, in order, per target
 * @param explanation the principles and rules that applied, in words
 * @param principle the principle that decided a refusal, if the outcome is one
 * @param tier the requesting jurisdiction's safeguards tier
 * @param process what that tier means for the process
 * @param entity the legal entity that answers for the jurisdiction
 */
public record Evaluation(
        String policyVersion,
        Outcome outcome,
        List<TraceStep> trace,
        String explanation,
        Optional<String> principle,
        String tier,
        TierProcess process,
        String entity) {
    public Evaluation {
        trace = List.copyOf(trace);
        principle = principle == null ? Optional.empty() : principle;
    }
}
