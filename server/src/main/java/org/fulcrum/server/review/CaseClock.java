package org.fulcrum.server.review;

import java.time.Instant;
import java.util.Optional;

/**
 * A case's service-level clock: when it is due, and when the breach was noticed if it was missed.
 *
 * @param dueAt the SLA deadline
 * @param slaBreachedAt when the SLA breach was noticed
 */
public record CaseClock(Instant dueAt, Optional<Instant> slaBreachedAt) {}
