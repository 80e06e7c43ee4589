package org.fulcrum.server.transparency;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import org.fulcrum.server.store.DataFolder;
import org.fulcrum.tlog.note.Ed25519NoteSigner;
import org.fulcrum.tlog.note.NoteKeys;
import org.fulcrum.tlog.note.NoteSigner;
import org.fulcrum.tlog.note.NoteVerifier;

/**
 * The log's Ed25519 signing key, created on first start in the data folder
 * ({@code log-signing.key}, owner-only), and its public verifier key ({@code log-verifier.key}),
 * which is published for anyone checking checkpoints.
 */
public final class LogKeys {
    private final NoteSigner signer;
    private final NoteVerifier verifier;

    private LogKeys(NoteSigner signer, NoteVerifier verifier) {
        this.signer = signer;
        this.verifier = verifier;
    }

    public static LogKeys loadOrCreate(Path dataDir, String origin) {
        Path secret = dataDir.resolve("log-signing.key");
        Path pub = dataDir.resolve("log-verifier.key");
        try {
            DataFolder.ensure(dataDir);
            if (!Files.exists(secret)) {
                Ed25519NoteSigner fresh = Ed25519NoteSigner.generate(origin, new SecureRandom());
                DataFolder.writeSecret(secret, fresh.signerKey() + "\n");
                Files.writeString(pub, fresh.verifier().verifierKey() + "\n", StandardCharsets.UTF_8);
            }
            NoteSigner signer = NoteKeys.parseSigner(Files.readString(secret).trim(), Clock.systemUTC());
            NoteVerifier verifier = ((Ed25519NoteSigner) signer).verifier();
            if (!Files.exists(pub)) {
                Files.writeString(pub, verifier.verifierKey() + "\n", StandardCharsets.UTF_8);
            }
            return new LogKeys(signer, verifier);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the log signing key in " + dataDir, e);
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
