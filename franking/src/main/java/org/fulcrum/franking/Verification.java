package org.fulcrum.franking;

/** The outcome of verifying a report. */
public sealed interface Verification permits Verification.Verified, Verification.Rejected {

    /**
     * This exact message was sent by that sender in that conversation at that time, as the relay stamped.
     *
     * @param report the verified report
     */
    record Verified(FrankingReport report) implements Verification {}

    /**
     * The report proves nothing.
     *
     * @param reason the first check that failed
     * @param detail a sentence for the reporter or operator, naming the field where one is at fault
     */
    record Rejected(RejectReason reason, String detail) implements Verification {}
}
