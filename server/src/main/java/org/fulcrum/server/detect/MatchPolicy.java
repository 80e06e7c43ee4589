package org.fulcrum.server.detect;

/** What happens when a bank or rule matches, from mildest to strongest. */
public enum MatchPolicy {
    /** File a notice from automated detection: a case in the review queues. */
    review,
    /** Remove the item at once by a fully automated decision (with its statement of reasons). */
    remove,
    /**
     * Remove it, place it under legal hold for the bank's preservation period, and report it to
     * the review queues on the priority lane (child safety and terrorism also open their tasks).
     */
    remove_preserve_report;

    /** Whether this policy is at least as strong as {@code other}. */
    public boolean atLeast(MatchPolicy other) {
        return ordinal() >= other.ordinal();
    }
}
