package org.fulcrum.tlog.note;

/** A key that verifies note signatures. */
public interface NoteVerifier {

    /** Key name, as written on the signature line. */
    String name();

    /** Key ID, the first four bytes of the signature, big-endian. */
    int keyId();

    /** Whether {@code signature} (without the key ID) is valid for the UTF-8 note text. */
    boolean verify(byte[] text, byte[] signature);

    /** The verifier key string, {@code name+hexID+base64(type || public key)}. */
    String verifierKey();
}
