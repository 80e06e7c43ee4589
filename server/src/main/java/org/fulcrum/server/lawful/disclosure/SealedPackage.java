package org.fulcrum.server.lawful.disclosure;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.Key;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HpkePrivateKey;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import com.google.crypto.tink.hybrid.HybridConfig;
import com.google.crypto.tink.util.Bytes;
import com.google.crypto.tink.util.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.lawful.signature.Jwk;

/**
 * A package encrypted to one officer's X25519 key with HPKE (RFC 9180), base mode, suite
 * DHKEM(X25519, HKDF-SHA256) / HKDF-SHA256 / AES-256-GCM (KEM 0x0020, KDF 0x0001, AEAD 0x0002),
 * single-shot, as a JSON document:
 *
 * <pre>{@code
 * {"format": "fulcrum-sealed-package-v2", "alg": "HPKE-Base-X25519-SHA256-AES256GCM",
 *  "id": "<package id>", "kid": "<recipient key thumbprint>",
 *  "enc": "<HPKE encapsulated key, 32 bytes, base64url>",
 *  "ciphertext": "<HPKE ciphertext with its 16-byte tag, base64url>"}
 * }</pre>
 *
 * The HPKE {@code info} is the UTF-8 text {@code "fulcrum-sealed-package-v2|" + id + "|" + kid}, so
 * a package cannot be passed off under another id or recipient; the AAD is empty. Any RFC 9180
 * library opens it with the recipient's private key, {@code enc}, {@code info} and the ciphertext.
 * A fresh encapsulation per package; nothing that decrypts it stays with Fulcrum. Sealed and opened
 * with Tink's HPKE.
 */
public record SealedPackage(String format, String alg, String id, String kid, String enc, String ciphertext) {
    public static final String FORMAT = "fulcrum-sealed-package-v2";
    public static final String ALG = "HPKE-Base-X25519-SHA256-AES256GCM";
    private static final HpkeParameters SUITE;

    static {
        try {
            HybridConfig.register();
            SUITE = HpkeParameters.builder()
                    .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
                    .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
                    .setAeadId(HpkeParameters.AeadId.AES_256_GCM)
                    .setVariant(HpkeParameters.Variant.NO_PREFIX)
                    .build();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public SealedPackage {
        if (!FORMAT.equals(format) || !ALG.equals(alg)) {
            throw new FulcrumException.InvalidInput("format", "not a " + FORMAT + " package with " + ALG);
        }
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(enc, "enc");
        Objects.requireNonNull(ciphertext, "ciphertext");
    }

    /** The HPKE {@code info} of a package: binds it to its id and its recipient. */
    public static byte[] info(String id, String kid) {
        return (FORMAT + "|" + id + "|" + kid).getBytes(StandardCharsets.UTF_8);
    }

    /** Encrypts {@code plaintext} to {@code recipient} (an X25519 public key). */
    public static SealedPackage seal(String id, Jwk recipient, byte[] plaintext) {
        if (!Jwk.X25519.equals(recipient.crv())) {
            throw new IllegalArgumentException("packages are encrypted to X25519 keys");
        }
        try {
            HybridEncrypt hpke = primitive(publicKey(recipient.publicBytes()), HybridEncrypt.class);
            // Tink's HPKE output is enc || ciphertext (no prefix); the format keeps them apart
            byte[] out = hpke.encrypt(plaintext, info(id, recipient.kid()));
            return new SealedPackage(
                    FORMAT,
                    ALG,
                    id,
                    recipient.kid(),
                    Jwk.b64(Arrays.copyOf(out, 32)),
                    Jwk.b64(Arrays.copyOfRange(out, 32, out.length)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HPKE sealing failed", e);
        }
    }

    /** Decrypts with the recipient's private X25519 key; fails if anything was altered. */
    public byte[] open(Jwk recipientPrivate) {
        if (!recipientPrivate.kid().equals(kid)) {
            throw new FulcrumException.InvalidInput(
                    "key", "this package is encrypted to key " + kid + ", not " + recipientPrivate.kid());
        }
        byte[] encBytes = Jwk.decode("enc", enc);
        if (encBytes.length != 32) {
            throw new FulcrumException.InvalidInput("enc", "must be a 32-byte X25519 public key");
        }
        byte[] ct = Jwk.decode("ciphertext", ciphertext);
        byte[] d = recipientPrivate
                .privateBytes()
                .orElseThrow(() -> new FulcrumException.InvalidInput(
                        "d", "this is a public key; decrypting needs the private key"));
        try {
            HpkePrivateKey key = HpkePrivateKey.create(
                    publicKey(recipientPrivate.publicBytes()), SecretBytes.copyFrom(d, InsecureSecretKeyAccess.get()));
            byte[] input = new byte[encBytes.length + ct.length];
            System.arraycopy(encBytes, 0, input, 0, encBytes.length);
            System.arraycopy(ct, 0, input, encBytes.length, ct.length);
            return primitive(key, HybridDecrypt.class).decrypt(input, info(id, kid));
        } catch (GeneralSecurityException e) {
            throw new FulcrumException.InvalidInput("package", "does not decrypt: wrong key, or altered");
        }
    }

    /** This package as JSON, written with {@code json}. */
    public String toJson(Json json) {
        return json.write(this);
    }

    /** The package in {@code text}, read with {@code json}. */
    public static SealedPackage parse(String text, Json json) {
        try {
            return json.read(text, SealedPackage.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new FulcrumException.InvalidInput("package", "is not a sealed package: " + e.getOriginalMessage());
        }
    }

    private static HpkePublicKey publicKey(byte[] x25519) throws GeneralSecurityException {
        return HpkePublicKey.create(SUITE, Bytes.copyFrom(x25519), null);
    }

    private static <P> P primitive(Key key, Class<P> type) throws GeneralSecurityException {
        return KeysetHandle.newBuilder()
                .addEntry(KeysetHandle.importKey(key).withRandomId().makePrimary())
                .build()
                .getPrimitive(RegistryConfiguration.get(), type);
    }
}
