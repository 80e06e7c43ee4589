package org.fulcrum.franking;

/**
 * The messenger's identifier of the account a message was delivered to, as the relay stamps it in
 * format version 2: 1 to 128 visible ASCII characters. It is the same identifier the platform
 * names a reporter by, so a verifier can tell whether the reporter is the one the message reached.
 *
 * @param value the identifier as the relay knows it
 */
public record RecipientId(String value) {

    /** Longest accepted identifier, in characters. */
    public static final int MAX_LENGTH = 128;

    /** Validates the identifier. */
    public RecipientId {
        Ids.check("recipient_id", value, MAX_LENGTH);
    }

    byte[] bytes() {
        return Ids.bytes(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
