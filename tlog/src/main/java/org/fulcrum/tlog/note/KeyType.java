package org.fulcrum.tlog.note;

/** Signature types of C2SP signed notes supported here, with their identifier byte. */
public enum KeyType {
    /** Ed25519 over the note text. */
    ED25519((byte) 0x01),
    /** C2SP tlog-cosignature/v1: timestamped Ed25519 over a cosigned checkpoint. */
    COSIGNATURE_V1((byte) 0x04);

    private final byte id;

    KeyType(byte id) {
        this.id = id;
    }

    /** Identifier byte that prefixes the encoded key and enters the key ID. */
    public byte id() {
        return id;
    }

    static KeyType of(byte id) {
        for (KeyType type : values()) {
            if (type.id == id) {
                return type;
            }
        }
        return null;
    }
}
