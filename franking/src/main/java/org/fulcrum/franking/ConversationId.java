package org.fulcrum.franking;

/**
 * The messenger's identifier of a conversation (a one-to-one chat or a group): 1 to 128 visible
 * ASCII characters.
 *
 * @param value the identifier as the relay knows it
 */
public record ConversationId(String value) {

    /** Longest accepted identifier, in characters. */
    public static final int MAX_LENGTH = 128;

    /** Validates the identifier. */
    public ConversationId {
        Ids.check("conversation_id", value, MAX_LENGTH);
    }

    byte[] bytes() {
        return Ids.bytes(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
