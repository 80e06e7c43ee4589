package org.fulcrum.archfixture.server.detect;

import java.time.Instant;
import org.fulcrum.archfixture.server.review.Case;

/**
 * Uses {@code review.Case}, which uses it back (a cycle), and reads the system clock itself:
 * breaks "time comes from the injected clock".
 */
public final class Scanner {
    public boolean scan(Case c) {
        return Instant.now().toEpochMilli() > 0 && !c.id().isEmpty();
    }
}
