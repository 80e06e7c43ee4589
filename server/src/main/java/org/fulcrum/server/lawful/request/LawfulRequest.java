package org.fulcrum.server.lawful.request;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A lawful request as Fulcrum holds it, whatever lane it came by.
 *
 * @param id Fulcrum's id
 * @param lane how it arrived
 * @param agencyId the issuing agency, when known
 * @param officerId the officer who signed or submitted it, when known
 * @param keyId the key that signed it (API lane)
 * @param enteredBy the staff member who entered it (manual lane)
 * @param entity the legal entity answering for the jurisdiction
 * @param routedFrom the entity the authority addressed, when it was the wrong one
 * @param flags anomaly flags raised at intake
 * @param deadlineAt the deadline, moved later by every completed pause
 * @param pausedAt when the current pause (clarification) began
 * @param pausedMillis total time paused so far
 * @param submission the request as the authority sent it
 * @param autoExecuted whether its measures were executed without a person
 */
public record LawfulRequest(
        String id,
        String reference,
        Lane lane,
        Instrument instrument,
        RequestKind kind,
        String jurisdiction,
        Optional<String> agencyId,
        Optional<String> officerId,
        Optional<String> keyId,
        Optional<String> enteredBy,
        Optional<String> addressedTo,
        String entity,
        Optional<String> routedFrom,
        RequestStatus status,
        Verification verification,
        boolean emergency,
        Optional<Instant> gagUntil,
        List<String> flags,
        Instant receivedAt,
        Instant deadlineAt,
        Optional<Instant> pausedAt,
        long pausedMillis,
        Optional<Instant> alertedAt,
        Optional<Instant> closedAt,
        Submission submission,
        boolean autoExecuted) {

    /** The deadline clock as staff and the authority see it. */
    public record Deadline(
            Instant deadlineAt,
            long remainingSeconds,
            boolean paused,
            boolean breached,
            boolean alerted,
            String rule) {}

    public Deadline clock(Instant now) {
        Instant reference = pausedAt.orElse(closedAt.orElse(now));
        long remaining = Duration.between(reference, deadlineAt).toSeconds();
        return new Deadline(
                deadlineAt,
                remaining,
                pausedAt.isPresent(),
                remaining < 0,
                alertedAt.isPresent(),
                instrument.clockLabel());
    }

    public boolean gagged(Instant now) {
        return gagUntil.map(now::isBefore).orElse(false);
    }
}
