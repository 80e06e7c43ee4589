package org.fulcrum.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A JVM that used the shared Kafka broker exits with status 0, and the broker's folder is gone.
 * When the broker kept its log directories in the test kit's temporary folder, Kafka deleted that
 * folder from a shutdown hook of its own, beside the hook stopping the broker; the broker, its
 * metadata log directory gone, halted the JVM with status 1 ("Shutdown broker because all log
 * dirs ... have failed"), and the build reported a test JVM that had crashed after every test had
 * passed. With the broker set up that way, the process below ended with status 1 in eight runs of
 * eight.
 */
@Tag("kafka")
@Tag("process")
class KafkaBrokerExitTest {
    @Test
    void aJvmThatUsedTheSharedBrokerExitsWithStatusZeroAndLeavesNoFolder() throws Exception {
        Path err = Files.createTempFile("fulcrum-broker-exit", ".log");
        Process p = new ProcessBuilder(ChildJvm.command(List.of(), SharedBrokerExit.class.getName(), List.of()))
                .redirectError(err.toFile())
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the process ends").isTrue();
        String log = tail(err);
        assertThat(p.exitValue())
                .as("exit status; its output:%n%s%n%s", out, log)
                .isZero();
        String folder = out.lines()
                .filter(l -> l.startsWith("folder "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no folder printed: " + out + log))
                .substring("folder ".length());
        assertThat(Path.of(folder))
                .as("the broker's folder, deleted after it stopped")
                .doesNotExist();
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
