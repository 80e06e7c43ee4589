package org.fulcrum.server.lawful.request;

/** How far the sender of a request is verified. */
public enum Verification {
    /** Signed by, or signed in as, an officer whose onboarding was verified out of band. */
    verified,
    /** Not yet verified: the manual lane, or an officer whose onboarding is not verified. */
    unverified,
    /** Confirmed by call-back through the contact on file. */
    callback_confirmed,
    /** The call-back did not confirm the request: treated as forged. */
    callback_failed;

    public boolean trusted() {
        return this == verified || this == callback_confirmed;
    }
}
