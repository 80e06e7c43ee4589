package org.fulcrum.server.lawful;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.fulcrum.server.FulcrumException;
import org.fulcrum.server.web.Json;

/**
 * A package encrypted to one officer's X25519 key, as a JSON document:
 *
 * <pre>{@code
 * {"format": "fulcrum-sealed-package-v1", "alg": "X25519-HKDF-SHA256-A256GCM",
 *  "id": "<package id>", "kid": "<recipient key thumbprint>",
 *  "epk": "<ephemeral X25519 public key, base64url>", "iv": "<12 bytes, base64url>",
 *  "ciphertext": "<AES-256-GCM ciphertext with its 16-byte tag, base64url>"}
 * }</pre>
 *
 * The key is HKDF-SHA256 (RFC 5869) with the X25519 shared secret as input keying material, salt
 * {@code epk || recipient public key} and info {@code "fulcrum-sealed-package-v1"}; the associated
 * data is {@code "fulcrum-sealed-package-v1|" + id + "|" + kid}, so a package cannot be passed off
 * under another id or recipient. A fresh ephemeral key per package; nothing to decrypt it stays
 * with Fulcrum.
 */
public record SealedPackage(String format, String alg, String id, String kid, String epk, String iv, String ciphertext) {
    public static final String FORMAT = "fulcrum-sealed-package-v1";
    public static final String ALG = "X25519-HKDF-SHA256-A256GCM";
    private static final SecureRandom RANDOM = new SecureRandom();

    public SealedPackage {
        if (!FORMAT.equals(format) || !ALG.equals(alg)) {
            throw new FulcrumException.InvalidInput("format", "not a " + FORMAT + " package with " + ALG);
        }
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kid, "kid");
    }

    /** Encrypts {@code plaintext} to {@code recipient} (an X25519 public key). */
    public static SealedPackage seal(String id, Jwk recipient, byte[] plaintext) {
        if (!Jwk.X25519.equals(recipient.crv())) {
            throw new IllegalArgumentException("packages are encrypted to X25519 keys");
        }
        X25519PrivateKeyParameters eph = new X25519PrivateKeyParameters(RANDOM);
        byte[] epk = eph.generatePublicKey().getEncoded();
        byte[] key = derive(eph, recipient.publicBytes(), epk, recipient.publicBytes());
        byte[] iv = new byte[12];
        RANDOM.nextBytes(iv);
        byte[] ct = aes(Cipher.ENCRYPT_MODE, key, iv, aad(id, recipient.kid()), plaintext);
        return new SealedPackage(FORMAT, ALG, id, recipient.kid(), Jwk.b64(epk), Jwk.b64(iv), Jwk.b64(ct));
    }

    /** Decrypts with the recipient's private X25519 key; fails if anything was altered. */
    public byte[] open(Jwk recipientPrivate) {
        if (!recipientPrivate.kid().equals(kid)) {
            throw new FulcrumException.InvalidInput("key", "this package is encrypted to key " + kid + ", not "
                    + recipientPrivate.kid());
        }
        byte[] epkBytes = Jwk.decode("epk", epk);
        byte[] key = derive(recipientPrivate.x25519Private(), epkBytes, epkBytes, recipientPrivate.publicBytes());
        return aes(Cipher.DECRYPT_MODE, key, Jwk.decode("iv", iv), aad(id, kid), Jwk.decode("ciphertext", ciphertext));
    }

    public String toJson() {
        return Json.write(this);
    }

    public static SealedPackage parse(String json) {
        try {
            return Json.mapper().readValue(json, SealedPackage.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new FulcrumException.InvalidInput("package", "is not a sealed package: " + e.getOriginalMessage());
        }
    }

    /** Agreement between {@code priv} and {@code peer}, then HKDF with salt {@code epk || recipientPub}. */
    private static byte[] derive(X25519PrivateKeyParameters priv, byte[] peer, byte[] epk, byte[] recipientPub) {
        X25519Agreement agreement = new X25519Agreement();
        agreement.init(priv);
        byte[] shared = new byte[agreement.getAgreementSize()];
        try {
            agreement.calculateAgreement(new X25519PublicKeyParameters(peer, 0), shared, 0);
        } catch (IllegalStateException e) {
            throw new FulcrumException.InvalidInput("epk", "is a low-order point");
        }
        byte[] salt = new byte[64];
        System.arraycopy(epk, 0, salt, 0, 32);
        System.arraycopy(recipientPub, 0, salt, 32, 32);
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(shared, salt, FORMAT.getBytes(StandardCharsets.UTF_8)));
        byte[] key = new byte[32];
        hkdf.generateBytes(key, 0, 32);
        return key;
    }

    private static byte[] aad(String id, String kid) {
        return (FORMAT + "|" + id + "|" + kid).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] aes(int mode, byte[] key, byte[] iv, byte[] aad, byte[] input) {
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            c.updateAAD(aad);
            return c.doFinal(input);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new FulcrumException.InvalidInput("package", "does not decrypt: wrong key, or altered");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
