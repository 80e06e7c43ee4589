package org.fulcrum.server.lawful;

import java.nio.file.Files;
import java.nio.file.Path;
import org.fulcrum.server.store.DataFolder;

/**
 * Fulcrum's Ed25519 key that signs its answers to authorities (RFC 9421 response signatures).
 * Made on first start in {@code <data>/keys/lawful-answers.jwk}; its public half is published in
 * the point-of-contact directory.
 */
public final class AnswerKey {
    private final Jwk key;

    private AnswerKey(Jwk key) {
        this.key = key;
    }

    public static AnswerKey load(Path dataDir) {
        Path file = dataDir.resolve("keys").resolve("lawful-answers.jwk");
        if (!Files.exists(file)) {
            DataFolder.ensure(file.getParent());
            DataFolder.writeSecret(file, Jwk.newEd25519().toJson());
        }
        return new AnswerKey(Jwk.read(file));
    }

    public Jwk publicKey() {
        return key.publicOnly();
    }

    /** Signs an answer, bound to the request signature it answers. */
    public HttpSignatures.Signed sign(int status, byte[] body, long createdSeconds,
                                      HttpSignatures.RequestSignature request) {
        return HttpSignatures.signResponse(key, status, body, createdSeconds, java.util.Optional.of(request));
    }
}
