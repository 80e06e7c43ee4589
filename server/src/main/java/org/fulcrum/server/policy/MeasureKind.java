package org.fulcrum.server.policy;

/** What a request asks to be done to each of its targets. */
public enum MeasureKind {
    remove,
    geo_restrict,
    block,
    suspend,
    preserve,
    disclose,
    none
}
