package org.fulcrum.franking;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The messenger's relay side of franking: on delivery it stamps a message's commitment with the
 * sender it authenticated, the conversation and the time. It needs no E2E key and sees no message.
 * Thread-safe.
 */
public final class Relay {

    private final RelayKeyPair key;
    private final Clock clock;

    /** A relay signing with {@code key} and reading delivery times from {@code clock}. */
    public Relay(RelayKeyPair key, Clock clock) {
        this.key = key;
        this.clock = clock;
    }

    /** Stamps {@code commitment} as delivered now from {@code sender} in {@code conversation}. */
    public Stamp stamp(Commitment commitment, SenderId sender, ConversationId conversation) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        byte[] signed = Stamp.signedBytes(key.id(), commitment, sender, conversation, now);
        return new Stamp(key.id(), now, Ed25519.sign(key.privateKey(), signed));
    }
}
