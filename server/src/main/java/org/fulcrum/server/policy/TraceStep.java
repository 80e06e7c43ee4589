package org.fulcrum.server.policy;

/**
 * One rule evaluated for one target: which principle, which rule, whether it matched, and the
 * effect it had when it did.
 */
public record TraceStep(String principle, String rule, String target, boolean matched, String effect) {}
