package org.fulcrum.server.lawful;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

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
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Jwk fresh = Jwk.newEd25519();
                Path tmp = file.resolveSibling("lawful-answers.jwk.tmp");
                Files.writeString(tmp, fresh.toJson());
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system; the data folder's own permissions apply
                }
                Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return new AnswerKey(Jwk.read(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the answer key " + file, e);
        }
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
