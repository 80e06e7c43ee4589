package org.fulcrum.server.lawful.request;

import java.util.Optional;

/**
 * An emergency disclosure request: data asked for because of a threat to life or of serious injury,
 * with the emergency's nature, the threat, why normal process cannot wait and a supervisor to call back.
 *
 * @param data the data asked for
 * @param details the emergency's elements (each one required at intake)
 */
public record EmergencyRequest(
        Order order,
        Issuer issuer,
        Grounds grounds,
        Targets subjects,
        DataAsked data,
        Optional<Submission.EmergencyDetails> details)
        implements Submission {
    public EmergencyRequest {
        details = Parts.opt(details);
    }
}
