package org.fulcrum.server.detect;

/** Whether a rule's matches are acted on or only recorded and counted. */
public enum RuleMode {
    /** Matches are acted on by the rule's policy. */
    enforce,
    /** Matches are recorded and counted but nothing is done: for trying a rule on live traffic. */
    dry_run
}
