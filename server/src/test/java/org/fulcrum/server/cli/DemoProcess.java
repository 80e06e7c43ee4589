package org.fulcrum.server.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.support.ChildJvm;

/**
 * {@code fulcrum demo --fast --keep-serving} as its own process on a fresh data folder, read until
 * the story's verdict and left serving until closed.
 */
final class DemoProcess implements AutoCloseable {
    /**
     * Passwords are hashed at the minimal cost, as on every test server: the demo hashes a password for
     * each account it creates and each sign-in rehashes one, and at the standard cost those hashes took
     * seconds of the two cores from each run. Commits are synced at checkpoints only, as on every
     * test server ({@code TestApp.config}).
     */
    private static final Map<String, String> TEST_SERVER =
            Map.of("FULCRUM_AUTH_PASSWORD_COST", "minimal", "FULCRUM_STORE_SYNC", "normal");

    private final Process process;
    private final BufferedReader out;
    private final List<String> lines = new ArrayList<>();
    private final int port;

    private DemoProcess(Process process, int port) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.port = port;
    }

    /** Starts the demo with {@code accounts} accounts and the environment additions {@code env}; returns once it has told its story. */
    static DemoProcess play(int accounts, Map<String, String> env) throws Exception {
        Path data = Files.createTempDirectory("fulcrum-demo");
        int port = DurabilityProcessTest.freePort();
        List<String> command = ChildJvm.command(
                List.of(),
                Main.class.getName(),
                List.of(
                        "demo",
                        "--fast",
                        "--keep-serving",
                        "--accounts",
                        String.valueOf(accounts),
                        "--port",
                        String.valueOf(port),
                        "--data",
                        data.toString()));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectError(data.resolve("stderr.log").toFile());
        pb.environment().putAll(TEST_SERVER);
        pb.environment().putAll(env);
        DemoProcess demo = new DemoProcess(pb.start(), port);
        try {
            demo.readStory();
        } catch (IOException | RuntimeException e) {
            demo.close();
            throw e;
        }
        return demo;
    }

    private void readStory() throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        String line;
        while ((line = out.readLine()) != null && Instant.now().isBefore(deadline)) {
            lines.add(line);
            if (line.startsWith("Every step ended") || line.startsWith("Steps that did not end")) {
                // the server logs to the same stream: keep reading, or a full pipe would stall it
                Thread.ofVirtual().start(this::drain);
                return;
            }
        }
    }

    private void drain() {
        try {
            while (out.readLine() != null) {
                // discarded
            }
        } catch (IOException e) {
            // the process has stopped
        }
    }

    /** What the demo printed, up to and including its verdict. */
    List<String> lines() {
        return lines;
    }

    String transcript() {
        return String.join("\n", lines);
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }
}
