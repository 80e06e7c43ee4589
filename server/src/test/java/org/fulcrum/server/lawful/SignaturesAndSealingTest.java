package org.fulcrum.server.lawful;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.lawful.disclosure.SealedPackage;
import org.fulcrum.server.lawful.signature.ContentDigest;
import org.fulcrum.server.lawful.signature.HttpSignatures;
import org.fulcrum.server.lawful.signature.Jwk;
import org.fulcrum.server.lawful.signature.SignatureRejected;
import org.fulcrum.testkit.Seeded;
import org.junit.jupiter.api.Test;

/** RFC 9421 and RFC 9530 against their published vectors; sealed packages round trip and resist tampering. */
class SignaturesAndSealingTest {
    // RFC 9421 Appendix B.1.4 test-key-ed25519 and B.2.6
    static final Jwk RFC_KEY = new Jwk(
            "OKP",
            Jwk.ED25519,
            null,
            "JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs",
            "n4Ni-HpISpVObnQMW0wOhCKROaIKqKtW_2ZYb2p9KcU");
    static final String B26_INPUT = "sig-b26=(\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" "
            + "\"content-length\");created=1618884473;keyid=\"test-key-ed25519\"";
    static final String B26_SIGNATURE =
            "sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w" + "6vuQv5lIp5WPpBKRCw==:";
    static final Map<String, String> B26_VALUES = Map.of(
            "date",
            "Tue, 20 Apr 2021 02:07:55 GMT",
            "@method",
            "POST",
            "@path",
            "/foo",
            "@authority",
            "example.com",
            "content-type",
            "application/json",
            "content-length",
            "18");

    @Test
    void theRfc9421Ed25519VectorVerifiesAndSignsIdentically() {
        HttpSignatures.Input in = HttpSignatures.parse(B26_INPUT, B26_SIGNATURE);
        assertThat(in.label()).isEqualTo("sig-b26");
        assertThat(in.params()).containsEntry("created", 1618884473L).containsEntry("keyid", "test-key-ed25519");
        String base = HttpSignatures.base(in.components(), B26_VALUES::get, in.serializedParams());
        assertThat(base).isEqualTo("""
                "date": Tue, 20 Apr 2021 02:07:55 GMT
                "@method": POST
                "@path": /foo
                "@authority": example.com
                "content-type": application/json
                "content-length": 18
                "@signature-params": ("date" "@method" "@path" "@authority" "content-type" "content-length");\
                created=1618884473;keyid="test-key-ed25519\"""");
        assertThat(HttpSignatures.verify(RFC_KEY.publicBytes(), base, in.signature()))
                .isTrue();
        // Ed25519 is deterministic: signing the same base gives the RFC's bytes
        assertThat(HttpSignatures.sign(RFC_KEY, base)).isEqualTo(in.signature());
        assertThat(HttpSignatures.verify(RFC_KEY.publicBytes(), base.replace("POST", "GET"), in.signature()))
                .isFalse();
    }

    @Test
    void contentDigestMatchesRfc9530() {
        byte[] body = "{\"hello\": \"world\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(ContentDigest.of(body)).isEqualTo("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:");
        assertThat(ContentDigest.check("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:", body))
                .isEqualTo(ContentDigest.Check.MATCH);
        assertThat(ContentDigest.check("sha-256=:RK/0qy18MlBSVnWgjwz6lZEWjP/lF5HF9bvEF8FabDg=:", body))
                .isEqualTo(ContentDigest.Check.MISMATCH);
        assertThat(ContentDigest.check("md5=:AAAA:", body)).isEqualTo(ContentDigest.Check.NO_SHA256);
        assertThat(ContentDigest.check("sha-256=X48E", body)).isEqualTo(ContentDigest.Check.MALFORMED);
    }

