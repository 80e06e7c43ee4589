package org.fulcrum.tlog.note;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;

/** Signs notes with plain Ed25519 (signature type {@code 0x01}), for example a log's checkpoints. */
public final class Ed25519NoteSigner implements NoteSigner {

    private final String name;
    private final byte[] seed;
    private final PrivateKey key;
    private final byte[] publicKey;
    private final int keyId;

    /** A signer from a 32-byte Ed25519 seed (the RFC 8032 private key). */
    public Ed25519NoteSigner(String name, byte[] seed) {
        NoteKeys.requireValidName(name);
        this.name = name;
        this.seed = seed.clone();
        this.key = Ed25519.privateKey(seed);
        this.publicKey = Ed25519.publicKeyOf(seed);
        this.keyId = NoteKeys.keyId(name, KeyType.ED25519, publicKey);
    }

    /** A new random key. */
    public static Ed25519NoteSigner generate(String name, SecureRandom random) {
        return new Ed25519NoteSigner(name, Ed25519.newSeed(random));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int keyId() {
        return keyId;
    }

    @Override
    public byte[] sign(byte[] text) {
        return Ed25519.sign(key, text);
    }

    /** The matching verifier. */
    public Ed25519NoteVerifier verifier() {
        try {
            return new Ed25519NoteVerifier(name, Ed25519.publicKey(publicKey), publicKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("derived public key does not decode", e);
        }
    }

    /** The signer key string {@code PRIVATE+KEY+name+hexID+base64(0x01 || seed)}; a secret. */
    public String signerKey() {
        return NoteKeys.signerKey(name, keyId, KeyType.ED25519, seed);
    }

    @Override
    public String toString() {
        return "Ed25519NoteSigner[" + name + "]";
    }
}
