package org.fulcrum.franking;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A recipient's report of one message: the message, the opening of its commitment, and the relay's
 * stamp. Build one from {@link Receipt.Accepted}, send it as {@link #toJson()}, check it with a
 * {@link FrankingVerifier}. The JSON form is documented in the package description.
 *
 * @param message the message bytes, as decrypted; copied in and out
 * @param frankingKey the key that opens the commitment
 * @param commitment the commitment the relay stamped
 * @param sender the sender the relay stamped
 * @param conversation the conversation the relay stamped
 * @param stamp the relay's stamp, with its key id and timestamp
 */
public record FrankingReport(
        byte[] message,
        FrankingKey frankingKey,
        Commitment commitment,
        SenderId sender,
        ConversationId conversation,
        Stamp stamp) {

    /** Default limit on a reported message: 64 KiB. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;

    /** Checks that every field is present and takes a copy of the message. */
    public FrankingReport {
        if (frankingKey == null || commitment == null || sender == null || conversation == null || stamp == null) {
            throw new IllegalArgumentException("every field of a report is required");
        }
        message = message.clone();
    }

    /** Parses a report, refusing messages over {@link #DEFAULT_MAX_MESSAGE_BYTES}. */
    public static ParsedReport fromJson(String json) {
        return fromJson(json, DEFAULT_MAX_MESSAGE_BYTES);
    }

    /** Parses a report, refusing messages over {@code maxMessageBytes}. */
    public static ParsedReport fromJson(String json, int maxMessageBytes) {
        return ReportJson.read(json, maxMessageBytes);
    }

    /** The report as one line of JSON. */
    public String toJson() {
        return ReportJson.write(this);
    }

    /** When the relay delivered the message. */
    public Instant timestamp() {
        return stamp.timestamp();
    }

    /** The format version: 2 when the stamp binds a recipient, else 1. */
    public int version() {
        return stamp.version();
    }

    /** The recipient a version 2 stamp binds; empty in version 1. */
    public Optional<RecipientId> recipient() {
        return stamp.recipient();
    }

    /** The relay key that stamped the message. */
    public RelayKeyId relayKeyId() {
        return stamp.keyId();
    }

    /** A copy of the message bytes. */
    @Override
    public byte[] message() {
        return message.clone();
    }

    int messageLength() {
        return message.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FrankingReport other
                && Arrays.equals(message, other.message)
                && frankingKey.equals(other.frankingKey)
                && commitment.equals(other.commitment)
                && sender.equals(other.sender)
                && conversation.equals(other.conversation)
                && stamp.equals(other.stamp);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(message), frankingKey, commitment, sender, conversation, stamp);
    }

    @Override
    public String toString() {
        // The message is evidence of abuse; keep it out of logs.
        return "FrankingReport[message=" + message.length + " bytes, commitment=" + commitment + ", sender=" + sender
                + ", conversation=" + conversation + ", stamp=" + stamp + "]";
    }
}
