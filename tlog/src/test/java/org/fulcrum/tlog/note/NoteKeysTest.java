package org.fulcrum.tlog.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import org.fulcrum.tlog.MalformedInput;
import org.junit.jupiter.api.Test;

class NoteKeysTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void generatedKeysRoundTripThroughTheirStrings() {
        Ed25519NoteSigner signer = Ed25519NoteSigner.generate("log.example/fulcrum", RANDOM);
        String skey = signer.signerKey();
        String vkey = signer.verifier().verifierKey();
        assertThat(skey).startsWith("PRIVATE+KEY+log.example/fulcrum+");
        assertThat(vkey).matches("log\\.example/fulcrum\\+[0-9a-f]{8}\\+A[A-Za-z0-9+/]{43}");

        NoteSigner parsed = NoteKeys.parseSigner(skey, Clock.systemUTC());
        NoteVerifier verifier = NoteKeys.parseVerifier(vkey);
        assertThat(parsed.keyId()).isEqualTo(signer.keyId()).isEqualTo(verifier.keyId());
        assertThat(Notes.open(Notes.sign("x\n", parsed), Verifiers.of(verifier)).verified())
                .hasSize(1);
    }

    @Test
    void cosignatureKeysUseTypeFourInKeyAndKeyId() {
        CosignatureSigner cosigner = CosignatureSigner.generate("w.example/1", RANDOM, Clock.systemUTC());
        String vkey = cosigner.verifier().verifierKey();
        byte[] typed = Base64.getDecoder().decode(parts(vkey)[2]);
        assertThat(typed[0]).isEqualTo((byte) 0x04);
        assertThat(NoteKeys.parseVerifier(vkey)).isInstanceOf(CosignatureVerifier.class);
        byte[] pub = cosigner.verifier().publicKey();
        assertThat(cosigner.keyId())
                .isEqualTo(NoteKeys.keyId("w.example/1", KeyType.COSIGNATURE_V1, pub))
                .isNotEqualTo(NoteKeys.keyId("w.example/1", KeyType.ED25519, pub));
        assertThat(NoteKeys.parseSigner(cosigner.signerKey(), Clock.systemUTC()))
                .isInstanceOf(CosignatureSigner.class);
    }

    @Test
    void rejectsMalformedVerifierKeys() {
        String vkey = Ed25519NoteSigner.generate("a.example", RANDOM).verifier().verifierKey();
        String[] parts = parts(vkey);
        String otherId = Integer.toHexString(Integer.parseUnsignedInt(parts[1], 16) ^ 1);
        otherId = "0".repeat(8 - otherId.length()) + otherId;
        byte[] typed = Base64.getDecoder().decode(parts[2]);
        typed[0] = 0x02;
        String wrongType = Base64.getEncoder().encodeToString(typed);
        for (String bad : new String[] {
            parts[0] + "+" + otherId + "+" + parts[2], // key ID does not match
            parts[0] + "+" + parts[1] + "+" + wrongType, // unsupported type
            parts[0] + "+" + parts[1].substring(1) + "+" + parts[2], // short key ID
            parts[0] + "+" + parts[1] + "+" + parts[2] + "AAAA", // 35 bytes of key
            "+" + parts[1] + "+" + parts[2], // empty name
            parts[0] + "+" + parts[1] + "+" + parts[2].substring(0, 40), // truncated key
            parts[0] + "+" + parts[1] + "+" + parts[2].substring(0, 43), // unpadded base64
        }) {
            assertThatThrownBy(() -> NoteKeys.parseVerifier(bad)).as(bad).isInstanceOf(MalformedInput.class);
        }
    }

    @Test
    void rejectsSignerKeysWhoseIdDoesNotMatch() {
        String skey = Ed25519NoteSigner.generate("a.example", RANDOM).signerKey();
        String tampered = skey.replaceFirst("\\+[0-9a-f]{8}\\+", "+00000000+");
        assertThatThrownBy(() -> NoteKeys.parseSigner(tampered, Clock.systemUTC()))
                .isInstanceOf(MalformedInput.class);
        assertThatThrownBy(() -> NoteKeys.parseSigner(skey.substring(8), Clock.systemUTC()))
                .isInstanceOf(MalformedInput.class);
    }

    /** Name, key ID and base64 key of a key string; only the key may contain '+'. */
    private static String[] parts(String key) {
        int first = key.indexOf('+');
        int second = key.indexOf('+', first + 1);
        return new String[] {key.substring(0, first), key.substring(first + 1, second), key.substring(second + 1)};
    }
}
