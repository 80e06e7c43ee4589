package org.fulcrum.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.lawful.signature.Jwk;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Officers' key files: {@code keys new} makes an Ed25519 signing key and an X25519 encryption key. */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = "Make an officer's key files.",
        subcommands = KeysCommand.New.class)
public final class KeysCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /**
     * Writes {@code signing-key.jwk} and {@code encryption-key.jwk} (private, readable by the owner
     * only) and {@code public-keys.json}, the file to hand to Fulcrum's legal desk for registration.
     */
    @Command(
            name = "new",
            mixinStandardHelpOptions = true,
            description = "Make an Ed25519 signing key and an X25519 encryption key (JSON Web Keys).")
    public static final class New implements Callable<Integer> {
        private final Json json = Json.strict();

        @Option(names = "--out", required = true, description = "folder to write the key files to")
        Path out;

        @Override
        public Integer call() throws Exception {
            Files.createDirectories(out);
            Path signingFile = out.resolve("signing-key.jwk");
            Path encryptionFile = out.resolve("encryption-key.jwk");
            if (Files.exists(signingFile) || Files.exists(encryptionFile)) {
                System.err.println("key files already exist in " + out + "; refusing to overwrite them");
                return 2;
            }
            Jwk signing = Jwk.newEd25519();
            Jwk encryption = Jwk.newX25519();
            writePrivate(signingFile, signing.toJson(json));
            writePrivate(encryptionFile, encryption.toJson(json));
            Map<String, Object> pub = new LinkedHashMap<>();
            pub.put("signing", signing.publicOnly());
            pub.put("encryption", encryption.publicOnly());
            Files.writeString(
                    out.resolve("public-keys.json"),
                    json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(pub));
            System.out.println("signing key     " + signing.kid() + "  (Ed25519, " + signingFile + ")");
            System.out.println("encryption key  " + encryption.kid() + "  (X25519, " + encryptionFile + ")");
            System.out.println("Send " + out.resolve("public-keys.json") + " to Fulcrum's legal desk; keep the .jwk "
                    + "files secret.");
            return 0;
        }

        private static void writePrivate(Path file, String content) throws java.io.IOException {
            Files.writeString(file, content);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the folder's permissions apply
            }
        }
    }
}
