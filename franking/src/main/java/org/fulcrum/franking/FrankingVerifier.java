package org.fulcrum.franking;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Verifies reports for the platform, holding only relay public keys: the stamp must be a registered
 * relay key's signature over the commitment, sender, conversation and time, and the franking key
 * must open the commitment to the reported message. Thread-safe if the registry is.
 *
 * <p>Checks run cheapest and most general first, and the first failure is the reason: size, key
 * lookup, revocation, time against the clock, time against the key's period, stamp, commitment.
 */
public final class FrankingVerifier {

    private final RelayKeyRegistry registry;
    private final Clock clock;
    private final VerifierPolicy policy;

    /** A verifier with {@link VerifierPolicy#defaults()}. */
    public FrankingVerifier(RelayKeyRegistry registry, Clock clock) {
        this(registry, clock, VerifierPolicy.defaults());
    }

    /** A verifier trusting the keys in {@code registry}, reading the time from {@code clock}. */
    public FrankingVerifier(RelayKeyRegistry registry, Clock clock, VerifierPolicy policy) {
        this.registry = registry;
        this.clock = clock;
        this.policy = policy;
    }

    /** Parses a report from JSON and verifies it; a report that does not parse is {@code MALFORMED}. */
    public Verification verifyJson(String json) {
        return switch (FrankingReport.fromJson(json, policy.maxMessageBytes())) {
            case ParsedReport.Ok ok -> verify(ok.report());
            case ParsedReport.Malformed malformed -> reject(RejectReason.MALFORMED, malformed.detail());
        };
    }

    /** Verifies a report. */
    public Verification verify(FrankingReport report) {
        if (report.messageLength() > policy.maxMessageBytes()) {
            return reject(RejectReason.MALFORMED, "message: larger than " + policy.maxMessageBytes() + " bytes");
        }
        Optional<RelayKey> found = registry.find(report.relayKeyId());
        if (found.isEmpty()) {
            return reject(RejectReason.UNKNOWN_RELAY_KEY, "relay_key_id: no relay key " + report.relayKeyId());
        }
        RelayKey key = found.get();
        if (key.revoked()) {
            return reject(RejectReason.REVOKED_KEY, "relay_key_id: relay key " + key.id() + " is revoked");
        }
        Instant stamped = report.timestamp();
        Instant now = clock.instant();
        if (stamped.isAfter(now.plus(policy.maxClockSkew()))) {
            return reject(RejectReason.TIMESTAMP_OUT_OF_RANGE, "timestamp_ms: " + stamped + " is in the future");
        }
        if (stamped.isBefore(now.minus(policy.maxAge()))) {
            return reject(RejectReason.TIMESTAMP_OUT_OF_RANGE,
                    "timestamp_ms: " + stamped + " is older than " + policy.maxAge().toDays() + " days");
        }
        if (!key.covers(stamped)) {
            return reject(RejectReason.EXPIRED_KEY,
                    "relay_key_id: relay key " + key.id() + " was not valid at " + stamped);
        }
        if (!report.stamp().isValidFor(key.publicKey(), report.commitment(), report.sender(), report.conversation())) {
            return reject(RejectReason.BAD_STAMP, "stamp: not a signature by " + key.id() + " over this report");
        }
        if (!report.commitment().opensTo(report.frankingKey(), report.message(), report.sender(),
                report.conversation())) {
            return reject(RejectReason.BAD_COMMITMENT, "franking_key: does not open the commitment to this message");
        }
        return new Verification.Verified(report);
    }

    private static Verification reject(RejectReason reason, String detail) {
        return new Verification.Rejected(reason, detail);
    }
}
