package org.fulcrum.server.lawful;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.lawful.disclosure.SealedPackage;
import org.fulcrum.server.lawful.signature.Jwk;
import org.fulcrum.testkit.Seeded;
import org.junit.jupiter.api.Test;

/**
 * Disclosure packages are standard HPKE (RFC 9180): the published vector and every package Fulcrum
 * seals (with Tink) open with another implementation (Bouncy Castle's HPKE), given only the
 * recipient's key and the fields README "Lawful requests" documents.
 */
class SealedPackageHpkeTest {
    private static final Json JSON = Json.strict();

    static final String VECTOR = "/lawful/hpke-sealed-package-vector.json";

    static JsonNode vector() throws IOException {
        try (InputStream in = SealedPackageHpkeTest.class.getResourceAsStream(VECTOR)) {
            return JSON.mapper().readTree(in);
        }
    }

    /** HPKE.Open with Bouncy Castle, from the package's fields and the documented info and AAD. */
    static byte[] openWithBouncyCastle(byte[] skR, byte[] pkR, SealedPackage p) throws InvalidCipherTextException {
        HPKE hpke = new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM256);
        AsymmetricCipherKeyPair recipient = hpke.deserializePrivateKey(skR, pkR);
        byte[] info = (p.format() + "|" + p.id() + "|" + p.kid()).getBytes(StandardCharsets.UTF_8);
        return hpke.open(
                Jwk.decode("enc", p.enc()),
                recipient,
                info,
                new byte[0],
                Jwk.decode("ct", p.ciphertext()),
                null,
                null,
                null);
    }

    @Test
    void thePublishedVectorOpensWithAnIndependentHpkeImplementation() throws Exception {
        JsonNode v = vector();
        assertThat(v.get("mode").asInt()).isZero();
        assertThat(v.get("kem_id").asInt()).isEqualTo(0x0020);
        assertThat(v.get("kdf_id").asInt()).isEqualTo(0x0001);
        assertThat(v.get("aead_id").asInt()).isEqualTo(0x0002);
        HexFormat hex = HexFormat.of();
        HPKE hpke = new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM256);
        AsymmetricCipherKeyPair recipient = hpke.deserializePrivateKey(
                hex.parseHex(v.get("skRm").asText()), hex.parseHex(v.get("pkRm").asText()));

        byte[] opened = hpke.open(
                hex.parseHex(v.get("enc").asText()),
                recipient,
                hex.parseHex(v.get("info_hex").asText()),
                hex.parseHex(v.get("aad_hex").asText()),
                hex.parseHex(v.get("ct").asText()),
                null,
                null,
                null);

        assertThat(new String(opened, StandardCharsets.UTF_8))
                .isEqualTo(v.get("plaintext").asText());
        // the package document carries the same bytes, and fulcrum decrypt's own path opens it too
        SealedPackage p = SealedPackage.parse(JSON.write(v.get("package")), JSON);
        assertThat(hex.formatHex(Jwk.decode("enc", p.enc())))
                .isEqualTo(v.get("enc").asText());
        assertThat(new String(SealedPackage.info(p.id(), p.kid()), StandardCharsets.UTF_8))
                .isEqualTo(v.get("info").asText());
        Jwk key = JSON.mapper().treeToValue(v.get("recipient"), Jwk.class);
        assertThat(new String(p.open(key), StandardCharsets.UTF_8))
                .isEqualTo(v.get("plaintext").asText());
    }

    @Test
    void everyPackageFulcrumSealsOpensWithBouncyCastlesHpke() {
        Seeded.forAll(30, random -> {
            byte[] plaintext = new byte[Seeded.between(random, 0, 4096)];
            random.nextBytes(plaintext);
            Jwk recipient = Jwk.newX25519();
            SealedPackage p = SealedPackage.parse(
                    SealedPackage.seal("dc_p", recipient.publicOnly(), plaintext)
                            .toJson(JSON),
                    JSON);
            byte[] sk = recipient.privateBytes().orElseThrow();
            assertThat(openWithBouncyCastle(sk, recipient.publicBytes(), p)).isEqualTo(plaintext);
        });
    }

    @Test
    void aPackageMovedToAnotherIdDoesNotOpenAnywhere() throws Exception {
        Jwk recipient = Jwk.newX25519();
        SealedPackage p = SealedPackage.seal("dc_a", recipient.publicOnly(), "x".getBytes(StandardCharsets.UTF_8));
        SealedPackage moved = new SealedPackage(p.format(), p.alg(), "dc_b", p.kid(), p.enc(), p.ciphertext());
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        openWithBouncyCastle(recipient.privateBytes().orElseThrow(), recipient.publicBytes(), moved))
                .isInstanceOf(InvalidCipherTextException.class);
    }
}
