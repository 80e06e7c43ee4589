package org.fulcrum.franking;

import java.util.Arrays;
import org.fulcrum.franking.crypto.HmacSha256;

/**
 * A franking commitment: HMAC-SHA256 under the franking key of the encoded triple (message, sender
 * id, conversation id). It hides the message from the relay and, because HMAC-SHA256 is collision
 * resistant, cannot later be opened to any other message, sender or conversation.
 *
 * <pre>
 * commitment = HMAC-SHA256(franking key,
 *     lp("fulcrum/franking/v1/commitment") ‖ lp(message) ‖ lp(sender id) ‖ lp(conversation id))
 * lp(x) = uint32be(length of x) ‖ x;  ids as ASCII bytes
 * </pre>
 *
 * @param bytes exactly 32 bytes; copied in and out
 */
public record Commitment(byte[] bytes) {

    /** Length in bytes. */
    public static final int LENGTH = HmacSha256.LENGTH;

    /** Validates the length and takes a copy. */
    public Commitment {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("commitment must be " + LENGTH + " bytes");
        }
        bytes = bytes.clone();
    }

    /** Computes the commitment to {@code message} from {@code sender} in {@code conversation}. */
    public static Commitment compute(FrankingKey key, byte[] message, SenderId sender, ConversationId conversation) {
        byte[] encoded = Encoding.encode(Encoding.COMMITMENT_LABEL, message, sender.bytes(), conversation.bytes());
        return new Commitment(HmacSha256.mac(key.bytes(), encoded));
    }

    /** Whether {@code key} opens this commitment to exactly that message, sender and conversation. */
    public boolean opensTo(FrankingKey key, byte[] message, SenderId sender, ConversationId conversation) {
        return HmacSha256.equal(bytes, compute(key, message, sender, conversation).bytes);
    }

    /** A copy of the commitment bytes. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Commitment other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Commitment[" + Base64Url.encode(bytes) + "]";
    }
}
