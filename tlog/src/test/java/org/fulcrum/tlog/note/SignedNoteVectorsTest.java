package org.fulcrum.tlog.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import org.fulcrum.tlog.InvalidSignature;
import org.fulcrum.tlog.MalformedInput;
import org.fulcrum.tlog.UnverifiedNote;
import org.fulcrum.tlog.checkpoint.Checkpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The signed-note vectors of tlog/signed-note-vectors.txt (C2SP spec and Go sumdb/note). */
class SignedNoteVectorsTest {

    private Map<String, NoteVectors.Section> sections;

    @BeforeEach
    void read() {
        sections = NoteVectors.read();
    }

    @Nested
    class C2spExample {

        @Test
        void opensWithItsVerifierKey() {
            NoteVectors.Section s = sections.get("1");
            NoteVerifier key = NoteKeys.parseVerifier(s.vkeys().getFirst());
            Note note = Notes.open(s.note(), Verifiers.of(key));
            assertThat(note.text()).isEqualTo("This is an example message.\n");
            assertThat(note.verified())
                    .singleElement()
                    .satisfies(sig -> assertThat(sig.isBy(key)).isTrue());
            assertThat(note.unverified()).isEmpty();
        }

        @Test
        void keyIdIsTheHashOfNameTypeAndKey() {
            NoteVectors.Section s = sections.get("1");
            Ed25519NoteVerifier key =
                    (Ed25519NoteVerifier) NoteKeys.parseVerifier(s.vkeys().getFirst());
            String expected = s.lines().stream()
                    .filter(l -> l.startsWith("key ID check"))
                    .map(l -> l.substring(l.lastIndexOf('=') + 1).strip())
                    .findFirst()
                    .orElseThrow();
            int computed = NoteKeys.keyId(key.name(), KeyType.ED25519, key.publicKey());
            assertThat(HexFormat.of().toHexDigits(computed)).isEqualTo(expected);
            assertThat(key.keyId()).isEqualTo(computed);
        }
    }

    @Nested
    class GoNoteVectors {

        private NoteVectors.Section s;
        private NoteSigner peter;
        private NoteVerifier peterKey;
        private NoteVerifier enochKey;

        @BeforeEach
        void keys() {
            s = sections.get("2");
            peter = NoteKeys.parseSigner(s.skeys().getFirst(), Clock.systemUTC());
            peterKey = NoteKeys.parseVerifier(s.vkeys().get(0));
            enochKey = NoteKeys.parseVerifier(s.vkeys().get(1));
        }

        @Test
        void signerKeyDerivesTheListedVerifierKey() {
            assertThat(((Ed25519NoteSigner) peter).verifier().verifierKey())
                    .isEqualTo(s.vkeys().get(0));
            assertThat(((Ed25519NoteSigner) peter).signerKey())
                    .isEqualTo(s.skeys().getFirst());
        }

        @Test
        void signingReproducesTheGoSignatureByteForByte() {
            String text = SignedNote.parse(s.note()).text();
            String peterLine = s.note()
                    .lines()
                    .filter(l -> l.startsWith("\u2014 PeterNeumann "))
                    .findFirst()
                    .orElseThrow();
            assertThat(Notes.sign(text, peter)).isEqualTo(text + "\n" + peterLine + "\n");
        }

        @Test
        void opensWithBothKeysOrWithOneLeavingTheOtherUnverified() {
            Note both = Notes.open(s.note(), Verifiers.of(peterKey, enochKey));
            assertThat(both.verified()).hasSize(2);
            assertThat(both.text()).startsWith("If you think cryptography").endsWith("problem is.\n");

            Note one = Notes.open(s.note(), Verifiers.of(enochKey));
            assertThat(one.isSignedBy(enochKey)).isTrue();
            assertThat(one.isSignedBy(peterKey)).isFalse();
            assertThat(one.unverified())
                    .singleElement()
                    .satisfies(sig -> assertThat(sig.name()).isEqualTo("PeterNeumann"));
        }

