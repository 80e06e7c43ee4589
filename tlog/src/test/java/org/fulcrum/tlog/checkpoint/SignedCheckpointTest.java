package org.fulcrum.tlog.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.fulcrum.tlog.InvalidSignature;
import org.fulcrum.tlog.UnverifiedNote;
import org.fulcrum.tlog.merkle.Rfc6962;
import org.fulcrum.tlog.note.CosignatureSigner;
import org.fulcrum.tlog.note.Ed25519NoteSigner;
import org.fulcrum.tlog.note.Signature;
import org.junit.jupiter.api.Test;

class SignedCheckpointTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final Ed25519NoteSigner log = Ed25519NoteSigner.generate("fulcrum.example/log", RANDOM);
    private final CosignatureSigner witness =
            CosignatureSigner.generate("witness.example/w1", RANDOM, Clock.fixed(NOW, ZoneOffset.UTC));
    private final Checkpoint checkpoint = new Checkpoint("fulcrum.example/log", 42, Rfc6962.leafHash(new byte[] {42}));

    @Test
    void aSignedCheckpointOpensWithTheLogKey() {
        SignedCheckpoint signed = SignedCheckpoint.sign(checkpoint, log);
        SignedCheckpoint.Verified opened = SignedCheckpoint.open(signed.bytes(), log.verifier());
        assertThat(opened.checkpoint()).isEqualTo(checkpoint);
        assertThat(opened.cosigners()).isEmpty();
        assertThat(signed.format()).startsWith(checkpoint.format() + "\n\u2014 fulcrum.example/log ");
    }

    @Test
    void cosignaturesAreVerifiedAndCarryTheirTimestamp() {
        SignedCheckpoint cosigned = SignedCheckpoint.sign(checkpoint, log).cosign(witness);
        SignedCheckpoint.Verified opened =
                SignedCheckpoint.open(cosigned.bytes(), log.verifier(), List.of(witness.verifier()));
        assertThat(opened.cosigners())
                .containsExactly(new SignedCheckpoint.Cosignature("witness.example/w1", NOW.getEpochSecond()));
    }

    /** Checks the signed message against the spec's layout, with the JDK's Ed25519 directly. */
    @Test
    void aCosignatureSignsTheHeaderTimeLineAndCheckpointBody() throws Exception {
        Signature sig = SignedCheckpoint.sign(checkpoint, log)
                .cosign(witness)
                .note()
                .signatures()
                .get(1);
        byte[] bytes = sig.bytes();
        assertThat(bytes).hasSize(8 + 64);
        assertThat(ByteBuffer.wrap(bytes).getLong()).isEqualTo(NOW.getEpochSecond());

        byte[] message = ("cosignature/v1\ntime " + NOW.getEpochSecond() + "\n" + checkpoint.format())
                .getBytes(StandardCharsets.UTF_8);
        byte[] spki = HexFormat.of().parseHex("302a300506032b6570032100");
        byte[] der = Arrays.copyOf(spki, spki.length + 32);
        System.arraycopy(witness.verifier().publicKey(), 0, der, spki.length, 32);
        java.security.Signature ed = java.security.Signature.getInstance("Ed25519");
        ed.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der)));
        ed.update(message);
        assertThat(ed.verify(Arrays.copyOfRange(bytes, 8, 72))).isTrue();
    }

    @Test
    void aCosignatureWithAChangedTimestampIsInvalid() {
        SignedCheckpoint cosigned = SignedCheckpoint.sign(checkpoint, log).cosign(witness);
        Signature original = cosigned.note().signatures().get(1);
        byte[] bytes = original.bytes();
        bytes[7] ^= 1;
        String tampered = cosigned.format()
                .replace(original.line(), new Signature(original.name(), original.keyId(), bytes).line());
        assertThatThrownBy(() -> SignedCheckpoint.open(
                        tampered.getBytes(StandardCharsets.UTF_8), log.verifier(), List.of(witness.verifier())))
                .isInstanceOf(InvalidSignature.class);
    }

    @Test
    void aCheckpointSignedOnlyByAWitnessIsNotTrusted() {
        SignedCheckpoint byWitness = SignedCheckpoint.sign(checkpoint, witness);
        assertThatThrownBy(() -> SignedCheckpoint.open(byWitness.bytes(), log.verifier(), List.of(witness.verifier())))
                .isInstanceOf(UnverifiedNote.class);
    }

    @Test
    void cosignaturesByUnknownWitnessesAreIgnored() {
        CosignatureSigner stranger = CosignatureSigner.generate("w.example/x", RANDOM, Clock.systemUTC());
        SignedCheckpoint cosigned = SignedCheckpoint.sign(checkpoint, log).cosign(stranger);
        SignedCheckpoint.Verified opened =
                SignedCheckpoint.open(cosigned.bytes(), log.verifier(), List.of(witness.verifier()));
        assertThat(opened.cosigners()).isEmpty();
        assertThat(opened.signed().note().signatures()).hasSize(2);
    }
}
