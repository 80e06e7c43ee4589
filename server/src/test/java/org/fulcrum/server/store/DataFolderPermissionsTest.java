package org.fulcrum.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.App;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Test;

/**
 * The data folder holds password hashes, TOTP secrets, log commitment secrets and signing keys:
 * nobody but its owner may read any of it, from the moment each file exists.
 */
class DataFolderPermissionsTest {

    static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aFreshDataFolderAndEverySecretInItAreOwnerOnly() throws Exception {
        Path data = Files.createTempDirectory("fulcrum-perm").resolve("nested").resolve("data");
        try (App app = App.create(TestApp.config(data), Clock.systemUTC()).start()) {
            String token = app.module(AuthModule.class)
                    .tokens()
                    .issue("test", org.fulcrum.server.core.Role.PLATFORM, "p", "perm")
                    .secret();
            var r = new org.fulcrum.server.support.Http(app.baseUrl())
                    .bearer(token)
                    .postJson(
                            "/v1/platform/events",
                            Events.of(List.of(Events.post("ev-perm", "p-perm", "chan", "hello"))));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(mode(data)).isEqualTo("rwx------");
            assertThat(mode(data.getParent())).isEqualTo("rwx------");
            for (String file : List.of(
                    "fulcrum.db", "fulcrum.db-wal", "fulcrum.db-shm", "log-signing.key", "keys/lawful-answers.jwk")) {
                Path p = data.resolve(file);
                assertThat(p).as(file).exists();
                assertThat(mode(p)).as(file).isEqualTo("rw-------");
            }
            assertThat(mode(data.resolve("keys"))).isEqualTo("rwx------");
            try (var files = Files.list(data)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
            }
        }
    }

    @Test
    void aSecretIsWrittenWholeAndOwnerOnlyEvenOverALeftoverTemporaryFile() throws Exception {
        Path dir = Files.createTempDirectory("fulcrum-secret");
        Path key = dir.resolve("some.key");
        Files.writeString(dir.resolve("some.key.tmp"), "half-written by a crash");
        Files.setPosixFilePermissions(dir.resolve("some.key.tmp"), PosixFilePermissions.fromString("rw-r--r--"));
        DataFolder.writeSecret(key, "secret\n");
        assertThat(Files.readString(key)).isEqualTo("secret\n");
        assertThat(mode(key)).isEqualTo("rw-------");
        assertThat(dir.resolve("some.key.tmp")).doesNotExist();
        assertThat(Map.of("left", Files.list(dir).count())).containsEntry("left", 1L);
    }
}
