package org.fulcrum.server.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.fulcrum.server.cli.Main;
import org.fulcrum.server.config.KeyFiles;
import org.fulcrum.server.support.SharedKeyFiles;
import org.junit.jupiter.api.Test;

/** {@code fulcrum serve} with a key it must not use stops with one line saying why, not a stack trace. */
class RefusedStartCliTest {
    @Test
    void serveWithAKeyFileOthersCanReadExitsWithOneLine() throws Exception {
        KeyFiles keys = SharedKeyFiles.create("fulcrum.log/localhost");
        Files.setPosixFilePermissions(keys.logKey().orElseThrow(), PosixFilePermissions.fromString("rw-r-----"));
        Path data = Files.createTempDirectory("fulcrum-refused");
        Path config = Files.writeString(
                data.resolveSibling(data.getFileName() + ".properties"),
                "port=0\nhost=127.0.0.1\nlog.key.file=" + keys.logKey().orElseThrow() + "\n");

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        int code;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            code = Main.run("serve", "--config", config.toString(), "--data", data.toString());
        } finally {
            System.setErr(original);
        }

        String out = err.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(2);
        assertThat(out.lines().filter(l -> l.startsWith("fulcrum: refusing to start: log.key.file")))
                .hasSize(1);
        assertThat(out).contains("chmod 600").doesNotContain("\tat ");
        assertThat(data.resolve("log-signing.key")).doesNotExist();
    }
}
