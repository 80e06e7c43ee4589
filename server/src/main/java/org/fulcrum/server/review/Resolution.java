package org.fulcrum.server.review;

import java.time.Instant;
import java.util.Optional;

/**
 * How a case ended: when it was decided and by which decision; both empty while it is open.
 *
 * @param decidedAt when it was decided
 * @param decisionId the decision
 */
public record Resolution(Optional<Instant> decidedAt, Optional<String> decisionId) {}
