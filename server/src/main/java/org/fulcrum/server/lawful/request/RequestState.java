package org.fulcrum.server.lawful.request;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where a lawful request stands: its status, how its sender was verified, the anomaly flags raised
 * at intake, whether it is an emergency or under a gag, and whether its measures ran without a person.
 *
 * @param gagUntil when the secrecy order ends, if the request carries one
 * @param flags anomaly flags raised at intake
 * @param autoExecuted whether its measures were executed without a person
 */
public record RequestState(
        RequestStatus status,
        Verification verification,
        boolean emergency,
        Optional<Instant> gagUntil,
        List<String> flags,
        boolean autoExecuted) {

    public RequestState {
        flags = List.copyOf(flags);
    }

    /** Whether the user may not yet be told of the request. */
    public boolean gagged(Instant now) {
        return gagUntil.map(now::isBefore).orElse(false);
    }
}
