package org.fulcrum.bench.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * Cluster-wide durable transparency-log appends with 1, 2 and 3 nodes on one PostgreSQL schema.
 * Each node is a whole app (its own group-committing writer and connection pools) in this JVM; each
 * has {@code clients} concurrent units appending one entry each, as capabilities append. Every
 * append takes the log's {@code log_state} row lock in its node's group transaction, so groups of
 * all nodes are serialised on that row. The last line runs one node with as many clients as the
 * three nodes had together: if it matches three nodes, the row lock, not the node, is the ceiling.
 * A first one-node run, not counted, warms the JVM up: without it the one-node baseline, measured
 * first, carried the JIT's start and made every ratio look better than it was.
 *
 * <p>Usage: {@code ./fulcrum bench cluster.ClusterLogLoad [seconds] [clients per node] [jdbc url]}
 * (default 10 s, 64 clients, {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}).
 */
public final class ClusterLogLoad {
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        String url = args.length > 2 ? args[2] : "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
        run(url, 1, clients, seconds); // warm-up, not counted
        double one = run(url, 1, clients, seconds);
        double two = run(url, 2, clients, seconds);
        double three = run(url, 3, clients, seconds);
        double oneWide = run(url, 1, clients * 3, seconds);
        System.out.printf("log appends, 1 node x %d clients: %.0f entries/s%n", clients, one);
        System.out.printf(
                "log appends, 2 nodes x %d clients: %.0f entries/s (%.2fx one node)%n", clients, two, two / one);
        System.out.printf(
                "log appends, 3 nodes x %d clients: %.0f entries/s (%.2fx one node)%n", clients, three, three / one);
        System.out.printf(
                "log appends, 1 node x %d clients: %.0f entries/s (3 nodes are %.2fx this)%n",
                clients * 3, oneWide, three / oneWide);
    }

    /** Appends per second, all nodes together, after a warm-up of a quarter of the time. */
    static double run(String url, int nodes, int clients, int seconds) throws Exception {
        String schema = "bench_log_" + System.nanoTime();
        List<App> apps = new ArrayList<>();
        try {
            Path first = Files.createTempDirectory("fulcrum-bench-cluster");
            apps.add(node(url, schema, first, 0, null));
            for (int i = 1; i < nodes; i++) {
                apps.add(node(url, schema, Files.createTempDirectory("fulcrum-bench-cluster"), i, first));
            }
            appends(apps, clients, Math.max(2, seconds / 4));
            return appends(apps, clients, seconds);
        } finally {
            for (App a : apps) {
                a.close();
            }
        }
    }

    /** A node; every node but the first reads the first node's keys, as the shared key files. */
    static App node(String url, String schema, Path data, int n, Path keysOf) {
        ConfigLoader c = new ConfigLoader()
                .set("port", "0")
                .set("host", "127.0.0.1")
                .set("data", data.toString())
                .set("database.url", url)
                .set("database.schema", schema)
                .set("node.id", "bench-" + n);
        if (keysOf != null) {
            c.set("log.key.file", keysOf.resolve("log-signing.key").toString())
                    .set(
                            "lawful.answer.key.file",
                            keysOf.resolve("keys/lawful-answers.jwk").toString())
                    .set(
                            "evidence.key.file",
                            keysOf.resolve("keys/evidence.key").toString());
        }
        return App.create(c.load(), Clock.systemUTC()).start();
    }

    static double appends(List<App> apps, int clients, int seconds) throws Exception {
        AtomicLong count = new AtomicLong();
        Instant start = Instant.now();
        Instant end = start.plus(Duration.ofSeconds(seconds));
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (App app : apps) {
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
        }
        return count.get() / (Duration.between(start, Instant.now()).toMillis() / 1000.0);
    }
}
