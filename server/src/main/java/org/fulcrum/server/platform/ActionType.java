package org.fulcrum.server.platform;

/**
 * What an enforcement action does to a subject's state. Every restricting action has a reversal,
 * named by {@link #reversal()}, that undoes exactly its facet.
 */
public enum ActionType {
    remove,
    disable,
    geo_restrict,
    label,
    demote,
    suspend,
    terminate,
    block,
    preserve,
    restore,
    lift_geo_restriction,
    unlabel,
    undemote,
    unsuspend,
    reinstate,
    unblock,
    release_hold;

    /** The action that reverses this one, or null if this is itself a reversal. */
    public ActionType reversal() {
        return switch (this) {
            case remove, disable -> restore;
            case geo_restrict -> lift_geo_restriction;
            case label -> unlabel;
            case demote -> undemote;
            case suspend -> unsuspend;
            case terminate -> reinstate;
            case block -> unblock;
            case preserve -> release_hold;
            case restore, lift_geo_restriction, unlabel, undemote, unsuspend, reinstate, unblock, release_hold -> null;
        };
    }

    /** Whether this action restricts the subject (a statement of reasons is owed for it). */
    public boolean restricts() {
        return reversal() != null && this != preserve;
    }
}
