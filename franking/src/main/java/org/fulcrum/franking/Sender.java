package org.fulcrum.franking;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import org.fulcrum.franking.crypto.CommittingAead;

/**
 * The sending client's side of franking. For each message it draws a fresh franking key, commits
 * to (message, sender, conversation), and seals {@code franking key ‖ message} under the E2E
 * message key with the commitment as associated data. Thread-safe if the random source is.
 */
public final class Sender {

    private final SecureRandom random;
    private final int maxMessageBytes;

    /** A sender that refuses messages over {@link FrankingReport#DEFAULT_MAX_MESSAGE_BYTES}. */
    public Sender(SecureRandom random) {
        this(random, FrankingReport.DEFAULT_MAX_MESSAGE_BYTES);
    }

    /** A sender that refuses messages over {@code maxMessageBytes}. */
    public Sender(SecureRandom random, int maxMessageBytes) {
        if (maxMessageBytes < 0) {
            throw new IllegalArgumentException("maxMessageBytes must not be negative");
        }
        this.random = random;
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Franks and encrypts one message.
     *
     * @param messageKey the 32-byte key the E2E session gives this message
     * @throws IllegalArgumentException if the message is over the size limit or the key is not 32 bytes
     */
    public FrankedMessage frank(byte[] messageKey, byte[] message, SenderId sender, ConversationId conversation) {
        if (message.length > maxMessageBytes) {
            throw new IllegalArgumentException("message is over " + maxMessageBytes + " bytes");
        }
        FrankingKey key = FrankingKey.random(random);
        Commitment commitment = Commitment.compute(key, message, sender, conversation);
        byte[] plaintext = ByteBuffer.allocate(FrankingKey.LENGTH + message.length)
                .put(key.bytes())
                .put(message)
                .array();
        return new FrankedMessage(CommittingAead.seal(messageKey, plaintext, commitment.bytes(), random), commitment);
    }
}
