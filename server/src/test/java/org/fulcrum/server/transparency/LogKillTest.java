package org.fulcrum.server.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListSet;
import org.fulcrum.server.App;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.TransparencyModule;
import org.fulcrum.server.support.ChildJvm;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.TestApp;
import org.fulcrum.tlog.checkpoint.Checkpoint;
import org.fulcrum.tlog.checkpoint.SignedCheckpoint;
import org.fulcrum.tlog.merkle.Proofs;
import org.fulcrum.tlog.note.NoteKeys;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Appends under load in another process, kills it with SIGKILL, restarts: every acknowledged entry
 * is there, the log continues, and the checkpoints signed before the kill are consistent with the
 * ones after it.
 */
@Tag("process")
class LogKillTest {

    @Test
    void theLogSurvivesKillMinusNineAndStaysConsistent() throws Exception {
        Path data = Files.createTempDirectory("fulcrum-log-kill9");
        // A migrated copy: the appender process opens it instead of running every migration first.
        TestApp.seeded(data);
        Process p = new ProcessBuilder(
                        ChildJvm.command(List.of(), LogAppender.class.getName(), List.of(data.toString())))
                .redirectError(data.resolve("err.log").toFile())
                .start();
        ConcurrentSkipListSet<Long> acked = new ConcurrentSkipListSet<>();
        List<byte[]> checkpointsBefore = new ArrayList<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            while (first != null && !first.startsWith("port ")) {
                first = out.readLine(); // log lines come first
            }
            assertThat(first)
                    .as("appender started; see " + data.resolve("err.log"))
                    .isNotNull();
            Http http = new Http("http://127.0.0.1:" + first.substring(5));
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        if (line.startsWith("ack ")) {
                            acked.add(Long.parseLong(line.substring(4)));
                        }
                    }
                } catch (java.io.IOException ignored) {
                    // the process died
                }
            });
            Instant until = Instant.now().plusMillis(2500);
            while (Instant.now().isBefore(until)) {
                checkpointsBefore.add(http.get("/log/checkpoint").body().getBytes(StandardCharsets.UTF_8));
                Thread.sleep(400); // the writes go on between samples: the kill comes after a span of them
            }
            p.destroyForcibly();
            p.waitFor();
            reader.join(5_000);
        }
        assertThat(acked).hasSizeGreaterThan(100);

        try (App again = App.create(TestApp.config(data), Clock.systemUTC()).start()) {
            var key = NoteKeys.parseVerifier(
                    again.module(StoreModule.class).logKeys().verifierKey());
            long size = again.module(StoreModule.class)
                    .db()
                    .read(h -> h.createQuery("SELECT size FROM log_state")
                            .mapTo(Long.class)
                            .one());
            assertThat(size).isGreaterThan(acked.last());
            List<Long> stored = again.module(StoreModule.class)
                    .db()
                    .read(h -> h.createQuery("SELECT idx FROM log_entry")
                            .mapTo(Long.class)
                            .list());
            assertThat(stored).containsAll(acked);
            // the log continues
            long next = again.module(StoreModule.class)
                    .db()
                    .write(tx -> again.module(TransparencyModule.class)
                            .log()
                            .append(
                                    tx,
                                    LogEntry.of(
                                            EntryKind.purge,
                                            tx.now(),
                                            null,
                                            null,
                                            "purged",
                                            java.util.Map.of(),
                                            java.util.Map.of(),
                                            null)));
            assertThat(next).isEqualTo(size);
            Checkpoint after = SignedCheckpoint.open(
                            again.module(TransparencyModule.class)
                                    .checkpointer()
                                    .checkpoint()
                                    .bytes(),
                            key)
                    .checkpoint();
            Http http = new Http(again.baseUrl());
            for (byte[] note : checkpointsBefore) {
                Checkpoint before = SignedCheckpoint.open(note, key).checkpoint();
                if (before.size() == 0) {
                    continue;
                }
                var r = http.get("/v1/log/proof/consistency?from=" + before.size() + "&to=" + after.size())
                        .json();
                List<byte[]> proof = new ArrayList<>();
                r.get("proof").forEach(h -> proof.add(Base64.getDecoder().decode(h.asText())));
                Proofs.verifyConsistency(before.size(), after.size(), proof, before.rootHash(), after.rootHash());
            }
        }
    }
}
