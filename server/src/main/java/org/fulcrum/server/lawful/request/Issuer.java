package org.fulcrum.server.lawful.request;

import java.util.Optional;

/**
 * Who stands behind a request: the issuing authority, a validating authority, the court and judge of a
 * judicial order, the official who signed, the addressee the order names, and whom to call back.
 *
 * @param issuingAuthority the authority that issued the order
 * @param validatingAuthority the authority that validated it, and its type
 * @param court the court (US orders and warrants)
 * @param judge the judge
 * @param signatureOfOfficial name and title of the official who signed (US subpoena)
 * @param addressee the service provider or representative the order names
 * @param contactPoint the authority's contact point
 */
public record Issuer(
        Optional<String> issuingAuthority,
        Optional<Submission.Authority> validatingAuthority,
        Optional<String> court,
        Optional<String> judge,
        Optional<String> signatureOfOfficial,
        Optional<String> addressee,
        Optional<String> contactPoint) {
    public Issuer {
        issuingAuthority = Parts.text("issuingAuthority", issuingAuthority, 300);
        validatingAuthority = Parts.opt(validatingAuthority);
        court = Parts.text("court", court, 300);
        judge = Parts.text("judge", judge, 300);
        signatureOfOfficial = Parts.text("signatureOfOfficial", signatureOfOfficial, 300);
        addressee = Parts.text("addressee", addressee, 300);
        contactPoint = Parts.text("contactPoint", contactPoint, 500);
    }
}
