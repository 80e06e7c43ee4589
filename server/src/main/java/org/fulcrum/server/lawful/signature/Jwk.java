package org.fulcrum.server.lawful.signature;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.keys.Ed25519;

/**
 * An OKP key as a JSON Web Key (RFC 8037): Ed25519 for signing, X25519 for encryption. The key id
 * is the RFC 7638 thumbprint of the public key, so the same key always has the same id wherever it
 * is computed. Files written by {@code fulcrum keys new} and read by {@code sign} and {@code decrypt}.
 *
 * @param kty always "OKP"
 * @param crv "Ed25519" or "X25519"
 * @param kid the thumbprint
 * @param x the public key, base64url without padding
 * @param d the private key, base64url, absent in public keys
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Jwk(String kty, String crv, String kid, String x, String d) {
    public static final String ED25519 = "Ed25519";
    public static final String X25519 = "X25519";
    private static final SecureRandom RANDOM = new SecureRandom();

    public Jwk {
        if (!"OKP".equals(kty)) {
            throw new FulcrumException.InvalidInput("kty", "must be OKP");
        }
        if (!ED25519.equals(crv) && !X25519.equals(crv)) {
            throw new FulcrumException.InvalidInput("crv", "must be Ed25519 or X25519");
        }
        if (decode("x", x).length != 32) {
            throw new FulcrumException.InvalidInput("x", "must be a 32-byte public key in base64url");
        }
        if (d != null && decode("d", d).length != 32) {
            throw new FulcrumException.InvalidInput("d", "must be a 32-byte private key in base64url");
        }
        String expected = thumbprint(crv, x);
        if (kid == null) {
            kid = expected;
        } else if (!kid.equals(expected)) {
            throw new FulcrumException.InvalidInput("kid", "is not the RFC 7638 thumbprint of the key");
        }
    }

    public static Jwk newEd25519() {
        byte[] seed = Ed25519.newSeed(RANDOM);
        return new Jwk("OKP", ED25519, null, b64(Ed25519.publicKeyOf(seed)), b64(seed));
    }

    public static Jwk newX25519() {
        X25519PrivateKeyParameters k = new X25519PrivateKeyParameters(RANDOM);
        return new Jwk("OKP", X25519, null, b64(k.generatePublicKey().getEncoded()), b64(k.getEncoded()));
    }

    /** A public key from its raw 32 bytes in base64url. */
    public static Jwk publicKey(String crv, String x) {
        return new Jwk("OKP", crv, null, x, null);
    }

    public Jwk publicOnly() {
        return new Jwk(kty, crv, kid, x, null);
    }

    public byte[] publicBytes() {
        return decode("x", x);
    }

    public Optional<byte[]> privateBytes() {
        return Optional.ofNullable(d).map(v -> decode("d", v));
    }

    /** The Ed25519 private key's 32-byte seed, for {@link Ed25519#sign}. */
    public byte[] ed25519Seed() {
        requireCurve(ED25519);
        return privateBytes()
                .orElseThrow(() ->
                        new FulcrumException.InvalidInput("d", "this is a public key; signing needs the private key"));
    }

    public X25519PrivateKeyParameters x25519Private() {
        requireCurve(X25519);
        return new X25519PrivateKeyParameters(
                privateBytes()
                        .orElseThrow(() -> new FulcrumException.InvalidInput(
                                "d", "this is a public key; decrypting needs the private key")),
                0);
    }

    private void requireCurve(String expected) {
        if (!crv.equals(expected)) {
            throw new FulcrumException.InvalidInput("crv", "this is an " + crv + " key; " + expected + " is needed");
        }
    }

    /** The key in JWK file {@code file}, read with {@code json}. */
    public static Jwk read(Path file, Json json) {
        try {
            return json.read(Files.readString(file), Jwk.class);
        } catch (IOException e) {
            throw new FulcrumException.InvalidInput("key", "cannot read key file " + file + ": " + e.getMessage());
        }
    }

    /** This key as a JWK, written with {@code json}. */
    public String toJson(Json json) {
        return json.write(this);
    }

    /** RFC 7638 thumbprint of an OKP key: SHA-256 over the required members in lexicographic order. */
    static String thumbprint(String crv, String x) {
        String canonical = "{\"crv\":\"" + crv + "\",\"kty\":\"OKP\",\"x\":\"" + x + "\"}";
        return b64(ContentDigest.digest("SHA-256", canonical.getBytes(StandardCharsets.UTF_8)));
    }

    public static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static byte[] decode(String field, String value) {
        if (value == null) {
            throw new FulcrumException.InvalidInput(field, "is required");
        }
        try {
            return Base64.getUrlDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new FulcrumException.InvalidInput(field, "is not base64url");
        }
    }
}
