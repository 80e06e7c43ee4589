package org.fulcrum.tlog.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The RFC 6962 hash functions: {@code leaf = SHA-256(0x00 || data)}, {@code node = SHA-256(0x01 ||
 * left || right)}, and the root of the empty tree {@code SHA-256("")}.
 */
public final class Rfc6962 {

    /** Length in bytes of every hash in the tree. */
    public static final int HASH_SIZE = 32;

    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    // Never updated, only cloned: cloning is much cheaper than a provider lookup per hash.
    private static final MessageDigest PROTOTYPE = sha256();

    private Rfc6962() {}

    /** Root hash of the empty tree, {@code SHA-256("")}. */
    public static byte[] emptyRoot() {
        return digest().digest();
    }

    /** Leaf hash of one log entry. */
    public static byte[] leafHash(byte[] data) {
        MessageDigest md = digest();
        md.update(LEAF_PREFIX);
        md.update(data);
        return md.digest();
    }

    /** Interior node hash of two child hashes. */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest md = digest();
        md.update(NODE_PREFIX);
        md.update(left);
        md.update(right);
        return md.digest();
    }

    /** Plain SHA-256, exposed for key IDs and other non-tree uses. */
    public static byte[] sha256(byte[]... parts) {
        MessageDigest md = digest();
        for (byte[] part : parts) {
            md.update(part);
        }
        return md.digest();
    }

    private static MessageDigest digest() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return sha256();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
