package org.fulcrum.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.TransparencyModule;
import org.fulcrum.server.support.Await;
import org.fulcrum.server.support.TestApp;
import org.fulcrum.server.transparency.EntryKind;
import org.fulcrum.server.transparency.LogEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code fulcrum verify} agrees with an honest log and catches each kind of tampering, one at a time. */
class VerifyCommandTest {
    static TestApp app;
    static Path export;
    // Entries in the log when exported: the test's 702 plus those the app appends on start (policy version).
    static long total;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.sqlite();
        for (int i = 0; i < 700; i++) {
            int n = i;
            app.app()
                    .module(StoreModule.class)
                    .db()
                    .write(tx -> app.app()
                            .module(TransparencyModule.class)
                            .log()
                            .append(
                                    tx,
                                    LogEntry.of(
                                            EntryKind.request_decided,
                                            tx.now(),
                                            "FR",
                                            null,
                                            n % 3 == 0 ? "refuse" : "complied",
                                            Map.of("n", n),
                                            Map.of("officer", "o-" + n),
                                            null)));
        }
        app.app()
                .module(StoreModule.class)
                .db()
                .write(tx -> app.app()
                        .module(TransparencyModule.class)
                        .log()
                        .append(
                                tx,
                                LogEntry.of(
                                                EntryKind.request_received,
                                                tx.now(),
                                                "DE",
                                                null,
                                                "received",
                                                Map.of("instrument", "EPOC"),
                                                Map.of(),
                                                null)
                                        .sealedUntil(Instant.now().plusMillis(200))));
        Await.await(
                "the expired gag is revealed",
                Duration.ofSeconds(10),
                () -> app.queryLong("SELECT COUNT(*) FROM log_entry WHERE kind = 'reveal'") == 1);
        long size = app.queryLong("SELECT size FROM log_state");
        total = size;
        Await.await(
                "a checkpoint covers the whole log",
                Duration.ofSeconds(10),
                () -> app.app()
                                .module(TransparencyModule.class)
                                .checkpointer()
                                .latest()
                                .checkpoint()
                                .size()
                        == size);
        Await.await("the report covers the whole log", Duration.ofSeconds(10), () -> app.reportedLogSize() == size);
        export = Files.createTempFile("fulcrum-log", ".export");
        HttpResponse<Path> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(app.url() + "/v1/log/export"))
                                .build(),
                        HttpResponse.BodyHandlers.ofFile(export));
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    record Run(int exit, String out) {}

    static Run verify(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            String[] all = new String[args.length + 1];
            all[0] = "verify";
            System.arraycopy(args, 0, all, 1, args.length);
            return new Run(Main.run(all), buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }

    static String key() {
        return app.app().module(StoreModule.class).logKeys().verifierKey();
    }

    static Path tampered(UnaryOperator<List<String>> change) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(export));
        Path out = Files.createTempFile("tampered", ".export");
        Files.write(out, change.apply(lines));
        return out;
    }

    static String entryLine(byte[] data) {
        return "entry " + Base64.getEncoder().encodeToString(data);
    }

    static byte[] entryData(String line) {
        return Base64.getDecoder().decode(line.substring(6));
    }

    @Test
    void anHonestLogVerifiesFromTheServerAndFromAnExport() throws Exception {
        Path state = Files.createTempFile("verify", ".state");
        Files.delete(state);
        assertThat(verify("--server", app.url(), "--key", key(), "--state", state.toString())
                        .exit())
                .isZero();
        assertThat(verify("--server", app.url(), "--state", state.toString()).exit())
                .as("second run, pinned key")
                .isZero();
        Run run = verify("--export", export.toString(), "--key", key());
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out())
                .contains("OK: " + app.queryLong("SELECT size FROM log_state") + " entries")
                .contains("the published report agrees");
    }

    @Test
    void aChangedEntryFails() throws Exception {
        Path bad = tampered(lines -> {
            int i = 5 + 123;
            String text = new String(entryData(lines.get(i)), StandardCharsets.UTF_8).replace("\"FR\"", "\"IT\"");
            lines.set(i, entryLine(text.getBytes(StandardCharsets.UTF_8)));
            return lines;
        });
        Run run = verify("--export", bad.toString(), "--key", key());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("do not hash to the signed root");
    }

    @Test
    void aRemovedEntryFails() throws Exception {
        Path bad = tampered(lines -> {
            lines.remove(5 + 10);
            String end = lines.getLast();
            lines.set(lines.size() - 1, "end " + (Long.parseLong(end.substring(4)) - 1));
            return lines;
        });
        assertThat(verify("--export", bad.toString(), "--key", key()).exit()).isEqualTo(1);
    }

    @Test
    void aChangedCheckpointOrSignatureFails() throws Exception {
        Path badRoot = tampered(lines -> {
            String note = new String(Base64.getDecoder().decode(lines.get(3).substring(11)), StandardCharsets.UTF_8);
            String[] parts = note.split("\n", 4);
            parts[1] = String.valueOf(Long.parseLong(parts[1]) - 1);
            lines.set(
                    3,
                    "checkpoint "
                            + Base64.getEncoder()
                                    .encodeToString(String.join("\n", parts).getBytes(StandardCharsets.UTF_8)));
            return lines;
        });
        Run run = verify("--export", badRoot.toString(), "--key", key());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("checkpoint does not verify");
        Path badSig = tampered(lines -> {
            byte[] note = Base64.getDecoder().decode(lines.get(3).substring(11));
            note[note.length - 5] ^= 0x01;
            lines.set(3, "checkpoint " + Base64.getEncoder().encodeToString(note));
            return lines;
        });
        assertThat(verify("--export", badSig.toString(), "--key", key()).exit()).isEqualTo(1);
    }

    @Test
    void aChangedRevealedFieldFails() throws Exception {
        Path bad = tampered(lines -> {
            int last = lines.size() - 2;
            String text = new String(entryData(lines.get(last)), StandardCharsets.UTF_8);
            assertThat(text).contains("\"kind\":\"reveal\"");
            lines.set(last, entryLine(text.replace("EPOC", "TCO").getBytes(StandardCharsets.UTF_8)));
            return lines;
        });
        Run run = verify("--export", bad.toString(), "--key", key());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("do not match the commitment");
    }

    @Test
    void aChangedPublishedReportFigureFails() throws Exception {
        Path bad = tampered(lines -> {
            assertThat(lines.get(4)).startsWith("report ");
            String json = new String(Base64.getDecoder().decode(lines.get(4).substring(7)), StandardCharsets.UTF_8);
            String changed = json.replaceFirst("\"refuse\":(\\d+)", "\"refuse\":0");
            assertThat(changed).isNotEqualTo(json);
            lines.set(4, "report " + Base64.getEncoder().encodeToString(changed.getBytes(StandardCharsets.UTF_8)));
            return lines;
        });
        Run run = verify("--export", bad.toString(), "--key", key());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("published report differs from the log").contains("refuse");
    }

    @Test
    void thePublishedReportCountsWhatTheLogHolds() {
        var report = app.http().get("/v1/reports/transparency.json").json();
        var fr = report.at("/lawful/year").elements().next().get("FR");
        assertThat(fr.at("/outcomes/refuse").asLong()
                        + fr.at("/outcomes/complied").asLong())
                .isEqualTo(700);
        assertThat(report.at("/logSize").asLong()).isGreaterThanOrEqualTo(702);
        assertThat(report.at("/delayedByQuarter").size())
                .as("the sealed request was revealed")
                .isZero();
    }

    @Test
    void aLogPresentedUnderAnotherKeyFails() throws Exception {
        String otherKey = org.fulcrum.tlog.note.Ed25519NoteSigner.generate(
                        app.app().module(StoreModule.class).logKeys().origin(), new java.security.SecureRandom())
                .verifier()
                .verifierKey();
        assertThat(verify("--export", export.toString(), "--key", otherKey).exit())
                .isEqualTo(1);
    }
}
