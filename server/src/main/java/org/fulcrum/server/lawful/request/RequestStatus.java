package org.fulcrum.server.lawful.request;

/** Where a request stands. */
public enum RequestStatus {
    /** Waiting for a legal reviewer (a finding, an assessment, an execution above the caps). */
    in_review,
    /** Waiting for call-back verification through the contact on file. */
    awaiting_callback,
    /** Waiting for the authority to clarify; the clock is paused. */
    awaiting_clarification,
    /** Waiting for the approvals a disclosure or an execution needs. */
    awaiting_approval,
    /** Done as policy allowed: executed, disclosed, or answered. */
    completed,
    /** Refused by a principle or by a reviewer. */
    refused,
    /** Withdrawn by the authority before anything was executed; nothing will be. */
    withdrawn;

    /** Whether the request still waits for something; a closed request's clock has stopped. */
    public boolean open() {
        return this != completed && this != refused && this != withdrawn;
    }
}
