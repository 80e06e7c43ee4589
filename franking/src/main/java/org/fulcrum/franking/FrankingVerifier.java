package org.fulcrum.franking;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Verifies reports for the platform, holding only relay public keys: the stamp must be a registered
 * relay key's signature over the commitment, sender, conversation and time, and the franking key
 * must open the commitment to the reported message. Thread-safe if the registry is.
 *
 * <p>Checks run cheapest and most general first, and the first failure is the reason: size, version,
 * key lookup, revocation, time against the clock, time against the key's period, stamp, commitment,
 * and, when the submitter is known, that it is the recipient a version 2 stamp binds.
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

    /**
     * Parses and verifies a report submitted by {@code reporter}: a version 2 report must name the
     * reporter as its recipient, else {@code NOT_RECIPIENT}; a version 1 report binds no one.
     */
    public Verification verifyJson(String json, String reporter) {
        return switch (FrankingReport.fromJson(json, policy.maxMessageBytes())) {
            case ParsedReport.Ok ok -> verify(ok.report(), reporter);
            case ParsedReport.Malformed malformed -> reject(RejectReason.MALFORMED, malformed.detail());
        };
    }

    /** Verifies a report submitted by {@code reporter}; see {@link #verifyJson(String, String)}. */
    public Verification verify(FrankingReport report, String reporter) {
        Verification v = verify(report);
        if (v instanceof Verification.Verified
                && report.recipient().isPresent()
                && !report.recipient().get().value().equals(reporter)) {
            return reject(
                    RejectReason.NOT_RECIPIENT,
                    "recipient_id: the message was delivered to "
                            + report.recipient().get() + ", so only that account can report it");
        }
        return v;
    }

    /** Verifies a report, whoever submits it. */
    public Verification verify(FrankingReport report) {
        if (report.messageLength() > policy.maxMessageBytes()) {
            return reject(RejectReason.MALFORMED, "message: larger than " + policy.maxMessageBytes() + " bytes");
        }
        if (report.version() == 1 && !policy.acceptVersion1()) {
            return reject(
                    RejectReason.VERSION_NOT_ACCEPTED,
                    "version: version 1 reports, which bind no recipient, are no longer accepted; report with version 2");
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
            return reject(
                    RejectReason.TIMESTAMP_OUT_OF_RANGE,
                    "timestamp_ms: " + stamped + " is older than "
                            + policy.maxAge().toDays() + " days");
        }
        if (!key.covers(stamped)) {
            return reject(
                    RejectReason.EXPIRED_KEY, "relay_key_id: relay key " + key.id() + " was not valid at " + stamped);
        }
        if (!report.stamp().isValidFor(key.publicKey(), report.commitment(), report.sender(), report.conversation())) {
            return reject(RejectReason.BAD_STAMP, "stamp: not a signature by " + key.id() + " over this report");
        }
        if (!report.commitment()
                .opensTo(report.frankingKey(), report.message(), report.sender(), report.conversation())) {
            return reject(RejectReason.BAD_COMMITMENT, "franking_key: does not open the commitment to this message");
        }
        return new Verification.Verified(report);
    }

    private static Verification reject(RejectReason reason, String detail) {
        return new Verification.Rejected(reason, detail);
    }
}
