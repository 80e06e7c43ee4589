package org.fulcrum.franking;

import java.util.Arrays;

/**
 * A franked message as the relay delivers it to a recipient.
 *
 * @param sender the sender as the relay authenticated it
 * @param conversation the conversation the message was posted in
 * @param envelope the E2E envelope; copied in and out
 * @param commitment the commitment the relay stamped
 * @param stamp the relay's stamp
 */
public record Delivery(
        SenderId sender, ConversationId conversation, byte[] envelope, Commitment commitment, Stamp stamp) {

    /** Checks that every field is present and takes a copy of the envelope. */
    public Delivery {
        if (sender == null || conversation == null || commitment == null || stamp == null) {
            throw new IllegalArgumentException("sender, conversation, commitment and stamp are required");
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
        return o instanceof Delivery other
                && sender.equals(other.sender)
                && conversation.equals(other.conversation)
                && Arrays.equals(envelope, other.envelope)
                && commitment.equals(other.commitment)
                && stamp.equals(other.stamp);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new Object[] {sender, conversation, Arrays.hashCode(envelope), commitment, stamp});
    }

    @Override
    public String toString() {
        return "Delivery[sender=" + sender + ", conversation=" + conversation + ", envelope=" + envelope.length
                + " bytes, commitment=" + commitment + ", stamp=" + stamp + "]";
    }
}
