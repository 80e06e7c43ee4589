package org.fulcrum.franking;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

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

    /**
     * Stamps {@code commitment} as delivered now from {@code sender} in {@code conversation}, in format
     * version 1, which names no recipient: whoever holds the report can submit it.
     */
    public Stamp stamp(Commitment commitment, SenderId sender, ConversationId conversation) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        byte[] signed = Stamp.signedBytes(key.id(), commitment, sender, conversation, now);
        return new Stamp(key.id(), now, Ed25519.sign(key.privateKey(), signed));
    }

    /**
     * Stamps {@code commitment} as delivered now from {@code sender} in {@code conversation} to
     * {@code recipient}, in format version 2: a report made from it verifies only for that recipient.
     * A relay delivering to several recipients stamps each copy for its own recipient.
     */
    public Stamp stampFor(Commitment commitment, SenderId sender, ConversationId conversation, RecipientId recipient) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        byte[] signed = Stamp.signedBytes(key.id(), commitment, sender, conversation, recipient, now);
        return new Stamp(key.id(), now, Ed25519.sign(key.privateKey(), signed), Optional.of(recipient));
    }
}
