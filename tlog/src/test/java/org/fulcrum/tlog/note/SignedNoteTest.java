package org.fulcrum.tlog.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.fulcrum.tlog.InvalidSignature;
import org.fulcrum.tlog.MalformedInput;
import org.fulcrum.tlog.UnverifiedNote;
import org.junit.jupiter.api.Test;

class SignedNoteTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Ed25519NoteSigner alice = Ed25519NoteSigner.generate("example.org/alice", RANDOM);
    private final Ed25519NoteSigner bob = Ed25519NoteSigner.generate("example.org/bob", RANDOM);

    @Test
    void signedTextOpensWithTheSignersKey() {
        String text = "Fulcrum\n\nblank lines inside the text are fine\n";
        String note = Notes.sign(text, alice, bob);
        Note opened = Notes.open(note, Verifiers.of(alice.verifier(), bob.verifier()));
        assertThat(opened.text()).isEqualTo(text);
        assertThat(opened.verified())
                .extracting(Signature::name)
                .containsExactly("example.org/alice", "example.org/bob");
    }

    @Test
    void textEndingInABlankLineSurvivesTheRoundTrip() {
        String text = "ends with an empty line\n\n";
        assertThat(Notes.open(Notes.sign(text, alice), Verifiers.of(alice.verifier()))
                        .text())
                .isEqualTo(text);
    }

    @Test
    void tamperedTextFailsTheSignature() {
        String note = Notes.sign("size 10\n", alice).replace("size 10", "size 11");
        assertThatThrownBy(() -> Notes.open(note, Verifiers.of(alice.verifier())))
                .isInstanceOf(InvalidSignature.class);
    }

    @Test
    void aWrongKeyWithTheSameNameIsAnUnknownKey() {
        Ed25519NoteSigner impostor = Ed25519NoteSigner.generate("example.org/alice", RANDOM);
        String note = Notes.sign("hello\n", impostor);
        assertThat(impostor.keyId()).isNotEqualTo(alice.keyId());
        assertThatThrownBy(() -> Notes.open(note, Verifiers.of(alice.verifier())))
                .isInstanceOf(UnverifiedNote.class);
    }

    @Test
    void oneFailingKnownSignatureRejectsTheWholeNote() {
        SignedNote signed = SignedNote.parse(Notes.sign("hello\n", alice, bob));
        Signature good = signed.signatures().get(0);
        byte[] bad = signed.signatures().get(1).bytes();
        bad[0] ^= 1;
        SignedNote mixed = new SignedNote(signed.text(), List.of(good, new Signature(bob.name(), bob.keyId(), bad)));
        assertThatThrownBy(() -> mixed.verify(Verifiers.of(alice.verifier(), bob.verifier())))
                .isInstanceOf(InvalidSignature.class);
        assertThat(mixed.verify(Verifiers.of(alice.verifier())).unverified()).hasSize(1);
    }

    @Test
    void repeatedSignaturesAreCountedOnce() {
        String note = Notes.sign("hello\n", alice, bob);
        String lines = note.substring(note.indexOf('\u2014'));
        Note opened = Notes.open(note + lines, Verifiers.of(alice.verifier()));
        assertThat(opened.verified()).hasSize(1);
        assertThat(opened.unverified()).hasSize(1);
    }

    @Test
    void acceptsOneHundredSignaturesAndNoMore() {
        List<Signature> sigs = new ArrayList<>();
        sigs.add(SignedNote.parse(Notes.sign("many\n", alice)).signatures().getFirst());
        for (int i = 1; i < 100; i++) {
            sigs.add(new Signature("example.org/w" + i, i, new byte[64]));
        }
        String hundred = new SignedNote("many\n", sigs).format();
        assertThat(Notes.open(hundred, Verifiers.of(alice.verifier())).unverified())
                .hasSize(99);
        String extra = new Signature("example.org/w100", 100, new byte[64]).line();
        assertThatThrownBy(() -> Notes.open(hundred + extra, Verifiers.of(alice.verifier())))
                .isInstanceOf(MalformedInput.class);
    }

    @Test
    void withSignaturesReplacesTheSignersEarlierSignature() {
        SignedNote once = SignedNote.parse(Notes.sign("again\n", alice));
        SignedNote twice = once.withSignatures(alice, bob);
        assertThat(twice.signatures())
                .extracting(Signature::name)
                .containsExactly("example.org/alice", "example.org/bob");
    }

    @Test
    void rejectsMalformedNotes() {
        String good = Notes.sign("hello\n", alice);
        String unpadded = good.substring(0, good.length() - 2) + "\n";
        assertThat(good).endsWith("=\n");
        for (String bad : new String[] {
            "hello\n", // no signatures
            "hello\n\n", // blank line, no signature lines
            good.replace("\u2014 ", "- "), // hyphen instead of em dash
            good.replace("\u2014 ", "\u2014"), // no space after the dash
            unpadded, // base64 without padding
            good.replace("hello", "hel\tlo"), // control character
            good.replace("example.org/alice ", "example.org/alice  "), // empty key in the middle
            good.replace(good.substring(good.lastIndexOf(' ') + 1), "AAAA\n"), // three bytes only
        }) {
            assertThatThrownBy(() -> Notes.open(bad, Verifiers.of(alice.verifier())))
                    .as(bad)
                    .isInstanceOf(MalformedInput.class);
        }
    }

    @Test
    void signingRequiresATextEndingInNewlineWithoutControlCharacters() {
        assertThatThrownBy(() -> Notes.sign("no newline", alice)).isInstanceOf(MalformedInput.class);
        assertThatThrownBy(() -> Notes.sign("bell\u0007\n", alice)).isInstanceOf(MalformedInput.class);
        assertThatThrownBy(() -> Notes.sign("x\n")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyNamesExcludeSpacesAndPlus() {
        assertThat(NoteKeys.isValidName("example.com/log42")).isTrue();
        assertThat(NoteKeys.isValidName("журнал.example/é")).isTrue();
        for (String bad : new String[] {"", "a b", "a+b", "a\tb", "a\u00a0b", "a\u2003b", "a\nb"}) {
            assertThat(NoteKeys.isValidName(bad)).as(bad).isFalse();
        }
        assertThatThrownBy(() -> Ed25519NoteSigner.generate("bad name", RANDOM))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
