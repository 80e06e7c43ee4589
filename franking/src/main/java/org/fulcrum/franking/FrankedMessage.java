package org.fulcrum.franking;

import java.util.Arrays;

/**
 * What a sender hands to the relay for one message: the E2E envelope, which only the recipients
 * can open, and the commitment in the clear, which the relay stamps.
 *
 * @param envelope the {@link org.fulcrum.franking.crypto.CommittingAead} envelope; copied in and out
 * @param commitment the franking commitment, also the envelope's associated data
 */
public record FrankedMessage(byte[] envelope, Commitment commitment) {

    /** Takes a copy of the envelope. */
    public FrankedMessage {
        if (commitment == null) {
            throw new IllegalArgumentException("commitment is required");
        }
        envelope = envelope.clone();
    }

    /** A copy of the envelope. */
    @Override
    public byte[] envelope() {
        return envelope.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FrankedMessage other
                && Arrays.equals(envelope, other.envelope)
                && commitment.equals(other.commitment);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(envelope) + commitment.hashCode();
    }

    @Override
    public String toString() {
        return "FrankedMessage[envelope=" + envelope.length + " bytes, commitment=" + commitment + "]";
    }
}
