package org.fulcrum.tlog.note;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * One signature line of a signed note: key name, key ID, and the signature bytes that follow the
 * key ID. For a cosignature the bytes are the timestamp and the Ed25519 signature.
 */
public record Signature(String name, int keyId, byte[] bytes) {

    public Signature {
        NoteKeys.requireValidName(name);
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The base64 field of the line: {@code base64(key ID || bytes)}. */
    public String base64() {
        return Base64.getEncoder()
                .encodeToString(ByteBuffer.allocate(4 + bytes.length)
                        .putInt(keyId)
                        .put(bytes)
                        .array());
    }

    /** The signature line, with its em dash and final newline. */
    public String line() {
        return "\u2014 " + name + " " + base64() + "\n";
    }

    /** Whether this signature was made by {@code verifier}'s key (same name and key ID). */
    public boolean isBy(NoteVerifier verifier) {
        return name.equals(verifier.name()) && keyId == verifier.keyId();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Signature s && name.equals(s.name) && keyId == s.keyId && Arrays.equals(bytes, s.bytes);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + keyId) * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Signature[" + name + "+" + HexFormat.of().toHexDigits(keyId) + "]";
    }
}
