package org.fulcrum.server.transparency;

/**
 * What a transparency-log entry records. Part of the public entry schema (version 1): the names
 * are written into the log and must never be renamed, only added to.
 */
public enum EntryKind {
    /** A notice (user report, trusted-flagger notice, authority notice, detection) was received. */
    notice_received,
    /** A franked report from an E2E chat was verified (its notice is a separate notice_received entry). */
    report_verified,
    /** A moderation decision was taken on a case. */
    moderation_decision,
    /** An enforcement action reached the outbox (any origin). */
    action,
    /** An appeal was lodged. */
    appeal_received,
    /** An appeal was decided. */
    appeal_decided,
    /** A lawful request was received (any lane). */
    request_received,
    /** A lawful request was decided: comply, comply in part, refuse, clarify, escalate. */
    request_decided,
    /** A lawful request was refused before it was stored (signature, deployment, jurisdiction). */
    request_rejected,
    /** A lawful request was withdrawn by its authority before anything was executed. */
    request_withdrawn,
    /** Data were disclosed to an authority. */
    disclosure,
    /** A version of the principles or jurisdiction files came into force. */
    policy_version,
    /** The purge job deleted expired data. */
    purge,
    /** A data subject's commitment secrets were erased. */
    erasure,
    /** A data subject received an export of what Fulcrum holds about them. */
    data_export,
    /** An entry under a secrecy order: commitments only, until its reveal. */
    sealed,
    /** The public fields of a sealed entry, published when its gag expired. */
    reveal
}
