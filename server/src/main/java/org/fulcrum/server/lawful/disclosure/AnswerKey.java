package org.fulcrum.server.lawful.disclosure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.keys.Ed25519;
import org.fulcrum.server.keys.SecretFile;
import org.fulcrum.server.keys.SharedKeys;
import org.fulcrum.server.keys.StartRefused;
import org.fulcrum.server.lawful.signature.HttpSignatures;
import org.fulcrum.server.lawful.signature.Jwk;
import org.fulcrum.server.store.DataFolder;
import org.fulcrum.server.store.Database;

/**
 * Fulcrum's Ed25519 key that signs its answers to authorities (RFC 9421 response signatures); its
 * public half is published in the point-of-contact directory. Every node of one database uses the
 * same key, so the directory advertises one key whichever node answers: it is read from the
 * configured secret file ({@code lawful.answer.key.file}) or {@code <data>/keys/lawful-answers.jwk},
 * and made only when the database has recorded no answer key yet. The first key recorded wins; a
 * node with another refuses to start.
 */
public final class AnswerKey {
    static final String SETTING = "lawful.answer.key.file (FULCRUM_LAWFUL_ANSWER_KEY_FILE)";

    private final Jwk key;

    private AnswerKey(Jwk key) {
        this.key = key;
    }

    public static AnswerKey forNode(Path dataDir, Optional<Path> keyFile, Database db, Clock clock, Json json) {
        Path file = dataDir.resolve("keys").resolve("lawful-answers.jwk");
        Optional<String> recorded = SharedKeys.recorded(db, SharedKeys.LAWFUL_ANSWERS);
        Jwk key;
        boolean fresh = false;
        if (keyFile.isPresent()) {
            key = parse(SecretFile.read(keyFile.get(), SETTING), keyFile.get().toString(), json);
        } else if (Files.exists(file)) {
            key = parse(read(file), file.toString(), json);
        } else if (recorded.isPresent()) {
            throw new StartRefused("no lawful answer key, but the database already advertises the answer key "
                    + recorded.get() + "; put that shared key in " + file + " or name its file with " + SETTING);
        } else {
            key = Jwk.newEd25519();
            fresh = true;
        }
        String agreed = SharedKeys.agree(db, SharedKeys.LAWFUL_ANSWERS, key.kid(), clock);
        if (!agreed.equals(key.kid())) {
            throw new StartRefused("the lawful answer key " + key.kid() + " is not the key " + agreed
                    + " the database advertises; give every node the same key (" + SETTING + ")");
        }
        if (fresh) {
            save(file, key, json);
        }
        return new AnswerKey(key);
    }

    private static Jwk parse(String text, String where, Json json) {
        Jwk key;
        try {
            key = json.read(text, Jwk.class);
        } catch (IOException | RuntimeException e) {
            throw new StartRefused("the lawful answer key in " + where + " is not an Ed25519 JWK: " + e.getMessage());
        }
        if (!Jwk.ED25519.equals(key.crv()) || key.privateBytes().isEmpty()) {
            throw new StartRefused(
                    "the lawful answer key in " + where + " must be an Ed25519 JWK with its private part");
        }
        if (!java.util.Arrays.equals(Ed25519.publicKeyOf(key.ed25519Seed()), key.publicBytes())) {
            throw new StartRefused("the lawful answer key in " + where
                    + " has a public part (x) that is not its private" + " part's (d)");
        }
        return key;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the answer key " + file, e);
        }
    }

    private static void save(Path file, Jwk key, Json json) {
        // owner-only from creation, synced, renamed atomically and the folder synced
        DataFolder.ensure(file.getParent());
        DataFolder.writeSecret(file, key.toJson(json));
    }

    public Jwk publicKey() {
        return key.publicOnly();
    }

    public HttpSignatures.Signed sign(
            int status, byte[] body, long createdSeconds, HttpSignatures.RequestSignature request) {
        return HttpSignatures.signResponse(key, status, body, createdSeconds, java.util.Optional.of(request));
    }
}
