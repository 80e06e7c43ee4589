package org.fulcrum.tlog.note;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Arrays;

/**
 * Verifies C2SP tlog-cosignature/v1 Ed25519 cosignatures (signature type {@code 0x04}).
 *
 * <p>The signature bytes are an 8-byte big-endian POSIX timestamp followed by an Ed25519 signature
 * over {@code "cosignature/v1\ntime <timestamp>\n"} and the whole checkpoint note text. A timestamp
 * above 2^63 - 1 is invalid.
 */
public final class CosignatureVerifier implements NoteVerifier {

    static final int SIGNATURE_SIZE = 8 + Ed25519.SIGNATURE_SIZE;

    private final String name;
    private final PublicKey key;
    private final byte[] raw;
    private final int keyId;

    CosignatureVerifier(String name, PublicKey key, byte[] raw) {
        NoteKeys.requireValidName(name);
        this.name = name;
        this.key = key;
        this.raw = raw.clone();
        this.keyId = NoteKeys.keyId(name, KeyType.COSIGNATURE_V1, raw);
    }

    /**
     * Timestamp (POSIX seconds) carried by a cosignature's bytes, or -1 when they are not a
     * cosignature.
     */
    public static long timestamp(byte[] signature) {
        if (signature.length != SIGNATURE_SIZE) {
            return -1;
        }
        long time = ByteBuffer.wrap(signature, 0, 8).getLong();
        return time < 0 ? -1 : time;
    }

    static byte[] message(long timestamp, byte[] text) {
        byte[] header = ("cosignature/v1\ntime " + timestamp + "\n").getBytes(StandardCharsets.US_ASCII);
        return Ed25519.concat(header, text);
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
        long time = timestamp(signature);
        if (time < 0) {
            return false;
        }
        byte[] sig = Arrays.copyOfRange(signature, 8, SIGNATURE_SIZE);
        return Ed25519.verify(key, message(time, text), sig);
    }

    @Override
    public String verifierKey() {
        return NoteKeys.verifierKey(name, KeyType.COSIGNATURE_V1, raw);
    }

    @Override
    public String toString() {
        return verifierKey();
    }
}
