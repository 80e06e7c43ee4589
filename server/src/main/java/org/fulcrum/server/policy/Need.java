package org.fulcrum.server.policy;

/** What an escalated request waits for. */
public enum Need {
    /** A reviewer's finding on whether the target is political speech, protest or journalism. */
    finding,
    /** Call-back verification through the authority's contact on file. */
    callback,
    /** A legal reviewer's assessment. */
    legal_review
}
