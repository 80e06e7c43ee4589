package org.fulcrum.server.lawful.request;

import java.util.Optional;

/**
 * Who sent a lawful request and to whom: the authority's side (agency, officer, the key that signed
 * it, or the staff member who entered it) and Fulcrum's (the entity answering for the jurisdiction,
 * and the one the authority addressed when that was the wrong one).
 *
 * @param agencyId the issuing agency, when known
 * @param officerId the officer who signed or submitted it, when known
 * @param keyId the key that signed it (API lane)
 * @param enteredBy the staff member who entered it (manual lane)
 * @param addressedTo the entity the authority named, when it named one
 * @param entity the legal entity answering for the jurisdiction
 * @param routedFrom the entity the authority addressed, when it was the wrong one
 */
public record Parties(
        Optional<String> agencyId,
        Optional<String> officerId,
        Optional<String> keyId,
        Optional<String> enteredBy,
        Optional<String> addressedTo,
        String entity,
        Optional<String> routedFrom) {}
