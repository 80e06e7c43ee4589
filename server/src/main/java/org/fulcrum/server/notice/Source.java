package org.fulcrum.server.notice;

/** Where a notice came from. Lawful orders are not notices; they arrive through the lawful lane. */
public enum Source {
    /** A user's report relayed by the platform (a DSA Art. 16 notice). */
    user_report,
    /** A trusted flagger's notice (DSA Art. 22), on the priority lane within its area of expertise. */
    trusted_flagger,
    /** A notice from an authority that is not an order. */
    authority,
    /** Fulcrum's own detection: a hash match, a rule, a classifier. */
    detection;

    /** DSA Transparency Database source type for a decision that followed this source. */
    public String dsaSourceType(boolean priorityLane, boolean art16Complete) {
        return switch (this) {
            case trusted_flagger -> priorityLane ? "SOURCE_TRUSTED_FLAGGER" : "SOURCE_ARTICLE_16";
            case user_report -> art16Complete ? "SOURCE_ARTICLE_16" : "SOURCE_TYPE_OTHER_NOTIFICATION";
            case authority -> "SOURCE_TYPE_OTHER_NOTIFICATION";
            case detection -> "SOURCE_VOLUNTARY";
        };
    }
}
