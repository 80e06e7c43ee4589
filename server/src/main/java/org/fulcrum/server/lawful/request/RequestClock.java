package org.fulcrum.server.lawful.request;

import java.time.Instant;
import java.util.Optional;

/**
 * The times of a lawful request's clock, as stored. How the clock reads at a given moment is
 * {@link LawfulRequest#deadline(Instant)}.
 *
 * @param receivedAt when it arrived; the clock starts then
 * @param deadlineAt the deadline, moved later by every completed pause
 * @param pausedAt when the current pause (clarification) began
 * @param pausedMillis total time paused so far
 * @param alertedAt when staff were alerted that the clock was running out
 * @param closedAt when the request reached a final status; the clock stops then
 */
public record RequestClock(
        Instant receivedAt,
        Instant deadlineAt,
        Optional<Instant> pausedAt,
        long pausedMillis,
        Optional<Instant> alertedAt,
        Optional<Instant> closedAt) {

    /** The clock of a request just received: running, never paused, alerted or closed. */
    public static RequestClock started(Instant receivedAt, Instant deadlineAt) {
        return new RequestClock(receivedAt, deadlineAt, Optional.empty(), 0, Optional.empty(), Optional.empty());
    }
}
