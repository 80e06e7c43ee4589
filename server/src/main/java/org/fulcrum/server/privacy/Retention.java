package org.fulcrum.server.privacy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.fulcrum.server.core.FulcrumException.InvalidInput;
import org.fulcrum.server.review.ModerationDecisions;

/**
 * Periods as retention rules use them: ISO-8601 periods in days, months and years (P90D, P6M, P1Y),
 * applied in UTC. Data is due when its anchor is at or before {@code now - period}, which is never
 * earlier than {@code anchor + period}.
 */
public final class Retention {
    /** DSA Art. 20: an appeal stays open for six months after the decision. */
    public static final Period APPEAL_WINDOW = ModerationDecisions.APPEAL_WINDOW;
    /** The longest period a rule may name. */
    public static final Period LONGEST = Period.ofYears(100);

    private static final LocalDate REFERENCE = LocalDate.of(2000, 1, 1);

    private Retention() {}

    /** Parses and normalises a period (P12M stays P12M; weeks become days); rejects negative and time parts. */
    public static Period parse(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInput(field, "is required: an ISO-8601 period such as P90D, P6M or P1Y");
        }
        Period p;
        try {
            p = Period.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInput(field, "'" + value + "' is not an ISO-8601 period such as P90D, P6M or P1Y");
        }
        if (p.isNegative()) {
            throw new InvalidInput(field, "must not be negative");
        }
        if (longer(p, LONGEST)) {
            throw new InvalidInput(field, "must be at most " + LONGEST);
        }
        return p;
    }

    /** Whether {@code a} is longer than {@code b}, measured from a fixed reference date. */
    public static boolean longer(Period a, Period b) {
        return REFERENCE.plus(a).isAfter(REFERENCE.plus(b));
    }

    /** The instant at or before which an anchor is due under {@code period}. */
    public static Instant cutoff(Instant now, Period period) {
        return now.atZone(ZoneOffset.UTC).minus(period).toInstant();
    }

    /** When data anchored at {@code anchor} becomes due. */
    public static Instant due(Instant anchor, Period period) {
        return anchor.atZone(ZoneOffset.UTC).plus(period).toInstant();
    }
}
