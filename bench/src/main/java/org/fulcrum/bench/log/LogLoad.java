package org.fulcrum.bench.log;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.fulcrum.server.App;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.TransparencyModule;
import org.fulcrum.server.config.ConfigLoader;
import org.fulcrum.server.transparency.EntryKind;
import org.fulcrum.server.transparency.LogEntry;

/**
 * Load driver for the transparency log on the embedded store: durable appends per second
 * (each append its own unit of work in the group-committing writer, as capabilities call it), with
 * one client as the baseline (one fsync per append) and many clients (group commit); then the
 * latency of inclusion proofs read from the stored hashes.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar org.fulcrum.bench.log.LogLoad [seconds] [clients]}
 */
public final class LogLoad {
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        Path data = Files.createTempDirectory("fulcrum-bench-log");
        var config = new ConfigLoader()
                .set("port", "0")
                .set("host", "127.0.0.1")
                .set("data", data.toString())
                .load();
        try (App app = App.create(config, Clock.systemUTC()).start()) {
            double single = appends(app, 1, Math.max(3, seconds / 3));
            double many = appends(app, clients, seconds);
            System.out.printf("log appends, 1 client (one commit each, baseline): %.0f entries/s%n", single);
            System.out.printf("log appends, %d clients (group commit): %.0f entries/s%n", clients, many);
            System.out.printf("ratio: %.1fx%n", many / single);
            long size = app.module(TransparencyModule.class)
                    .checkpointer()
                    .checkpoint()
                    .checkpoint()
                    .size();
            proofLatency(app, size);
        }
    }

    static double appends(App app, int clients, int seconds) throws Exception {
        AtomicLong count = new AtomicLong();
        Instant start = Instant.now();
        Instant end = start.plus(Duration.ofSeconds(seconds));
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                pool.submit(() -> {
                    while (Instant.now().isBefore(end)) {
                        app.module(StoreModule.class)
                                .db()
                                .write(tx -> app.module(TransparencyModule.class)
                                        .log()
                                        .append(
                                                tx,
                                                LogEntry.of(
                                                        EntryKind.action,
                                                        tx.now(),
                                                        "FR",
                                                        "RISK_FOR_PUBLIC_SECURITY",
                                                        "remove",
                                                        Map.of("type", "remove", "reach", 3),
                                                        Map.of("subjectId", "post-123", "actor", "staff:1"),
                                                        "acct-1")));
                        count.incrementAndGet();
                    }
                    return null;
                });
            }
        }
        return count.get() / (Duration.between(start, Instant.now()).toMillis() / 1000.0);
    }

    static void proofLatency(App app, long size) {
        int samples = 2000;
        long[] nanos = new long[samples];
        var random = new java.util.Random(1);
        for (int i = 0; i < samples; i++) {
            long index = (long) (random.nextDouble() * size);
            long t0 = System.nanoTime();
            List<byte[]> proof = app.module(StoreModule.class)
                    .db()
                    .read(h -> org.fulcrum.tlog.merkle.StoredTree.inclusionProof(index, size, new HashReaderOver(h)));
            nanos[i] = System.nanoTime() - t0;
            if (proof.isEmpty() && size > 1) {
                throw new IllegalStateException("empty proof");
            }
        }
        Arrays.sort(nanos);
        System.out.printf(
                "inclusion proof at %d entries (SQLite stored hashes): p50 %.3f ms, p99 %.3f ms%n",
                size, nanos[samples / 2] / 1e6, nanos[samples * 99 / 100] / 1e6);
    }

    /** Reads stored hashes the way the server does (one IN query). */
    record HashReaderOver(org.jdbi.v3.core.Handle h) implements org.fulcrum.tlog.merkle.HashReader {
        @Override
        public List<byte[]> readHashes(long[] indexes) {
            List<Long> ids = new ArrayList<>();
            for (long i : indexes) {
                ids.add(i);
            }
            Map<Long, byte[]> found = new java.util.HashMap<>();
            h.createQuery("SELECT idx, hash FROM log_hash WHERE idx IN (<ids>)")
                    .bindList("ids", ids)
                    .map((rs, c) -> Map.entry(rs.getLong(1), rs.getBytes(2)))
                    .forEach(e -> found.put(e.getKey(), e.getValue()));
            List<byte[]> out = new ArrayList<>();
            for (long i : indexes) {
                out.add(found.get(i));
            }
            return out;
        }
    }
}
