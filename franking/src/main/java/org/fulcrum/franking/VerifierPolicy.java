package org.fulcrum.franking;

import java.time.Duration;

/**
 * Limits a {@link FrankingVerifier} applies on top of the cryptography.
 *
 * @param maxMessageBytes largest reported message accepted
 * @param maxClockSkew how far in the future a stamp may be dated, to allow for relay clocks running ahead
 * @param maxAge how old a stamp may be when reported
 * @param acceptVersion1 whether version 1 reports, whose stamp binds no recipient, are still verified
 */
public record VerifierPolicy(int maxMessageBytes, Duration maxClockSkew, Duration maxAge, boolean acceptVersion1) {

    /** Limits that accept both versions. */
    public VerifierPolicy(int maxMessageBytes, Duration maxClockSkew, Duration maxAge) {
        this(maxMessageBytes, maxClockSkew, maxAge, true);
    }

    /** Validates the limits. */
    public VerifierPolicy {
        if (maxMessageBytes < 0 || maxClockSkew.isNegative() || maxAge.isNegative()) {
            throw new IllegalArgumentException("verifier limits must not be negative");
        }
    }

    /** 64 KiB messages, 5 minutes of clock skew, reports up to 365 days after delivery, both versions. */
    public static VerifierPolicy defaults() {
        return new VerifierPolicy(
                FrankingReport.DEFAULT_MAX_MESSAGE_BYTES, Duration.ofMinutes(5), Duration.ofDays(365));
    }

    /** These limits with a different maximum stamp age. */
    public VerifierPolicy withMaxAge(Duration newMaxAge) {
        return new VerifierPolicy(maxMessageBytes, maxClockSkew, newMaxAge, acceptVersion1);
    }

    /** These limits, accepting version 1 reports or not. */
    public VerifierPolicy withVersion1(boolean accept) {
        return new VerifierPolicy(maxMessageBytes, maxClockSkew, maxAge, accept);
    }
}
