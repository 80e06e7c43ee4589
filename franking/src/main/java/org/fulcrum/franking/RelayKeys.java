package org.fulcrum.franking;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Relay key helpers: generate an Ed25519 key pair, and encode keys as text for key files and
 * configuration. Both kinds of key are written as standard base64 (RFC 4648 section 4, padded) of
 * their raw 32 bytes: the public key as in RFC 8032, the private key as its 32-byte seed.
 */
public final class RelayKeys {

    private RelayKeys() {}

    /** Generates a new relay signing key named {@code id}. */
    public static RelayKeyPair generate(RelayKeyId id, SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(255, random);
            KeyPair pair = generator.generateKeyPair();
            return new RelayKeyPair(id, pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        }
    }

    /** Base64 of the raw 32-byte public key (44 characters). */
    public static String encodePublicKey(PublicKey key) {
        if (!Ed25519.isEd25519(key)) {
            throw new IllegalArgumentException("not an Ed25519 public key");
        }
        return Base64.getEncoder().encodeToString(Ed25519.raw(key));
    }

    /**
     * Decodes a public key written by {@link #encodePublicKey}; surrounding whitespace is ignored.
     *
     * @throws IllegalArgumentException if the text is not base64 of exactly 32 bytes
     */
    public static PublicKey decodePublicKey(String base64) {
        return Ed25519.publicKey(decode(base64, "public key"));
    }

    /** Base64 of the raw 32-byte private key seed (44 characters). Keep it secret. */
    public static String encodePrivateKey(RelayKeyPair key) {
        return Base64.getEncoder().encodeToString(Ed25519.seed(key.privateKey()));
    }

    /**
     * Rebuilds a key pair from its encoded private and public keys, checking that they match.
     *
     * @throws IllegalArgumentException if either key does not decode or they are not a pair
     */
    public static RelayKeyPair decodeKeyPair(RelayKeyId id, String privateBase64, String publicBase64) {
        RelayKeyPair pair = new RelayKeyPair(
                id, Ed25519.privateKey(decode(privateBase64, "private key")), decodePublicKey(publicBase64));
        byte[] probe = "fulcrum relay key pair check".getBytes(StandardCharsets.US_ASCII);
        if (!Ed25519.verify(pair.publicKey(), probe, Ed25519.sign(pair.privateKey(), probe))) {
            throw new IllegalArgumentException("the public key does not match the private key");
        }
        return pair;
    }

    private static byte[] decode(String base64, String what) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not base64", e);
        }
        if (raw.length != Ed25519.KEY_LENGTH) {
            throw new IllegalArgumentException(what + " must be " + Ed25519.KEY_LENGTH + " bytes");
        }
        return raw;
    }
}
