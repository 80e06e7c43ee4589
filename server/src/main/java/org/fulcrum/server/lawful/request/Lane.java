package org.fulcrum.server.lawful.request;

/** How a request reached Fulcrum. All three end in the same request record. */
public enum Lane {
    /** Signed with RFC 9421 by a registered officer's key. */
    api,
    /** Submitted by an officer signed in to the portal with password and TOTP. */
    portal,
    /** Entered by staff from e-mail, post or fax: unverified until call-back, never executed automatically. */
    manual
}
