package org.fulcrum.bench.outbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.App;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.DetectionModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.config.ConfigLoader;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.detect.DetectionRule;
import org.fulcrum.server.detect.MatchPolicy;
import org.fulcrum.server.detect.RetroHunts;
import org.fulcrum.server.detect.RuleKind;
import org.fulcrum.server.detect.RuleSpec;
import org.fulcrum.server.notice.Reason;

/**
 * A takedown burst, from enforcement to the platform. The embedded app (SQLite, synchronous=FULL)
 * holds {@code takedowns} posts; a retro-hunt of a keyword rule with policy {@code remove} and
 * {@code act} takes every one down (removal, statement of reasons, the author's strikes: about 2.8
 * outbox records each), while the outbox delivers to a signed-webhook endpoint on loopback that
 * answers after {@code delayMs}. Reports the time to commit the burst, the time until the platform
 * received every record, and the delivery rate over the first and the last tenth of the records.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar org.fulcrum.bench.outbox.TakedownBurst
 * [takedowns] [delayMs] [concurrency] [batch]}
 */
public final class TakedownBurst {
    private static final Json JSON = Json.strict();

    private static final String SECRET = "whsec_bench";

    public static void main(String[] args) throws Exception {
        int takedowns = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        long delay = args.length > 1 ? Long.parseLong(args[1]) : 0;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        Path data = Files.createTempDirectory("fulcrum-bench-outbox");
        try (Platform platform = new Platform(SECRET, delay, takedowns * 4 + 1000)) {
            var config = new ConfigLoader()
                    .set("port", "0")
                    .set("host", "127.0.0.1")
                    .set("data", data.toString())
                    .set("ratelimit.ip.per.minute", "0")
                    .set("ratelimit.token.per.minute", "0")
                    .set("webhook.url", platform.url())
                    .set("webhook.secret", SECRET)
                    .set("outbox.concurrency", String.valueOf(concurrency))
                    .set("webhook.batch.size", String.valueOf(batch))
                    .load();
            try (App app = App.create(config, Clock.systemUTC()).start()) {
                long t = System.nanoTime();
                posts(app, takedowns);
                app.module(DetectionModule.class).detection().pipeline().awaitIdle(600_000);
                System.out.printf(
                        Locale.ROOT, "%,d posts ingested in %.1f s%n", takedowns, seconds(System.nanoTime() - t));
                burst(app, platform, takedowns, delay, concurrency, batch);
            }
        }
    }

    static void burst(App app, Platform platform, int takedowns, long delay, int concurrency, int batch)
            throws Exception {
        DetectionRule rule = app.module(DetectionModule.class)
                .detection()
                .rules()
                .create(
                        "bench",
                        new RuleSpec(
                                "burst",
                                Optional.empty(),
                                RuleKind.keywords,
                                Optional.of(List.of("propaganda")),
                                Optional.empty(),
                                MatchPolicy.remove,
                                Reason.terrorism,
                                Optional.empty(),
                                Optional.empty(),
                                Optional.of(false)));
        double loadBefore = load();
        double loadMax = loadBefore;
        long start = System.nanoTime();
        RetroHunts.Hunt hunt = app.module(DetectionModule.class)
                .detection()
                .hunts()
                .start("bench", Optional.empty(), Optional.of(rule), true);
        long committed = 0;
        long records = -1;
        long lastPrint = start;
        while (true) {
            Thread.sleep(100);
            long now = System.nanoTime();
            loadMax = Math.max(loadMax, load());
            if (committed == 0) {
                RetroHunts.Hunt h = app.module(DetectionModule.class)
                        .detection()
                        .hunts()
                        .find(hunt.id(), 0)
                        .hunt();
                if (!h.status().equals("running")) {
                    committed = now;
                    records = app.module(StoreModule.class)
                            .db()
                            .read(x -> x.createQuery("SELECT COUNT(*) FROM outbox")
                                    .mapTo(Long.class)
                                    .one());
                    System.out.printf(
                            Locale.ROOT,
                            "committed: %s, %,d takedowns, %,d outbox records in %.1f s;" + " platform has %,d%n",
                            h.status(),
                            h.matched(),
                            records,
                            seconds(now - start),
                            platform.received());
                }
            }
            if (records >= 0 && platform.received() >= records) {
                break;
            }
            if (now - lastPrint > 10_000_000_000L) {
                lastPrint = now;
                System.out.printf(
                        Locale.ROOT, "  %.0f s: platform has %,d%n", seconds(now - start), platform.received());
            }
        }
        long delivered = platform.arrival(records - 1);
        long tenth = Math.max(1, records / 10);
        double startRate = tenth / seconds(platform.arrival(tenth - 1) - start);
        double endRate = tenth / seconds(delivered - platform.arrival(records - tenth - 1));
        double commitS = seconds(committed - start);
        double deliverS = seconds(delivered - start);
        System.out.printf(
                Locale.ROOT,
                "takedowns=%,d records=%,d receiver=%d ms concurrency=%d batch=%d%n",
                takedowns,
                records,
                delay,
                concurrency,
                batch);
        System.out.printf(
                Locale.ROOT,
                "commit %.1f s, all received %.1f s (%.2f x commit), mean %,.0f records/s%n",
                commitS,
                deliverS,
                deliverS / commitS,
                records / deliverS);
        System.out.printf(
                Locale.ROOT, "rate over the first tenth %,.0f/s, over the last tenth %,.0f/s%n", startRate, endRate);
        System.out.printf(
                Locale.ROOT,
                "duplicates dropped %d, bad signatures %d, load average %.1f before, %.1f max%n",
                platform.duplicates(),
                platform.badSignatures(),
                loadBefore,
                loadMax);
    }

    static void posts(App app, int count) throws Exception {
        String token = app.module(AuthModule.class)
                .tokens()
                .issue("bench", Role.PLATFORM, "bench", "bench")
                .secret();
        HttpClient http = HttpClient.newHttpClient();
        for (int from = 0; from < count; from += 1000) {
            List<Object> events = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + 1000); i++) {
                events.add(Map.of(
                        "eventId",
                        "ev-" + i,
                        "type",
                        "created",
                        "subjectId",
                        "post-" + i,
                        "kind",
                        "post",
                        "containerId",
                        "channel-" + (i % 500),
                        "authorId",
                        "acct-" + (i % (count / 3 + 1)),
                        "country",
                        "FR",
                        "audience",
                        1000,
                        "text",
                        "propaganda post " + i,
                        "occurredAt",
                        "2026-12-04T10:00:00Z"));
            }
            HttpRequest req = HttpRequest.newBuilder(URI.create(app.baseUrl() + "/v1/platform/events"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.write(Map.of("events", events))))
                    .build();
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("ingest failed: " + r.statusCode() + " " + r.body());
            }
        }
    }

    static double load() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
