package org.fulcrum.franking;

import java.security.PublicKey;
import java.time.Instant;

/**
 * A relay public key as a verifier registers it, with the period in which it may stamp.
 *
 * <p>Rotation: when a relay moves to a new key, the old one is {@linkplain #retiredAt retired}; stamps
 * it made before then keep verifying, since reports often arrive long after delivery. Revocation:
 * a {@linkplain #revoke revoked} key is presumed leaked, and because whoever holds it can sign any
 * timestamp, no stamp by it is accepted, whatever time it claims.
 *
 * @param id the key id stamps carry
 * @param publicKey the Ed25519 public key
 * @param notBefore first instant a stamp by this key may carry
 * @param notAfter instant from which stamps by this key are refused; {@link Instant#MAX} if open
 * @param revoked whether the key is revoked
 */
public record RelayKey(RelayKeyId id, PublicKey publicKey, Instant notBefore, Instant notAfter, boolean revoked) {

    /** Validates the fields. */
    public RelayKey {
        if (id == null || notBefore == null || notAfter == null) {
            throw new IllegalArgumentException("id, notBefore and notAfter are required");
        }
        if (!Ed25519.isEd25519(publicKey)) {
            throw new IllegalArgumentException("relay key " + id + " is not an Ed25519 public key");
        }
        if (!notBefore.isBefore(notAfter)) {
            throw new IllegalArgumentException("relay key " + id + ": notBefore must be before notAfter");
        }
    }

    /** A key in service from {@code notBefore} with no end yet. */
    public static RelayKey active(RelayKeyId id, PublicKey publicKey, Instant notBefore) {
        return new RelayKey(id, publicKey, notBefore, Instant.MAX, false);
    }

    /** This key, retired: stamps dated at or after {@code notAfter} are refused. */
    public RelayKey retiredAt(Instant notAfter) {
        return new RelayKey(id, publicKey, notBefore, notAfter, revoked);
    }

    /** This key, revoked: every stamp by it is refused. */
    public RelayKey revoke() {
        return new RelayKey(id, publicKey, notBefore, notAfter, true);
    }

    /** Whether {@code timestamp} falls in this key's signing period. */
    public boolean covers(Instant timestamp) {
        return !timestamp.isBefore(notBefore) && timestamp.isBefore(notAfter);
    }
}
