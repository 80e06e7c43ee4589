package org.fulcrum.tlog.note;

import java.security.PublicKey;

/** Verifies plain Ed25519 note signatures (signature type {@code 0x01}). */
public final class Ed25519NoteVerifier implements NoteVerifier {

    private final String name;
    private final PublicKey key;
    private final byte[] raw;
    private final int keyId;

    Ed25519NoteVerifier(String name, PublicKey key, byte[] raw) {
        NoteKeys.requireValidName(name);
        this.name = name;
        this.key = key;
        this.raw = raw.clone();
        this.keyId = NoteKeys.keyId(name, KeyType.ED25519, raw);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int keyId() {
        return keyId;
    }

    /** The raw 32-byte public key. */
    public byte[] publicKey() {
        return raw.clone();
    }

    @Override
    public boolean verify(byte[] text, byte[] signature) {
        return Ed25519.verify(key, text, signature);
    }

    @Override
    public String verifierKey() {
        return NoteKeys.verifierKey(name, KeyType.ED25519, raw);
    }

    @Override
    public String toString() {
        return verifierKey();
    }
}
