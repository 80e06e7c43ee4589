package org.fulcrum.tlog.note;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * Produces C2SP tlog-cosignature/v1 cosignatures (signature type {@code 0x04}), as a witness
 * does: it signs a checkpoint note text together with the current time from its clock.
 *
 * <p>A cosignature states that the checkpoint is consistent with everything the cosigner has seen
 * of the log; this class does not check that, its caller must.
 */
public final class CosignatureSigner implements NoteSigner {

    private final String name;
    private final byte[] seed;
    private final PrivateKey key;
    private final byte[] publicKey;
    private final int keyId;
    private final Clock clock;

    /** A cosigner from a 32-byte Ed25519 seed, stamping signatures with {@code clock}'s time. */
    public CosignatureSigner(String name, byte[] seed, Clock clock) {
        NoteKeys.requireValidName(name);
        this.name = name;
        this.seed = seed.clone();
        this.key = Ed25519.privateKey(seed);
        this.publicKey = Ed25519.publicKeyOf(seed);
        this.keyId = NoteKeys.keyId(name, KeyType.COSIGNATURE_V1, publicKey);
        this.clock = clock;
    }

    /** A new random cosigner key. */
    public static CosignatureSigner generate(String name, SecureRandom random, Clock clock) {
        return new CosignatureSigner(name, Ed25519.newSeed(random), clock);
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
        long time = clock.instant().getEpochSecond();
        if (time < 0) {
            throw new IllegalStateException("clock is before 1970: " + clock.instant());
        }
        byte[] sig = Ed25519.sign(key, CosignatureVerifier.message(time, text));
        return ByteBuffer.allocate(CosignatureVerifier.SIGNATURE_SIZE)
                .putLong(time)
                .put(sig)
                .array();
    }

    /** The matching verifier. */
    public CosignatureVerifier verifier() {
        try {
            return new CosignatureVerifier(name, Ed25519.publicKey(publicKey), publicKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("derived public key does not decode", e);
        }
    }

    /** The signer key string {@code PRIVATE+KEY+name+hexID+base64(0x04 || seed)}; a secret. */
    public String signerKey() {
        return NoteKeys.signerKey(name, keyId, KeyType.COSIGNATURE_V1, seed);
    }

    @Override
    public String toString() {
        return "CosignatureSigner[" + name + "]";
    }
}
