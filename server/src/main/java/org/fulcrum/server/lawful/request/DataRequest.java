package org.fulcrum.server.lawful.request;

import java.util.Optional;

/**
 * A request for data: disclosure (EPOC, DSA Art. 10, US subpoenas, orders and warrants), preservation
 * (EPOC-PR, 2703(f)), and any request for keys, which policy refuses.
 *
 * @param data the offence and the data asked for
 * @param emergency the emergency flag of an EPOC
 * @param followUp the production order intended after a preservation
 */
public record DataRequest(
        Order order,
        Issuer issuer,
        Grounds grounds,
        Targets subjects,
        DataAsked data,
        Optional<Boolean> emergency,
        Optional<String> followUp)
        implements Submission {
    public DataRequest {
        emergency = Parts.opt(emergency);
        followUp = Parts.text("followUp", followUp, 2000);
    }
}
