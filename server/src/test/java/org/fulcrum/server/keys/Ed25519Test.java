package org.fulcrum.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The server's Ed25519 helper against RFC 8032, and its refusals of keys and signatures that are not. */
class Ed25519Test {
    static final HexFormat HEX = HexFormat.of();
    // RFC 8032 section 7.1, TEST 1 (empty message)
    static final byte[] SEED = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    static final byte[] PUBLIC = HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    static final byte[] SIGNATURE = HEX.parseHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
            + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");

    @Test
    void reproducesTheRfc8032Vector() {
        assertThat(Ed25519.publicKeyOf(SEED)).isEqualTo(PUBLIC);
        assertThat(Ed25519.sign(SEED, new byte[0])).isEqualTo(SIGNATURE);
        assertThat(Ed25519.verify(PUBLIC, new byte[0], SIGNATURE)).isTrue();
    }

    @Test
    void aSignatureVerifiesForItsMessageAndKeyOnly() {
        byte[] seed = Ed25519.newSeed(new SecureRandom());
        byte[] message = "POST /v1/lawful/requests".getBytes(StandardCharsets.UTF_8);
        byte[] signature = Ed25519.sign(seed, message);

        assertThat(Ed25519.verify(Ed25519.publicKeyOf(seed), message, signature))
                .isTrue();
        assertThat(Ed25519.verify(PUBLIC, message, signature)).isFalse();
        message[0] ^= 1;
        assertThat(Ed25519.verify(Ed25519.publicKeyOf(seed), message, signature))
                .isFalse();
    }

    @Test
    void badKeysAndSignaturesAreFalseNotExceptions() {
        assertThat(Ed25519.verify(new byte[31], new byte[0], SIGNATURE)).isFalse();
        assertThat(Ed25519.verify(PUBLIC, new byte[0], new byte[63])).isFalse();
        assertThat(Ed25519.verify(null, new byte[0], SIGNATURE)).isFalse();
    }

    @Test
    void parsingAcceptsRawBase64OfThirtyTwoBytesOnly() {
        assertThat(Ed25519.parsePublicKey(Base64.getEncoder().encodeToString(PUBLIC)))
                .isEqualTo(PUBLIC);
        assertThatThrownBy(() -> Ed25519.parsePublicKey(Base64.getEncoder().encodeToString(new byte[33])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> Ed25519.parsePublicKey("not base64!")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ed25519.parsePublicKey(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
