package org.fulcrum.bench.log;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.fulcrum.server.App;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.TransparencyModule;
import org.fulcrum.server.cli.Main;
import org.fulcrum.server.config.ConfigLoader;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.transparency.EntryKind;
import org.fulcrum.server.transparency.LogEntry;
import org.fulcrum.server.transparency.LogExport;

/**
 * Throughput of {@code fulcrum verify --export}: builds a log of N entries (a mix of lawful and
 * moderation entries, as the reports read them), exports it with its published report, then times
 * the verifier end to end: parse, recompute the root, check every entry, recompute the report.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar org.fulcrum.bench.log.VerifyThroughput [entries]}
 */
public final class VerifyThroughput {
    private static final Json JSON = Json.strict();

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Path data = Files.createTempDirectory("fulcrum-bench-verify");
        Path export = data.resolve("log.export");
        String key;
        long entries;
        var config = new ConfigLoader()
                .set("port", "0")
                .set("host", "127.0.0.1")
                .set("data", data.toString())
                .load();
        try (App app = App.create(config, Clock.systemUTC()).start()) {
            String[] countries = {"FR", "DE", "RU", "IR", "US", "BR"};
            for (int done = 0; done < n; done += 1000) {
                int from = done;
                app.module(StoreModule.class).db().write(tx -> {
                    for (int i = from; i < Math.min(n, from + 1000); i++) {
                        EntryKind kind = i % 3 == 0
                                ? EntryKind.request_received
                                : i % 3 == 1 ? EntryKind.request_decided : EntryKind.notice_received;
                        app.module(TransparencyModule.class)
                                .log()
                                .append(
                                        tx,
                                        LogEntry.of(
                                                kind,
                                                tx.now(),
                                                countries[i % countries.length],
                                                "VIOLENCE",
                                                kind == EntryKind.request_decided
                                                        ? (i % 2 == 0 ? "refuse" : "comply")
                                                        : "received",
                                                Map.of(
                                                        "instrument",
                                                        "generic_national_order",
                                                        "kind",
                                                        "remove_content",
                                                        "source",
                                                        "user_report"),
                                                Map.of("ref", "r-" + i),
                                                null));
                    }
                    return null;
                });
            }
            long size = app.module(StoreModule.class)
                    .db()
                    .read(h -> h.createQuery("SELECT size FROM log_state")
                            .mapTo(Long.class)
                            .one());
            while (app.module(TransparencyModule.class)
                            .checkpointer()
                            .latest()
                            .checkpoint()
                            .size()
                    < size) {
                Thread.sleep(100);
            }
            var report = app.module(TransparencyModule.class).reports().current();
            var cp = app.module(TransparencyModule.class)
                    .checkpointer()
                    .at(report.logSize())
                    .orElseThrow();
            try (OutputStream out = Files.newOutputStream(export)) {
                LogExport.write(
                        app.module(StoreModule.class).db(),
                        cp,
                        app.module(StoreModule.class).logKeys().verifierKey(),
                        JSON.write(report),
                        out);
            }
            key = app.module(StoreModule.class).logKeys().verifierKey();
            entries = report.logSize();
        }
        Instant start = Instant.now();
        int exit = Main.run("verify", "--export", export.toString(), "--key", key);
        double seconds = java.time.Duration.between(start, Instant.now()).toMillis() / 1000.0;
        System.out.printf(
                "verify --export: %d entries in %.1f s = %.0f entries/s (exit %d)%n",
                entries, seconds, entries / seconds, exit);
    }
}