        @Test
        void rejectsTheMalformedVariantsOfGoTestOpen() {
            Verifiers known = Verifiers.of(peterKey, enochKey);
            String note = s.note();
            String noBlankLine = note.replace("is.\n\n", "is.\n");
            String noFinalNewline = note.substring(0, note.length() - 1);
            String badName = note.replace("\u2014 PeterNeumann ", "\u2014 Bad Name ");
            String trailingLine = note + "not a signature\n";
            String enochLine = note.lines()
                    .filter(l -> l.contains("EnochRoot"))
                    .findFirst()
                    .orElseThrow();
            String tooMany = note + (enochLine + "\n").repeat(100);

            for (String bad : new String[] {noBlankLine, noFinalNewline, badName, trailingLine, tooMany}) {
                assertThatThrownBy(() -> Notes.open(bad, known)).isInstanceOf(MalformedInput.class);
            }
            for (byte lead : new byte[] {0x01, (byte) 0xff}) {
                byte[] bytes = note.getBytes(StandardCharsets.UTF_8);
                byte[] prefixed = new byte[bytes.length + 1];
                prefixed[0] = lead;
                System.arraycopy(bytes, 0, prefixed, 1, bytes.length);
                assertThatThrownBy(() -> Notes.open(prefixed, known)).isInstanceOf(MalformedInput.class);
            }
        }

        @Test
        void aSignatureWithSplicedBytesIsInvalid() {
            String line = s.note()
                    .lines()
                    .filter(l -> l.contains("PeterNeumann"))
                    .findFirst()
                    .orElseThrow();
            String spliced = s.note().replace(line, line.substring(0, 60) + "ABCD" + line.substring(60));
            assertThatThrownBy(() -> Notes.open(spliced, Verifiers.of(peterKey)))
                    .isInstanceOf(InvalidSignature.class);
            // Spliced bytes on a key the reader does not know are merely an unknown signature.
            assertThat(Notes.open(spliced, Verifiers.of(enochKey)).unverified()).hasSize(1);
        }
    }

    @Nested
    class CheckpointExample {

        private String signedCheckpoint() {
            StringBuilder note = new StringBuilder();
            for (String line : sections.get("3").lines()) {
                if (line.startsWith("(witness line")) {
                    break;
                }
                if (!note.isEmpty() || line.startsWith("example.com/")) {
                    note.append(line).append('\n');
                }
            }
            return note.toString();
        }

        @Test
        void parsesAsACheckpointWithALogSignatureAndACosignature() {
            SignedNote note = SignedNote.parse(signedCheckpoint());
            Checkpoint checkpoint = Checkpoint.parse(note.text());
            assertThat(checkpoint.origin()).isEqualTo("example.com/behind-the-sofa");
            assertThat(checkpoint.size()).isEqualTo(20852163);
            assertThat(checkpoint.format()).isEqualTo(note.text());
            assertThat(note.signatures())
                    .extracting(Signature::name)
                    .containsExactly("example.com/behind-the-sofa", "witness.example.com/w1");
            byte[] cosignature = note.signatures().get(1).bytes();
            assertThat(cosignature).hasSize(72);
            // The C2SP tlog-cosignature example signs this checkpoint at "time 1679315147".
            assertThat(CosignatureVerifier.timestamp(cosignature)).isEqualTo(1679315147L);
            assertThat(note.format()).isEqualTo(signedCheckpoint());
        }

        @Test
        void isRejectedWhenNoSignatureIsByAKnownKeyEvenIfANameMatches() {
            NoteVerifier sameName = Ed25519NoteSigner.generate(
                            "example.com/behind-the-sofa", new java.security.SecureRandom())
                    .verifier();
            assertThatThrownBy(() -> Notes.open(signedCheckpoint(), Verifiers.of(sameName)))
                    .isInstanceOf(UnverifiedNote.class);
        }
    }
}
