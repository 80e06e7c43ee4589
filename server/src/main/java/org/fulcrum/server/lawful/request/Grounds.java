package org.fulcrum.server.lawful.request;

import java.util.Optional;

/**
 * The law a request relies on: the legal basis with the provision cited, and the statement of reasons.
 * What the request is about in law (the ground of illegality of content, the offence investigated)
 * belongs to its family.
 *
 * @param legalBasis the legal basis with the provision
 * @param reasons the statement of reasons
 */
public record Grounds(Optional<String> legalBasis, Optional<String> reasons) {
    public Grounds {
        legalBasis = Parts.text("legalBasis", legalBasis, 2000);
        reasons = Parts.text("reasons", reasons, 10_000);
    }
}
