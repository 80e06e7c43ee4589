package org.fulcrum.tlog.checkpoint;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.fulcrum.tlog.UnverifiedNote;
import org.fulcrum.tlog.note.CosignatureVerifier;
import org.fulcrum.tlog.note.Note;
import org.fulcrum.tlog.note.NoteSigner;
import org.fulcrum.tlog.note.NoteVerifier;
import org.fulcrum.tlog.note.Notes;
import org.fulcrum.tlog.note.SignedNote;
import org.fulcrum.tlog.note.Verifiers;

/**
 * A checkpoint as a signed note: the log's signature and any witness cosignatures.
 *
 * <p>A log signs with {@link #sign}; a witness (or a test standing in for one) adds its
 * cosignature with {@link #cosign}; clients {@link #open} the served text against the log's key and
 * the cosigners they trust, then apply their own quorum policy to {@link Verified#cosigners()}.
 *
 * @param checkpoint the parsed body
 * @param note the note whose text is {@code checkpoint.format()}
 */
public record SignedCheckpoint(Checkpoint checkpoint, SignedNote note) {

    public SignedCheckpoint {
        if (!checkpoint.format().equals(note.text())) {
            throw new IllegalArgumentException("note text is not the checkpoint");
        }
    }

    /** Signs a checkpoint with the log's key. */
    public static SignedCheckpoint sign(Checkpoint checkpoint, NoteSigner log) {
        String text = checkpoint.format();
        return new SignedCheckpoint(checkpoint, SignedNote.parse(Notes.sign(text, log)));
    }

    /** Parses a signed checkpoint without checking any signature (a witness does this first). */
    public static SignedCheckpoint parse(byte[] signedNote) {
        SignedNote note = SignedNote.parse(signedNote);
        return new SignedCheckpoint(Checkpoint.parse(note.text()), note);
    }

    /** This checkpoint with cosignatures (or other signatures) added. */
    public SignedCheckpoint cosign(NoteSigner... cosigners) {
        return new SignedCheckpoint(checkpoint, note.withSignatures(cosigners));
    }

    /** The signed note text, as served at {@code <prefix>/checkpoint}. */
    public String format() {
        return note.format();
    }

    /** The signed note as UTF-8 bytes. */
    public byte[] bytes() {
        return format().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses and verifies a signed checkpoint. It must carry a valid signature by {@code log};
     * signatures by {@code cosigners} are verified too and reported, signatures by other keys are
     * ignored. Throws {@link org.fulcrum.tlog.MalformedInput}, {@link
     * org.fulcrum.tlog.InvalidSignature} or {@link UnverifiedNote}.
     */
    public static Verified open(byte[] signedNote, NoteVerifier log, Collection<? extends NoteVerifier> cosigners) {
        List<NoteVerifier> all = new ArrayList<>(cosigners);
        all.add(log);
        SignedNote parsed = SignedNote.parse(signedNote);
        Note note = parsed.verify(Verifiers.of(all));
        if (!note.isSignedBy(log)) {
            throw new UnverifiedNote("checkpoint is not signed by the log key " + log.name());
        }
        Checkpoint checkpoint = Checkpoint.parse(note.text());
        List<Cosignature> cosigned = new ArrayList<>();
        for (NoteVerifier cosigner : cosigners) {
            note.verified().stream()
                    .filter(s -> s.isBy(cosigner))
                    .findFirst()
                    .ifPresent(s -> cosigned.add(new Cosignature(
                            cosigner.name(),
                            cosigner instanceof CosignatureVerifier ? CosignatureVerifier.timestamp(s.bytes()) : -1)));
        }
        return new Verified(new SignedCheckpoint(checkpoint, parsed), cosigned);
    }

    /** Opens a signed checkpoint that only needs the log's signature. */
    public static Verified open(byte[] signedNote, NoteVerifier log) {
        return open(signedNote, log, List.of());
    }

    /**
     * A checkpoint whose log signature verified, with the trusted cosigners whose cosignatures
     * verified.
     */
    public record Verified(SignedCheckpoint signed, List<Cosignature> cosigners) {

        public Verified {
            cosigners = List.copyOf(cosigners);
        }

        /** The verified checkpoint body. */
        public Checkpoint checkpoint() {
            return signed.checkpoint();
        }
    }

    /**
     * A verified cosignature: who, and when (POSIX seconds; -1 for cosigners that sign plain Ed25519
     * without a timestamp).
     */
    public record Cosignature(String name, long timestamp) {}
}
