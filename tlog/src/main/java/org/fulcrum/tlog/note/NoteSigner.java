package org.fulcrum.tlog.note;

/** A key that signs note texts. */
public interface NoteSigner {

    /** Key name, as written on the signature line. */
    String name();

    /** Key ID, the first four bytes of the signature, big-endian. */
    int keyId();

    /** Signature bytes over the UTF-8 note text (without the key ID). */
    byte[] sign(byte[] text);
}
