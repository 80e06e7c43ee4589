package org.fulcrum.tlog.note;

import java.util.List;

/** Signing and opening signed notes in one call. */
public final class Notes {

    private Notes() {}

    /**
     * Signs {@code text} (which must end with a newline) with every signer and returns the note:
     * text, blank line, one signature line per signer.
     */
    public static String sign(String text, NoteSigner... signers) {
        if (signers.length == 0) {
            throw new IllegalArgumentException("a signed note needs at least one signer");
        }
        return new SignedNote(text, SignedNote.sign(text, List.of(), signers)).format();
    }

    /** Parses and verifies a note; see {@link SignedNote#verify}. */
    public static Note open(byte[] message, Verifiers verifiers) {
        return SignedNote.parse(message).verify(verifiers);
    }

    /** Parses and verifies a note given as text. */
    public static Note open(String message, Verifiers verifiers) {
        return SignedNote.parse(message).verify(verifiers);
    }
}
