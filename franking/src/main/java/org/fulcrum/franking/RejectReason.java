package org.fulcrum.franking;

/** Why a verifier rejected a report. */
public enum RejectReason {
    /** The report does not parse, misses or adds a field, has a field of the wrong length, or is too large. */
    MALFORMED,
    /** The report is of a format version this verifier was set not to accept (version 1, which binds no recipient). */
    VERSION_NOT_ACCEPTED,
    /** No relay key is registered under the report's key id. */
    UNKNOWN_RELAY_KEY,
    /** The relay key is revoked, so none of its stamps can be trusted. */
    REVOKED_KEY,
    /** The stamp's timestamp lies outside the relay key's signing period. */
    EXPIRED_KEY,
    /** The stamp's timestamp is further in the future than clock skew allows, or older than the maximum age. */
    TIMESTAMP_OUT_OF_RANGE,
    /** The stamp is not the relay key's signature over this commitment, sender, conversation and time. */
    BAD_STAMP,
    /** The franking key does not open the commitment to this message, sender and conversation. */
    BAD_COMMITMENT,
    /** A genuine version 2 report submitted by someone other than the recipient its stamp binds. */
    NOT_RECIPIENT
}
