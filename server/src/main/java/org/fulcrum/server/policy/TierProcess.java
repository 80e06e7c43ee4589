package org.fulcrum.server.policy;

/**
 * The process a jurisdiction's safeguards tier sets: whether a person reviews before anything is
 * executed, whether a call-back is needed, how many distinct legal approvers an execution needs, and
 * whether a disclosure needs a reviewer's recorded finding that the case is not political persecution.
 */
public record TierProcess(boolean humanReview, boolean callback, int approvals, Boolean persecutionFinding) {
    public TierProcess {
        PolicyInvalid.require(approvals >= 1 && approvals <= 5, "a tier needs 1 to 5 approvals");
        // Optional in the file, so that profiles written before it existed still load.
        persecutionFinding = Boolean.TRUE.equals(persecutionFinding);
    }
}
