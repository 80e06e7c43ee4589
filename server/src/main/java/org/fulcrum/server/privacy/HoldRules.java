package org.fulcrum.server.privacy;

import java.time.Instant;
import java.time.Period;
import java.util.Optional;
import org.fulcrum.server.core.FulcrumException;

/**
 * How far a hold may run. A hold from a preservation order follows its instrument: an EPOC-PR
 * preserves 60 days and may be extended once by 30 (EU 2023/1543 Art. 11); a 2703(f) request
 * preserves 90 days and may be renewed once for 90 (18 U.S.C. 2703(f)(2)). Any other hold runs at
 * most {@link #LONGEST} ahead at a time and may be extended again while it runs.
 */
final class HoldRules {
    /** The longest a hold placed or extended by staff may run ahead. */
    static final Period LONGEST = Period.ofYears(2);

    private HoldRules() {}

    /** Checks a new hold's end. */
    static void checkPlacement(Instant until, Instant now) {
        if (!until.isAfter(now)) {
            throw new FulcrumException.InvalidInput("until", "must be in the future");
        }
        if (until.isAfter(Retention.due(now, LONGEST))) {
            throw new FulcrumException.InvalidInput(
                    "until", "must be at most " + LONGEST + " ahead; extend the hold later if it must run longer");
        }
    }

    /** Checks that {@code h} may be extended to {@code until}. */
    static void checkExtension(Hold h, Instant until, Instant now) {
        if (!until.isAfter(h.until())) {
            throw new FulcrumException.InvalidInput("until", "must be later than the hold's current end " + h.until());
        }
        Optional<Limit> limit = h.instrument().flatMap(HoldRules::limit);
        if (limit.isPresent()) {
            Limit l = limit.get();
            if (h.extensions() >= 1) {
                throw new FulcrumException.Conflict(
                        "a hold under " + h.instrument().get() + " " + l.rule() + "; it was already extended");
            }
            Instant latest = Retention.due(h.placedAt(), l.total());
            if (until.isAfter(latest)) {
                throw new FulcrumException.InvalidInput(
                        "until", "a hold under " + h.instrument().get() + " " + l.rule() + ": at most until " + latest);
            }
            return;
        }
        if (until.isAfter(Retention.due(now, LONGEST))) {
            throw new FulcrumException.InvalidInput("until", "must be at most " + LONGEST + " ahead");
        }
    }

    /** An instrument's preservation limit: the whole period with its one extension. */
    private record Limit(Period total, String rule) {}

    private static Optional<Limit> limit(String instrument) {
        return switch (instrument) {
            case "epoc_pr" ->
                Optional.of(new Limit(
                        Period.ofDays(90), "preserves 60 days and may be extended once by 30 (EU 2023/1543 Art. 11)"));
            case "us_2703f_preservation" ->
                Optional.of(new Limit(
                        Period.ofDays(180), "preserves 90 days and may be renewed once for 90 (18 U.S.C. 2703(f)(2))"));
            default -> Optional.empty();
        };
    }
}
