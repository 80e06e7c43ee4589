package org.fulcrum.server.lawful.request;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Duration;
import java.time.Instant;

/**
 * A lawful request as Fulcrum holds it, whatever lane it came by: what it is, who sent it to whom,
 * where it stands and its clock. On the wire it is one flat object: the parts are unwrapped.
 *
 * @param id Fulcrum's id
 * @param lane how it arrived
 * @param parties who sent it and to whom
 * @param state its status, verification and flags
 * @param clock its received time, deadline and pauses
 * @param submission the request as the authority sent it
 */
public record LawfulRequest(
        String id,
        String reference,
        Lane lane,
        Instrument instrument,
        RequestKind kind,
        String jurisdiction,
        @JsonUnwrapped Parties parties,
        @JsonUnwrapped RequestState state,
        @JsonUnwrapped RequestClock clock,
        Submission submission) {

    /** The deadline clock as staff and the authority see it. */
    public record Deadline(
            Instant deadlineAt,
            long remainingSeconds,
            boolean paused,
            boolean breached,
            boolean alerted,
            String rule) {}

    /** How the clock reads at {@code now}: it stands still while paused and stops when the request closes. */
    public Deadline deadline(Instant now) {
        Instant reference = clock.pausedAt().orElse(clock.closedAt().orElse(now));
        long remaining = Duration.between(reference, clock.deadlineAt()).toSeconds();
        return new Deadline(
                clock.deadlineAt(),
                remaining,
                clock.pausedAt().isPresent(),
                remaining < 0,
                clock.alertedAt().isPresent(),
                instrument.clockLabel());
    }
}
