package org.fulcrum.franking;

/**
 * Names one of a relay's Ed25519 signing keys in a {@link RelayKeyRegistry}: 1 to 64 visible ASCII
 * characters, for example {@code relay-2026-03}. The id is part of what a stamp signs.
 *
 * @param value the key id
 */
public record RelayKeyId(String value) {

    /** Longest accepted key id, in characters. */
    public static final int MAX_LENGTH = 64;

    /** Validates the key id. */
    public RelayKeyId {
        Ids.check("relay_key_id", value, MAX_LENGTH);
    }

    byte[] bytes() {
        return Ids.bytes(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
