package org.fulcrum.server.transparency;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.stream.Collectors;
import org.fulcrum.server.keys.SecretFile;
import org.fulcrum.server.keys.SharedKeys;
import org.fulcrum.server.keys.StartRefused;
import org.fulcrum.server.store.DataFolder;
import org.fulcrum.server.store.Database;
import org.fulcrum.tlog.checkpoint.SignedCheckpoint;
import org.fulcrum.tlog.note.Ed25519NoteSigner;
import org.fulcrum.tlog.note.NoteKeys;
import org.fulcrum.tlog.note.NoteSigner;
import org.fulcrum.tlog.note.NoteVerifier;
import org.fulcrum.tlog.note.SignedNote;

/**
 * The log's Ed25519 signing key and its public verifier key ({@code log-verifier.key}), which is
 * published for anyone checking checkpoints. Every node of one database signs with the same key:
 * it is read from the configured secret file ({@code log.key.file}) or the data folder
 * ({@code log-signing.key}, owner-only), and made only when the database holds no log key yet.
 */
public final class LogKeys {
    static final String SETTING = "log.key.file (FULCRUM_LOG_KEY_FILE)";

    private final NoteSigner signer;
    private final NoteVerifier verifier;

    private LogKeys(NoteSigner signer) {
        this.signer = signer;
        this.verifier = ((Ed25519NoteSigner) signer).verifier();
    }

    /**
     * This node's log key, which must verify the checkpoints already stored and match the key the
     * database recorded; otherwise the node refuses to start, having written nothing.
     */
    public static LogKeys forNode(Path dataDir, Optional<Path> keyFile, String origin, Database db, Clock clock) {
        Path secret = dataDir.resolve("log-signing.key");
        Optional<String> storedNote =
                db.read(h -> h.createQuery("SELECT note FROM log_checkpoint ORDER BY size DESC LIMIT 1")
                        .mapTo(String.class)
                        .findOne());
        Optional<String> recorded = SharedKeys.recorded(db, SharedKeys.LOG);
        LogKeys keys;
        boolean fresh = false;
        if (keyFile.isPresent()) {
            keys = parse(SecretFile.read(keyFile.get(), SETTING), keyFile.get().toString(), clock);
        } else if (Files.exists(secret)) {
            keys = parse(read(secret), secret.toString(), clock);
        } else if (storedNote.isPresent() || recorded.isPresent()) {
            throw new StartRefused("no log signing key, but the database already holds a log signed by "
                    + recorded.orElseGet(() -> signers(storedNote.get())) + "; put that shared key in " + secret
                    + " or name its file with " + SETTING);
        } else {
            keys = new LogKeys(Ed25519NoteSigner.generate(origin, new SecureRandom()));
            fresh = true;
        }
        storedNote.ifPresent(note -> keys.requireVerifies(note));
        String agreed = SharedKeys.agree(db, SharedKeys.LOG, keys.verifierKey(), clock);
        if (!agreed.equals(keys.verifierKey())) {
            throw new StartRefused("the log signing key " + keys.verifierKey() + " is not the key "
                    + agreed + " the database recorded for this log; give every node the same key ("
                    + SETTING + ")");
        }
        if (fresh) {
            keys.save(dataDir, secret);
        }
        keys.publish(dataDir);
        return keys;
    }

    private void requireVerifies(String note) {
        try {
            SignedCheckpoint.open(note.getBytes(StandardCharsets.UTF_8), verifier);
        } catch (RuntimeException e) {
            throw new StartRefused("the log signing key " + verifierKey()
                    + " does not verify the checkpoints stored in the database, which are signed by "
                    + signers(note) + "; give every node the same key (" + SETTING + ")");
        }
    }

    /** Who signed a stored note, as {@code name+hexid} of each signature line. */
    private static String signers(String note) {
        return SignedNote.parse(note).signatures().stream()
                .map(s -> s.name() + "+" + String.format("%08x", s.keyId()))
                .collect(Collectors.joining(", "));
    }

    private static LogKeys parse(String text, String where, Clock clock) {
        try {
            return new LogKeys(NoteKeys.parseSigner(text, clock));
        } catch (RuntimeException e) {
            throw new StartRefused("the log signing key in " + where + " is not a note signer key: " + e.getMessage());
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log signing key " + file, e);
        }
    }

    private void save(Path dataDir, Path secret) {
        // owner-only from creation, synced, renamed atomically and the folder synced
        DataFolder.ensure(dataDir);
        DataFolder.writeSecret(secret, ((Ed25519NoteSigner) signer).signerKey() + "\n");
    }

    /** Writes the public verifier key beside the data, for operators and verifiers to copy. */
    private void publish(Path dataDir) {
        Path pub = dataDir.resolve("log-verifier.key");
        try {
            DataFolder.ensure(dataDir);
            if (!Files.exists(pub) || !Files.readString(pub).trim().equals(verifierKey())) {
                Files.writeString(pub, verifierKey() + "\n", StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the log verifier key in " + dataDir, e);
        }
    }

    public NoteSigner signer() {
        return signer;
    }

    public NoteVerifier verifier() {
        return verifier;
    }

    /** The verifier key string ({@code name+hexid+base64}) published for checkpoint verification. */
    public String verifierKey() {
        return verifier.verifierKey();
    }

    public String origin() {
        return signer.name();
    }
}
