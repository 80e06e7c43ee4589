package org.fulcrum.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.fulcrum.tlog.checkpoint.Checkpoint;
import org.fulcrum.tlog.checkpoint.SignedCheckpoint;
import org.fulcrum.tlog.merkle.MemoryHashStore;
import org.fulcrum.tlog.merkle.Rfc6962;
import org.fulcrum.tlog.note.CosignatureSigner;
import org.fulcrum.tlog.note.Ed25519NoteSigner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProofBundleTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Ed25519NoteSigner log = Ed25519NoteSigner.generate("fulcrum.example/log", RANDOM);
    private final CosignatureSigner witness =
            CosignatureSigner.generate("witness.example/w1", RANDOM, Clock.systemUTC());
    private final MemoryHashStore store = new MemoryHashStore();
    private SignedCheckpoint checkpoint;

    @BeforeEach
    void log() {
        for (int i = 0; i < 1000; i++) {
            store.appendLeaf(Rfc6962.leafHash(entry(i)));
        }
        checkpoint = SignedCheckpoint.sign(new Checkpoint("fulcrum.example/log", store.treeSize(), store.root()), log)
                .cosign(witness);
    }

    @Test
    void aBundleHasTheTlogProofLayout() {
        ProofBundle bundle = ProofBundle.create(73, Optional.of(new byte[] {9, 9}), checkpoint, store);
        String[] lines = bundle.format().split("\n", -1);
        assertThat(lines[0]).isEqualTo("c2sp.org/tlog-proof@v1");
        assertThat(lines[1]).isEqualTo("extra " + Base64.getEncoder().encodeToString(new byte[] {9, 9}));
        assertThat(lines[2]).isEqualTo("index 73");
        int hashes = bundle.proof().size();
        assertThat(hashes).isEqualTo(10);
        for (int i = 0; i < hashes; i++) {
            assertThat(Base64.getDecoder().decode(lines[3 + i]))
                    .isEqualTo(bundle.proof().get(i));
        }
        assertThat(lines[3 + hashes]).isEmpty();
        assertThat(bundle.format()).endsWith("\n\n" + checkpoint.format());
    }

    @Test
    void parsesWhatItFormatsAndVerifies() {
        for (Optional<byte[]> extra : List.of(Optional.<byte[]>empty(), Optional.of(new byte[] {1}))) {
            ProofBundle bundle = ProofBundle.create(999, extra, checkpoint, store);
            ProofBundle parsed = ProofBundle.parse(bundle.format());
            assertThat(parsed.format()).isEqualTo(bundle.format());
            assertThat(parsed.index()).isEqualTo(999);
            assertThat(parsed.extra().map(e -> e.length)).isEqualTo(extra.map(e -> e.length));
            SignedCheckpoint.Verified verified =
                    parsed.verify(Rfc6962.leafHash(entry(999)), log.verifier(), List.of(witness.verifier()));
            assertThat(verified.cosigners()).hasSize(1);
        }
    }

    @Test
    void aBundleForASingleEntryTreeHasNoHashes() {
        MemoryHashStore one = new MemoryHashStore();
        one.appendLeaf(Rfc6962.leafHash(entry(0)));
        SignedCheckpoint head = SignedCheckpoint.sign(new Checkpoint("o", 1, one.root()), log);
        ProofBundle bundle = ProofBundle.parse(
                ProofBundle.create(0, Optional.empty(), head, one).format());
        assertThat(bundle.proof()).isEmpty();
        bundle.verify(Rfc6962.leafHash(entry(0)), log.verifier(), List.of());
    }

    @Test
    void aWrongEntryOrIndexFailsTheProof() {
        ProofBundle bundle = ProofBundle.create(500, Optional.empty(), checkpoint, store);
        assertThatThrownBy(() -> bundle.verify(Rfc6962.leafHash(entry(501)), log.verifier(), List.of()))
                .isInstanceOf(InvalidProof.class);
        ProofBundle moved = ProofBundle.parse(bundle.format().replace("index 500", "index 501"));
        assertThatThrownBy(() -> moved.verify(Rfc6962.leafHash(entry(500)), log.verifier(), List.of()))
                .isInstanceOf(InvalidProof.class);
    }

    @Test
    void aCheckpointByAnotherKeyIsNotTrusted() {
        ProofBundle bundle = ProofBundle.create(5, Optional.empty(), checkpoint, store);
        Ed25519NoteSigner other = Ed25519NoteSigner.generate("fulcrum.example/log", RANDOM);
        assertThatThrownBy(() -> bundle.verify(Rfc6962.leafHash(entry(5)), other.verifier(), List.of()))
                .isInstanceOf(UnverifiedNote.class);
    }

    @Test
    void rejectsMalformedBundles() {
        String good = ProofBundle.create(7, Optional.empty(), checkpoint, store).format();
        String firstHash = good.split("\n")[2];
        for (String bad : new String[] {
            good.replace("c2sp.org/tlog-proof@v1", "c2sp.org/tlog-proof@v2"),
            good.replace("index 7", "index 07"),
            good.replace("index 7", "index -7"),
            good.replace("index 7\n", ""),
            good.replace(firstHash, firstHash.substring(4)),
            good.replace(firstHash, firstHash.replace("=", "")),
            good.substring(0, good.indexOf("\n\n") + 1),
        }) {
            assertThatThrownBy(() -> ProofBundle.parse(bad)).as(bad).isInstanceOf(MalformedInput.class);
        }
    }

    private static byte[] entry(int i) {
        return ("entry " + i).getBytes(StandardCharsets.UTF_8);
    }
}