    @Test
    void hostileSignatureHeadersAreMalformedNotErrors() {
        // a label Signature does not carry cannot be checked; component parameters and several signatures
        // are well formed (a gateway's signature may use them) and judged when a signature is chosen
        for (String bad : List.of(
                "",
                "sig1",
                "sig1=",
                "sig1=(\"a\"",
                "sig1=(\"a\";)",
                "SIG=(\"@method\")",
                "sig1=(\"@method\");created=99999999999999999999",
                "sig1=(\"\u0001\")",
                "sig2=(\"b\")",
                "sig1=(\"a\"),",
                "s1=(), s2=(), s3=(), s4=(), s5=(), s6=(), s7=(), s8=(), sig1=()")) {
            assertThatThrownBy(() -> HttpSignatures.parse(bad, "sig1=:AAAA:"))
                    .as(bad)
                    .isInstanceOf(SignatureRejected.class);
        }
        assertThatThrownBy(() -> HttpSignatures.parse("sig1=(\"@method\")", "sig1=:not base64!:"))
                .isInstanceOf(SignatureRejected.class);
        assertThatThrownBy(() -> HttpSignatures.parse("sig1=(\"@method\")", "sig1=(\"x\")"))
                .isInstanceOf(SignatureRejected.class);
        assertThatThrownBy(() -> HttpSignatures.parse("x".repeat(9000), "sig1=:AAAA:"))
                .isInstanceOf(SignatureRejected.class);
    }

    @Test
    void keyIdsAreRfc7638Thumbprints() {
        // RFC 8037 Appendix A.3: the thumbprint of the A.2 Ed25519 public key
        Jwk a2 = Jwk.publicKey(Jwk.ED25519, "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
        assertThat(a2.kid()).isEqualTo("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
        assertThatThrownBy(() -> new Jwk("OKP", Jwk.ED25519, "wrong", a2.x(), null))
                .isInstanceOf(FulcrumException.InvalidInput.class);
        assertThatThrownBy(() -> Jwk.publicKey(Jwk.ED25519, "c2hvcnQ"))
                .isInstanceOf(FulcrumException.InvalidInput.class);
    }

    @Test
    void aSealedPackageOpensOnlyWithTheRecipientsKeyAndUnaltered() {
        Seeded.forAll(50, r -> aSealedPackageOpensOnlyWithTheRecipientsKeyAndUnaltered(Seeded.bytes(r, 0, 255)));
    }

    void aSealedPackageOpensOnlyWithTheRecipientsKeyAndUnaltered(byte[] plaintext) {
        Jwk recipient = Jwk.newX25519();
        SealedPackage sealed = SealedPackage.seal("dc_1", recipient.publicOnly(), plaintext);
        SealedPackage parsed = SealedPackage.parse(sealed.toJson(Json.strict()), Json.strict());
        assertThat(parsed.open(recipient)).isEqualTo(plaintext);
        Jwk other = Jwk.newX25519();
        assertThatThrownBy(() -> parsed.open(other)).isInstanceOf(FulcrumException.InvalidInput.class);
        byte[] ct = Base64.getUrlDecoder().decode(sealed.ciphertext());
        ct[0] ^= 1;
        SealedPackage altered = new SealedPackage(
                sealed.format(),
                sealed.alg(),
                sealed.id(),
                sealed.kid(),
                sealed.enc(),
                Base64.getUrlEncoder().withoutPadding().encodeToString(ct));
        assertThatThrownBy(() -> altered.open(recipient)).isInstanceOf(FulcrumException.InvalidInput.class);
        SealedPackage renamed = new SealedPackage(
                sealed.format(), sealed.alg(), "dc_2", sealed.kid(), sealed.enc(), sealed.ciphertext());
        assertThatThrownBy(() -> renamed.open(recipient)).isInstanceOf(FulcrumException.InvalidInput.class);
    }

    @Test
    void theCanonicalRequestSignatureCoversWhatTheApiRequires() {
        Jwk key = Jwk.newEd25519();
        HttpSignatures.Signed s = HttpSignatures.signRequest(
                key,
                "post",
                "https://f.example/v1/lawful/requests",
                "{}".getBytes(StandardCharsets.UTF_8),
                1_700_000_000L,
                "nonce-123456");
        HttpSignatures.Input in = HttpSignatures.parse(s.signatureInput(), s.signature());
        assertThat(in.components()).containsExactlyElementsOf(HttpSignatures.REQUEST_COMPONENTS);
        assertThat(in.params())
                .containsEntry("created", 1_700_000_000L)
                .containsEntry("nonce", "nonce-123456")
                .containsEntry("keyid", key.kid())
                .containsEntry("alg", "ed25519");
        String base = HttpSignatures.base(
                in.components(),
                c -> switch (c) {
                    case "@method" -> "POST";
                    case "@target-uri" -> "https://f.example/v1/lawful/requests";
                    default -> s.contentDigest();
                },
                in.serializedParams());
        assertThat(HttpSignatures.verify(key.publicBytes(), base, in.signature()))
                .isTrue();
    }
}
