package org.fulcrum.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.fulcrum.tlog.checkpoint.Checkpoint;
import org.fulcrum.tlog.checkpoint.SignedCheckpoint;
import org.fulcrum.tlog.merkle.MemoryHashStore;
import org.fulcrum.tlog.merkle.Rfc6962;
import org.fulcrum.tlog.merkle.StoredTree;
import org.fulcrum.tlog.note.CosignatureSigner;
import org.fulcrum.tlog.note.Ed25519NoteSigner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LogVerifierTest {

    private static final String ORIGIN = "fulcrum.example/log";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Ed25519NoteSigner log = Ed25519NoteSigner.generate(ORIGIN, RANDOM);
    private final CosignatureSigner w1 = CosignatureSigner.generate("w.example/1", RANDOM, Clock.systemUTC());
    private final CosignatureSigner w2 = CosignatureSigner.generate("w.example/2", RANDOM, Clock.systemUTC());
    private final List<byte[]> entries = new ArrayList<>();
    private final MemoryHashStore store = new MemoryHashStore();
    private byte[] at600;
    private byte[] at1000;

    @BeforeEach
    void log() {
        for (int i = 0; i < 1000; i++) {
            byte[] entry = ("{\"kind\":\"request\",\"seq\":" + i + "}").getBytes(StandardCharsets.UTF_8);
            entries.add(entry);
            store.appendLeaf(Rfc6962.leafHash(entry));
            if (store.treeSize() == 600) {
                at600 = signed(600, store.root(), ORIGIN, w1);
            }
        }
        at1000 = signed(1000, store.root(), ORIGIN, w1, w2);
    }

    @Test
    void entriesRecomputeTheSignedRoot() {
        LogVerifier verifier = new LogVerifier(ORIGIN, log.verifier());
        assertThat(verifier.verifyEntries(entries, at1000).size()).isEqualTo(1000);
        assertThat(verifier.verifyEntries(entries.subList(0, 600), at600).size())
                .isEqualTo(600);
    }

    @Test
    void aChangedMissingOrReorderedEntryIsAMismatch() {
        LogVerifier verifier = new LogVerifier(ORIGIN, log.verifier());
        List<byte[]> changed = new ArrayList<>(entries);
        changed.set(321, "{\"kind\":\"request\",\"seq\":999999}".getBytes(StandardCharsets.UTF_8));
        List<byte[]> reordered = new ArrayList<>(entries);
        reordered.set(10, entries.get(11));
        reordered.set(11, entries.get(10));
        for (List<byte[]> bad : List.of(changed, reordered, entries.subList(0, 999))) {
            assertThatThrownBy(() -> verifier.verifyEntries(bad, at1000)).isInstanceOf(RootMismatch.class);
        }
    }

    @Test
    void consistencyBetweenCheckpointsIsChecked() {
        LogVerifier verifier = new LogVerifier(ORIGIN, log.verifier());
        List<byte[]> proof = StoredTree.consistencyProof(600, 1000, store);
        assertThat(verifier.verifyConsistency(at600, at1000, proof).size()).isEqualTo(1000);

        byte[] forked = signed(1000, Rfc6962.leafHash(new byte[] {1}), ORIGIN);
        assertThatThrownBy(() -> verifier.verifyConsistency(at600, forked, proof))
                .isInstanceOf(InvalidProof.class);
    }

    @Test
    void checkpointsOfAnotherOriginOrWithoutTheWitnessQuorumAreRejected() {
        byte[] elsewhere = signed(1000, store.root(), "other.example/log", w1, w2);
        assertThatThrownBy(() -> new LogVerifier(ORIGIN, log.verifier()).openCheckpoint(elsewhere))
                .isInstanceOf(UnverifiedNote.class);

        LogVerifier twoOfTwo = new LogVerifier(ORIGIN, log.verifier(), List.of(w1.verifier(), w2.verifier()), 2);
        assertThat(twoOfTwo.openCheckpoint(at1000).size()).isEqualTo(1000);
        assertThatThrownBy(() -> twoOfTwo.openCheckpoint(at600)).isInstanceOf(UnverifiedNote.class);
    }

    @Test
    void inclusionOfOneEntryIsCheckedFromItsProofBundle() {
        LogVerifier verifier = new LogVerifier(ORIGIN, log.verifier(), List.of(w1.verifier()), 1);
        ProofBundle bundle = ProofBundle.create(42, Optional.empty(), SignedCheckpoint.parse(at1000), store);
        assertThat(verifier.verifyInclusion(entries.get(42), bundle).size()).isEqualTo(1000);
        assertThatThrownBy(() -> verifier.verifyInclusion(entries.get(43), bundle))
                .isInstanceOf(InvalidProof.class);
    }

    private byte[] signed(long size, byte[] root, String origin, CosignatureSigner... witnesses) {
        return SignedCheckpoint.sign(new Checkpoint(origin, size, root), log)
                .cosign(witnesses)
                .bytes();
    }
}
