package org.fulcrum.server.policy;

/** What a matching rule does to the evaluation of a target. */
public enum Effect {
    /** The target is refused; evaluation stops. */
    refuse,
    /** A person must act first (see {@link Need}); evaluation stops. */
    escalate,
    /** The authority must clarify; evaluation stops. */
    clarify,
    /** The requested measure is taken as asked (with any narrowing so far); evaluation stops. */
    comply,
    /** The content is withheld only in the requesting jurisdiction; evaluation stops. */
    geo_restrict,
    /** The rule's data categories are removed from what is disclosed; evaluation goes on. */
    withhold,
    /** Only the rule's data categories may be disclosed; evaluation goes on. */
    keep_only,
    /** Recorded in the trace only; evaluation goes on. */
    note;

    /** Whether a match of this effect ends the evaluation of the target. */
    public boolean decisive() {
        return switch (this) {
            case refuse, escalate, clarify, comply, geo_restrict -> true;
            case withhold, keep_only, note -> false;
        };
    }
}
