package org.fulcrum.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.config.KeyFiles;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.lawful.signature.Jwk;
import org.fulcrum.tlog.note.Ed25519NoteSigner;

/** Owner-only secret files with a fresh log key, answer key and evidence key, as an operator would mount for all nodes. */
public final class SharedKeyFiles {
    private SharedKeyFiles() {}

    public static KeyFiles create(String origin) {
        try {
            Path dir = Files.createTempDirectory("fulcrum-secrets");
            Path log = ownerOnly(
                    dir.resolve("log.key"),
                    Ed25519NoteSigner.generate(origin, new SecureRandom()).signerKey());
            Path answer = ownerOnly(
                    dir.resolve("lawful-answers.jwk"), Jwk.newEd25519().toJson(Json.strict()));
            byte[] raw = new byte[32];
            new SecureRandom().nextBytes(raw);
            Path evidence = ownerOnly(
                    dir.resolve("evidence.key"), java.util.Base64.getEncoder().encodeToString(raw));
            return new KeyFiles(Optional.of(log), Optional.of(answer), Optional.of(evidence));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code c} reading its shared keys from {@code files}. */
    public static Config use(Config c, KeyFiles files) {
        return c.withCluster(c.cluster().withKeyFiles(files));
    }

    public static Path ownerOnly(Path file, String text) throws IOException {
        Files.writeString(file, text + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}
