package org.fulcrum.tlog.note;

import java.util.List;

/**
 * An opened note: its text, trusted because at least one signature in {@code verified} checked
 * out, and the signatures by keys the verifier did not know.
 */
public record Note(String text, List<Signature> verified, List<Signature> unverified) {

    public Note {
        verified = List.copyOf(verified);
        unverified = List.copyOf(unverified);
    }

    /** Whether {@code verifier}'s key is among those that verified. */
    public boolean isSignedBy(NoteVerifier verifier) {
        return verified.stream().anyMatch(s -> s.isBy(verifier));
    }
}
