package org.fulcrum.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.lawful.disclosure.SealedPackage;
import org.fulcrum.server.lawful.signature.Jwk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every failing command says in one line what went wrong and what to do, with a documented exit code. */
class CliFailuresTest {
    @TempDir
    Path dir;

    record Run(int exit, String err) {
        /** The error output as one line, failing if it is more (a stack trace). */
        String line() {
            assertThat(err.strip().lines()).as(err).hasSize(1);
            assertThat(err).doesNotContain("\tat ").doesNotContain("Exception");
            return err.strip();
        }
    }

    static synchronized Run run(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            int exit = Main.run(args);
            return new Run(exit, buffer.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }

    @Test
    void verifyAgainstARefusedConnectionNamesTheServerAndExitsThree() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Run r = run("verify", "--server", "http://127.0.0.1:" + port);
        assertThat(r.exit()).isEqualTo(Failures.IO);
        assertThat(r.line())
                .startsWith("fulcrum verify: cannot connect to 'http://127.0.0.1:" + port + "'")
                .contains("check that the server is running");
    }

    @Test
    void verifyWithAUrlWithoutSchemeAsksForTheSchemeAndExitsTwo() {
        Run r = run("verify", "--server", "localhost:8080");
        assertThat(r.exit()).isEqualTo(Failures.USAGE);
        assertThat(r.line()).contains("'localhost:8080'").contains("give the full URL with its scheme");
    }

    @Test
    void decryptWithTheWrongKeySaysWhichKeyIsNeededAndExitsOne() throws Exception {
        Jwk officer = Jwk.newX25519();
        Jwk someoneElse = Jwk.newX25519();
        Path pkg = Files.writeString(
                dir.resolve("package.json"),
                SealedPackage.seal("dc_1", officer.publicOnly(), "+49 170 555".getBytes(StandardCharsets.UTF_8))
                        .toJson(Json.strict()));
        Path wrong = Files.writeString(dir.resolve("other.jwk"), someoneElse.toJson(Json.strict()));
        Run r = run("decrypt", "--key", wrong.toString(), pkg.toString());
        assertThat(r.exit()).isEqualTo(Failures.INVALID);
        assertThat(r.line())
                .startsWith("fulcrum decrypt: key: ")
                .contains("use the private encryption-key.jwk of the officer the package was sealed to");
    }

    @Test
    void verboseAddsTheTrace() {
        Run r = run("verify", "--verbose", "--server", "localhost:8080");
        assertThat(r.exit()).isEqualTo(Failures.USAGE);
        assertThat(r.err().lines().count()).isGreaterThan(3);
        assertThat(r.err()).contains("\tat ");
    }

    @Test
    void aMissingFileAndAnUnknownOptionAreOneLineEach() {
        Run missing = run(
                "decrypt",
                "--key",
                dir.resolve("none.jwk").toString(),
                dir.resolve("none.json").toString());
        assertThat(missing.exit()).isEqualTo(Failures.IO);
        assertThat(missing.line()).contains("none.json");
        Run unknown = run("verify", "--bogus");
        assertThat(unknown.exit()).isEqualTo(Failures.USAGE);
        assertThat(unknown.line()).contains("--bogus").contains("fulcrum verify --help");
    }
}
