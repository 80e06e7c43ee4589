package org.fulcrum.franking;

import java.security.PublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Optional;

/**
 * A relay's statement that it delivered a message with a given commitment from a sender in a
 * conversation at a time: an Ed25519 signature, by the key {@code keyId}, over
 * <pre>
 * lp("fulcrum/franking/v1/stamp") ‖ lp(key id) ‖ lp(commitment) ‖ lp(sender id)
 *     ‖ lp(conversation id) ‖ lp(uint64be(timestamp in Unix epoch milliseconds))
 * lp(x) = uint32be(length of x) ‖ x
 * </pre>
 * A version 2 stamp also names the recipient the relay delivered this copy to, under its own label:
 * <pre>
 * lp("fulcrum/franking/v2/stamp") ‖ lp(key id) ‖ lp(commitment) ‖ lp(sender id)
 *     ‖ lp(conversation id) ‖ lp(recipient id) ‖ lp(uint64be(timestamp in Unix epoch milliseconds))
 * </pre>
 * The relay never sees the message; anyone holding the relay's public key can check a stamp.
 *
 * @param keyId the relay key that signed
 * @param timestamp delivery time, whole milliseconds between 1970 and the end of year 9999
 * @param signature the 64-byte Ed25519 signature; copied in and out
 * @param recipient the recipient a version 2 stamp binds; empty for version 1
 */
public record Stamp(RelayKeyId keyId, Instant timestamp, byte[] signature, Optional<RecipientId> recipient) {

    /** Length of the signature in bytes. */
    public static final int SIGNATURE_LENGTH = Ed25519.SIGNATURE_LENGTH;
    /** Latest timestamp a stamp can carry: 9999-12-31T23:59:59.999Z. */
    public static final Instant MAX_TIMESTAMP = Instant.parse("9999-12-31T23:59:59.999Z");

    /** A version 1 stamp, which names no recipient. */
    public Stamp(RelayKeyId keyId, Instant timestamp, byte[] signature) {
        this(keyId, timestamp, signature, Optional.empty());
    }

    /** Validates the fields and takes a copy of the signature. */
    public Stamp {
        if (keyId == null || timestamp == null || recipient == null) {
            throw new IllegalArgumentException("key id and timestamp are required");
        }
        if (!timestamp.truncatedTo(ChronoUnit.MILLIS).equals(timestamp)) {
            throw new IllegalArgumentException("timestamp must be in whole milliseconds");
        }
        if (timestamp.isBefore(Instant.EPOCH) || timestamp.isAfter(MAX_TIMESTAMP)) {
            throw new IllegalArgumentException("timestamp must be between 1970 and 9999");
        }
        if (signature.length != SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("signature must be " + SIGNATURE_LENGTH + " bytes");
        }
        signature = signature.clone();
    }

    /** The format version: 2 when the stamp binds a recipient, else 1. */
    public int version() {
        return recipient.isPresent() ? 2 : 1;
    }

    /** Whether this stamp was signed by {@code relayKey} over exactly these fields (and its recipient, in version 2). */
    public boolean isValidFor(PublicKey relayKey, Commitment commitment, SenderId sender, ConversationId conversation) {
        byte[] signed = recipient
                .map(to -> signedBytes(keyId, commitment, sender, conversation, to, timestamp))
                .orElseGet(() -> signedBytes(keyId, commitment, sender, conversation, timestamp));
        return Ed25519.verify(relayKey, signed, signature);
    }

    static byte[] signedBytes(
            RelayKeyId keyId, Commitment commitment, SenderId sender, ConversationId conversation, Instant timestamp) {
        return Encoding.encode(
                Encoding.STAMP_LABEL,
                keyId.bytes(),
                commitment.bytes(),
                sender.bytes(),
                conversation.bytes(),
                Encoding.uint64(timestamp.toEpochMilli()));
    }

    static byte[] signedBytes(
            RelayKeyId keyId,
            Commitment commitment,
            SenderId sender,
            ConversationId conversation,
            RecipientId recipient,
            Instant timestamp) {
        return Encoding.encode(
                Encoding.STAMP_V2_LABEL,
                keyId.bytes(),
                commitment.bytes(),
                sender.bytes(),
                conversation.bytes(),
                recipient.bytes(),
                Encoding.uint64(timestamp.toEpochMilli()));
    }

    /** A copy of the signature. */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Stamp other
                && keyId.equals(other.keyId)
                && timestamp.equals(other.timestamp)
                && Arrays.equals(signature, other.signature)
                && recipient.equals(other.recipient);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * keyId.hashCode() + timestamp.hashCode()) + Arrays.hashCode(signature))
                + recipient.hashCode();
    }

    @Override
    public String toString() {
        return "Stamp[keyId=" + keyId + ", timestamp=" + timestamp
                + recipient.map(r -> ", recipient=" + r).orElse("") + ", signature=" + Base64Url.encode(signature)
                + "]";
    }
}
