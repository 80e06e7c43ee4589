package org.fulcrum.franking;

/**
 * The messenger's identifier of the account that sent a message: 1 to 128 visible ASCII characters.
 *
 * @param value the identifier as the relay knows it
 */
public record SenderId(String value) {

    /** Longest accepted identifier, in characters. */
    public static final int MAX_LENGTH = 128;

    /** Validates the identifier. */
    public SenderId {
        Ids.check("sender_id", value, MAX_LENGTH);
    }

    byte[] bytes() {
        return Ids.bytes(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
