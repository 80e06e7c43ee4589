package org.fulcrum.tlog;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import org.fulcrum.tlog.checkpoint.Checkpoint;
import org.fulcrum.tlog.checkpoint.SignedCheckpoint;
import org.fulcrum.tlog.merkle.Frontier;
import org.fulcrum.tlog.merkle.Proofs;
import org.fulcrum.tlog.merkle.Rfc6962;
import org.fulcrum.tlog.note.NoteVerifier;

/**
 * Offline checks of a log against its signed checkpoints, for {@code fulcrum verify} and auditors.
 *
 * <p>Configured with what a verifier trusts: the log's origin and key, and optionally a set of
 * witnesses of which at least {@code quorum} must have cosigned every checkpoint. Every method
 * returns normally or throws a {@link TlogException} naming what failed.
 */
public final class LogVerifier {

    private static final int BATCH = 4096;

    private final String origin;
    private final NoteVerifier logKey;
    private final List<NoteVerifier> witnesses;
    private final int quorum;

    /** A verifier trusting the log key alone. */
    public LogVerifier(String origin, NoteVerifier logKey) {
        this(origin, logKey, List.of(), 0);
    }

    /** A verifier that also requires {@code quorum} of {@code witnesses} to cosign. */
    public LogVerifier(String origin, NoteVerifier logKey, Collection<? extends NoteVerifier> witnesses, int quorum) {
        if (quorum < 0 || quorum > witnesses.size()) {
            throw new IllegalArgumentException("quorum " + quorum + " of " + witnesses.size());
        }
        this.origin = origin;
        this.logKey = logKey;
        this.witnesses = List.copyOf(witnesses);
        this.quorum = quorum;
    }

    /** Opens a signed checkpoint: log signature, origin, witness quorum. */
    public Checkpoint openCheckpoint(byte[] signedCheckpoint) {
        SignedCheckpoint.Verified verified = SignedCheckpoint.open(signedCheckpoint, logKey, witnesses);
        checkPolicy(verified);
        return verified.checkpoint();
    }

    /**
     * Recomputes the tree over {@code entries} (raw entry data, in log order, exactly as many as the
     * checkpoint's size) and checks it against the signed checkpoint. Returns the checkpoint.
     */
    public Checkpoint verifyEntries(Iterable<byte[]> entries, byte[] signedCheckpoint) {
        Checkpoint checkpoint = openCheckpoint(signedCheckpoint);
        verifyEntries(entries, checkpoint);
        return checkpoint;
    }

    /**
     * Recomputes the tree over {@code entries} and throws {@link RootMismatch} unless it has the
     * checkpoint's size and root. Streams: memory does not grow with the number of entries.
     */
    public static void verifyEntries(Iterable<byte[]> entries, Checkpoint checkpoint) {
        Frontier frontier = Frontier.empty();
        List<byte[]> batch = new ArrayList<>(BATCH);
        for (byte[] entry : entries) {
            batch.add(Rfc6962.leafHash(entry));
            if (batch.size() == BATCH) {
                frontier = frontier.append(batch).frontier();
                batch.clear();
            }
        }
        frontier = frontier.append(batch).frontier();
        if (frontier.size() != checkpoint.size()) {
            throw new RootMismatch("log has " + frontier.size() + " entries, checkpoint says " + checkpoint.size());
        }
        byte[] root = frontier.root();
        if (!MessageDigest.isEqual(root, checkpoint.rootHash())) {
            throw new RootMismatch("entries hash to " + HexFormat.of().formatHex(root) + ", checkpoint says "
                    + HexFormat.of().formatHex(checkpoint.rootHash()));
        }
    }

    /**
     * Checks that the log of a newer signed checkpoint extends that of an older one. Returns the
     * newer checkpoint.
     */
    public Checkpoint verifyConsistency(byte[] olderSigned, byte[] newerSigned, List<byte[]> proof) {
        Checkpoint newer = openCheckpoint(newerSigned);
        verifyConsistency(openCheckpoint(olderSigned), newer, proof);
        return newer;
    }

    /**
     * Checks a consistency proof between two checkpoints of the same log (already trusted, for
     * example read from a verifier's saved state). See {@link Proofs#verifyConsistency} for the
     * empty-tree and equal-size policy.
     */
    public static void verifyConsistency(Checkpoint older, Checkpoint newer, List<byte[]> proof) {
        if (!older.origin().equals(newer.origin())) {
            throw new InvalidProof("checkpoints are of different logs: " + older.origin() + ", " + newer.origin());
        }
        Proofs.verifyConsistency(older.size(), newer.size(), proof, older.rootHash(), newer.rootHash());
    }

    /** Checks that {@code entry} is in the log, by a tlog-proof bundle. Returns its checkpoint. */
    public Checkpoint verifyInclusion(byte[] entry, ProofBundle bundle) {
        SignedCheckpoint.Verified verified = bundle.verify(Rfc6962.leafHash(entry), logKey, witnesses);
        checkPolicy(verified);
        return verified.checkpoint();
    }

    private void checkPolicy(SignedCheckpoint.Verified verified) {
        if (!verified.checkpoint().origin().equals(origin)) {
            throw new UnverifiedNote(
                    "checkpoint is for origin " + verified.checkpoint().origin() + ", expected " + origin);
        }
        if (verified.cosigners().size() < quorum) {
            throw new UnverifiedNote("checkpoint has " + verified.cosigners().size()
                    + " witness cosignatures, policy requires " + quorum);
        }
    }
}
