package org.fulcrum.franking;

import java.util.Arrays;
import java.util.Optional;
import org.fulcrum.franking.crypto.CommittingAead;

/**
 * The receiving client's side of franking: opens a delivery and shows the message only if the
 * franking key inside reproduces the commitment the relay stamped, for the sender and conversation
 * the relay named. A sender who commits to one message and encrypts another is caught here, so a
 * recipient never sees a message it could not report. Thread-safe.
 *
 * <p>The recipient does not check the stamp itself; a client that wants to can pass
 * {@link Receipt.Accepted#report()} to a {@link FrankingVerifier} holding the relay's keys.
 */
public final class Recipient {

    private final int maxMessageBytes;

    /** A recipient that refuses messages over {@link FrankingReport#DEFAULT_MAX_MESSAGE_BYTES}. */
    public Recipient() {
        this(FrankingReport.DEFAULT_MAX_MESSAGE_BYTES);
    }

    /** A recipient that refuses messages over {@code maxMessageBytes}. */
    public Recipient(int maxMessageBytes) {
        if (maxMessageBytes < 0) {
            throw new IllegalArgumentException("maxMessageBytes must not be negative");
        }
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Opens {@code delivery} with the E2E message key.
     *
     * @param messageKey the 32-byte key the E2E session gives this message
     */
    public Receipt open(Delivery delivery, byte[] messageKey) {
        byte[] envelope = delivery.envelope();
        if (envelope.length > (long) CommittingAead.OVERHEAD + FrankingKey.LENGTH + maxMessageBytes) {
            return new Receipt.Refused(Receipt.Reason.MALFORMED);
        }
        Optional<byte[]> opened =
                CommittingAead.open(messageKey, envelope, delivery.commitment().bytes());
        if (opened.isEmpty()) {
            return new Receipt.Refused(Receipt.Reason.DECRYPTION_FAILED);
        }
        byte[] plaintext = opened.get();
        if (plaintext.length < FrankingKey.LENGTH) {
            return new Receipt.Refused(Receipt.Reason.MALFORMED);
        }
        FrankingKey key = new FrankingKey(Arrays.copyOf(plaintext, FrankingKey.LENGTH));
        byte[] message = Arrays.copyOfRange(plaintext, FrankingKey.LENGTH, plaintext.length);
        if (!delivery.commitment().opensTo(key, message, delivery.sender(), delivery.conversation())) {
            return new Receipt.Refused(Receipt.Reason.BAD_COMMITMENT);
        }
        return new Receipt.Accepted(new FrankingReport(
                message, key, delivery.commitment(), delivery.sender(), delivery.conversation(), delivery.stamp()));
    }
}
