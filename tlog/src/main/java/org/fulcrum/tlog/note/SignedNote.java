package org.fulcrum.tlog.note;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.fulcrum.tlog.InvalidSignature;
import org.fulcrum.tlog.MalformedInput;
import org.fulcrum.tlog.UnverifiedNote;

/**
 * A signed note as text plus signature lines, before any signature is checked.
 *
 * @param text the note text, ending in a newline; must not be trusted until {@link #verify}
 * @param signatures the signature lines in order, at least one
 */
public record SignedNote(String text, List<Signature> signatures) {

    /** Most signature lines accepted; C2SP requires accepting at least 16. */
    public static final int MAX_SIGNATURES = 100;

    private static final String SIG_PREFIX = "\u2014 ";

    public SignedNote {
        checkText(text);
        signatures = List.copyOf(signatures);
        if (signatures.isEmpty() || signatures.size() > MAX_SIGNATURES) {
            throw new IllegalArgumentException("a signed note has 1 to 100 signatures");
        }
    }

    /** Parses a signed note; throws {@link MalformedInput} unless it follows C2SP signed-note. */
    public static SignedNote parse(byte[] message) {
        String note;
        try {
            note = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(message))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedInput("note is not valid UTF-8", e);
        }
        return parse(note);
    }

    /** Parses a signed note; throws {@link MalformedInput} unless it follows C2SP signed-note. */
    public static SignedNote parse(String note) {
        checkCharacters(note);
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            throw new MalformedInput("note has no blank line before its signatures");
        }
        String text = note.substring(0, split + 1);
        String block = note.substring(split + 2);
        if (block.isEmpty() || !block.endsWith("\n")) {
            throw new MalformedInput("note signatures must end with a newline");
        }
        String[] lines = block.substring(0, block.length() - 1).split("\n", -1);
        if (lines.length > MAX_SIGNATURES) {
            throw new MalformedInput("note has more than " + MAX_SIGNATURES + " signatures");
        }
        List<Signature> signatures = new ArrayList<>(lines.length);
        for (String line : lines) {
            signatures.add(parseLine(line));
        }
        return new SignedNote(text, signatures);
    }

    /** The note as text: note text, blank line, signature lines. */
    public String format() {
        StringBuilder out = new StringBuilder(text).append('\n');
        signatures.forEach(s -> out.append(s.line()));
        return out.toString();
    }

    /** The note text as UTF-8, the bytes that note signatures sign. */
    public byte[] textBytes() {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** This note with signatures by {@code signers} added, replacing their earlier signatures. */
    public SignedNote withSignatures(NoteSigner... signers) {
        return new SignedNote(text, sign(text, signatures, signers));
    }

    /**
     * Checks the signatures against {@code verifiers} and returns the trusted note. A signature by a
     * known key that fails throws {@link InvalidSignature}; without any verified signature the note
     * is rejected with {@link UnverifiedNote}. Repeated signatures by one key are checked once.
     */
    public Note verify(Verifiers verifiers) {
        byte[] message = textBytes();
        List<Signature> verified = new ArrayList<>();
        List<Signature> unverified = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Signature sig : signatures) {
            var verifier = verifiers.find(sig.name(), sig.keyId());
            if (verifier.isEmpty()) {
                if (!unverified.contains(sig)) {
                    unverified.add(sig);
                }
                continue;
            }
            if (!seen.add(sig.name() + "+" + sig.keyId())) {
                continue;
            }
            if (!verifier.get().verify(message, sig.bytes())) {
                throw new InvalidSignature("invalid signature by " + sig.name());
            }
            verified.add(sig);
        }
        if (verified.isEmpty()) {
            throw new UnverifiedNote("note has no signature by a known key");
        }
        return new Note(text, verified, unverified);
    }

    static List<Signature> sign(String text, List<Signature> existing, NoteSigner... signers) {
        checkText(text);
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        List<Signature> out = new ArrayList<>(existing);
        for (NoteSigner signer : signers) {
            out.removeIf(s -> s.name().equals(signer.name()) && s.keyId() == signer.keyId());
        }
        for (NoteSigner signer : signers) {
            out.add(new Signature(signer.name(), signer.keyId(), signer.sign(message)));
        }
        return out;
    }

    private static Signature parseLine(String line) {
        if (!line.startsWith(SIG_PREFIX)) {
            throw new MalformedInput("note signature line must start with an em dash and a space");
        }
        String rest = line.substring(SIG_PREFIX.length());
        int space = rest.indexOf(' ');
        if (space < 0) {
            throw new MalformedInput("note signature line has no signature");
        }
        String name = rest.substring(0, space);
        String base64 = rest.substring(space + 1);
        if (!NoteKeys.isValidName(name) || base64.isEmpty()) {
            throw new MalformedInput("note signature line has a bad key name or no signature");
        }
        byte[] raw = NoteKeys.decodeBase64(base64, "note signature");
        if (raw.length < 5) {
            throw new MalformedInput("note signature is too short");
        }
        int keyId = ByteBuffer.wrap(raw, 0, 4).getInt();
        return new Signature(name, keyId, Arrays.copyOfRange(raw, 4, raw.length));
    }

    private static void checkText(String text) {
        if (text == null || !text.endsWith("\n")) {
            throw new MalformedInput("note text must end with a newline");
        }
        checkCharacters(text);
    }

    private static void checkCharacters(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\n') {
                throw new MalformedInput("note contains a control character");
            }
            if (Character.isSurrogate(c)) {
                boolean paired =
                        Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
                if (!paired) {
                    throw new MalformedInput("note contains an unpaired surrogate");
                }
                i++;
            }
        }
    }
}
