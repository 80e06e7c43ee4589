package org.fulcrum.server.policy;

/**
 * The process a jurisdiction's safeguards tier sets: whether a person reviews before anything is
 * executed, whether a call-back is needed, and how many distinct legal approvers an execution needs.
 */
public record TierProcess(boolean humanReview, boolean callback, int approvals) {
    public TierProcess {
        PolicyInvalid.require(approvals >= 1 && approvals <= 5, "a tier needs 1 to 5 approvals");
    }
}
