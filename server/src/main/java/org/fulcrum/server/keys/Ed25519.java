package org.fulcrum.server.keys;

import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The server's one Ed25519 (RFC 8032, pure, no context) helper: keys as their raw 32 bytes, a
 * private key as its seed, signatures of 64 bytes. Lawful request and answer signatures, officers'
 * signing keys and relay key registration all go through it; the tlog and franking libraries keep
 * their own, behind their own APIs.
 */
public final class Ed25519 {
    /** Length of a public key and of a private key's seed. */
    public static final int KEY_LENGTH = 32;
    /** Length of a signature. */
    public static final int SIGNATURE_LENGTH = 64;

    private Ed25519() {}

    /** A new private key seed from {@code random}. */
    public static byte[] newSeed(SecureRandom random) {
        return new Ed25519PrivateKeyParameters(random).getEncoded();
    }

    /** The public key of a private key seed. */
    public static byte[] publicKeyOf(byte[] seed) {
        return privateKey(seed).generatePublicKey().getEncoded();
    }

    /** The signature of {@code message} by the private key {@code seed}. */
    public static byte[] sign(byte[] seed, byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey(seed));
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    /**
     * Whether {@code signature} is the signature of {@code message} by {@code publicKey}; false, never
     * an exception, for a key or signature of the wrong length or a key that is not a curve point.
     */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey == null
                || signature == null
                || publicKey.length != KEY_LENGTH
                || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        try {
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
            verifier.update(message, 0, message.length);
            return verifier.verifySignature(signature);
        } catch (IllegalArgumentException notAPoint) {
            return false;
        }
    }

    /**
     * A public key from standard base64 (RFC 4648 section 4) of its raw 32 bytes, as relays register
     * theirs; throws {@link IllegalArgumentException} for anything else, including a non-point.
     */
    public static byte[] parsePublicKey(String base64) {
        if (base64 == null) {
            throw new IllegalArgumentException("no public key");
        }
        byte[] raw = Base64.getDecoder().decode(base64.strip());
        return checkedPublicKey(raw);
    }

    /** {@code raw} if it is a 32-byte encoding of a point on the curve; throws otherwise. */
    public static byte[] checkedPublicKey(byte[] raw) {
        if (raw.length != KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 public key is " + KEY_LENGTH + " bytes, not " + raw.length);
        }
        new Ed25519PublicKeyParameters(raw, 0); // decodes the point, throwing for one off the curve
        return raw.clone();
    }

    private static Ed25519PrivateKeyParameters privateKey(byte[] seed) {
        if (seed.length != KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 private key is a " + KEY_LENGTH + "-byte seed");
        }
        return new Ed25519PrivateKeyParameters(seed, 0);
    }
}
