package org.fulcrum.vpdq;

/**
 * The outcome of a {@link MatchRule}: the share (0-100) of the query's distinct frames found in the
 * target and of the target's found in the query, how many distinct frames of sufficient quality
 * each side had, and whether both shares reached the rule's thresholds.
 */
public record VideoComparison(
        double queryMatchedPercent, double targetMatchedPercent, int queryFrames, int targetFrames, boolean matches) {}
