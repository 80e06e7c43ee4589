package org.fulcrum.bench.ingest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.config.ConfigLoader;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;

/**
 * Load driver for content-event ingestion on the embedded store (SQLite, synchronous=FULL, group
 * commit), over HTTP on loopback. Runs the same load twice: batches of 100 events (the product's
 * path) and one event per request (the baseline: one durable transaction per event), and prints
 * durable events per second for both and their ratio.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar org.fulcrum.bench.ingest.IngestLoad [seconds] [clients]}
 */
public final class IngestLoad {
    private static final Json JSON = Json.strict();

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        double batched = run(100, seconds, clients);
        double single = run(1, seconds, clients);
        System.out.printf("ingest batched(100): %.0f events/s%n", batched);
        System.out.printf("ingest single-event baseline: %.0f events/s%n", single);
        System.out.printf("ratio: %.1fx%n", batched / single);
    }

    static double run(int batchSize, int seconds, int clients) throws Exception {
        Path data = Files.createTempDirectory("fulcrum-bench-ingest");
        var config = new ConfigLoader()
                .set("port", "0")
                .set("host", "127.0.0.1")
                .set("data", data.toString())
                .set("ratelimit.ip.per.minute", "0")
                .set("ratelimit.token.per.minute", "0")
                .load();
        try (App app = App.create(config, Clock.systemUTC()).start()) {
            String token = app.module(AuthModule.class)
                    .tokens()
                    .issue("bench", Role.PLATFORM, "bench", "bench")
                    .secret();
            HttpClient http = HttpClient.newHttpClient();
            AtomicLong events = new AtomicLong();
            Instant end = Instant.now().plus(Duration.ofSeconds(seconds));
            Instant start = Instant.now();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < clients; c++) {
                    int client = c;
                    pool.submit(() -> {
                        long seq = 0;
                        while (Instant.now().isBefore(end)) {
                            List<Object> batch = new ArrayList<>(batchSize);
                            for (int i = 0; i < batchSize; i++, seq++) {
                                batch.add(event("c" + client + "-" + seq));
                            }
                            HttpRequest req = HttpRequest.newBuilder(URI.create(app.baseUrl() + "/v1/platform/events"))
                                    .header("Authorization", "Bearer " + token)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(JSON.write(Map.of("events", batch))))
                                    .build();
                            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() != 200) {
                                throw new IllegalStateException(r.body());
                            }
                            events.addAndGet(batchSize);
                        }
                        return null;
                    });
                }
            }
            double elapsed = Duration.between(start, Instant.now()).toMillis() / 1000.0;
            return events.get() / elapsed;
        }
    }

    static Map<String, Object> event(String id) {
        return Map.of(
                "eventId",
                "ev-" + id,
                "type",
                "created",
                "subjectId",
                "post-" + id,
                "kind",
                "post",
                "containerId",
                "channel-" + (id.hashCode() & 63),
                "authorId",
                "acct-" + (id.hashCode() & 1023),
                "country",
                "FR",
                "audience",
                1000,
                "text",
                "a post of about two hundred bytes of text, ".repeat(4),
                "occurredAt",
                "2026-11-29T10:00:00Z");
    }
}
