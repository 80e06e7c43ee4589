package org.fulcrum.bench.outbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.fulcrum.server.App;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.config.ConfigLoader;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.platform.SqlOutbox;
import org.fulcrum.server.store.Database;

/**
 * The outbox's drain rate on its own: {@code records} undelivered records (three per subject, as a
 * takedown's removal, statement and follow-up) are committed before the server starts, then the
 * server delivers them to a signed-webhook endpoint on loopback answering after {@code delayMs}.
 * Reports the drain time and the rate over the first and the last tenth of the records, so a
 * slowdown with the backlog shows as a lower rate at the end.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar org.fulcrum.bench.outbox.OutboxDrain
 * [records] [delayMs] [concurrency] [batch]}
 */
public final class OutboxDrain {
    private static final String SECRET = "whsec_bench";

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long delay = args.length > 1 ? Long.parseLong(args[1]) : 0;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        Path data = Files.createTempDirectory("fulcrum-bench-drain");
        try (Platform platform = new Platform(SECRET, delay, records + 1000)) {
            Config config = new ConfigLoader()
                    .set("port", "0")
                    .set("host", "127.0.0.1")
                    .set("data", data.toString())
                    .set("webhook.url", platform.url())
                    .set("webhook.secret", SECRET)
                    .set("outbox.concurrency", String.valueOf(concurrency))
                    .set("webhook.batch.size", String.valueOf(batch))
                    .load();
            long t = System.nanoTime();
            fill(config, records);
            System.out.printf(
                    Locale.ROOT,
                    "%,d records committed in %.1f s%n",
                    records,
                    TakedownBurst.seconds(System.nanoTime() - t));
            double loadBefore = TakedownBurst.load();
            double loadMax = loadBefore;
            long start = System.nanoTime();
            try (App app = App.create(config, Clock.systemUTC()).start()) {
                while (platform.received() < records) {
                    Thread.sleep(100);
                    loadMax = Math.max(loadMax, TakedownBurst.load());
                }
            }
            long tenth = Math.max(1, records / 10);
            long end = platform.arrival(records - 1);
            double drain = TakedownBurst.seconds(end - start);
            double first = tenth / TakedownBurst.seconds(platform.arrival(tenth - 1) - platform.arrival(0));
            double last = tenth / TakedownBurst.seconds(end - platform.arrival(records - tenth - 1));
            System.out.printf(
                    Locale.ROOT,
                    "records=%,d receiver=%d ms concurrency=%d batch=%d%n",
                    records,
                    delay,
                    concurrency,
                    batch);
            System.out.printf(
                    Locale.ROOT,
                    "drained in %.1f s (from server start), mean %,.0f/s; first tenth %,.0f/s,"
                            + " last tenth %,.0f/s (%.0f%% of the first)%n",
                    drain,
                    records / drain,
                    first,
                    last,
                    100 * last / first);
            System.out.printf(
                    Locale.ROOT,
                    "duplicates dropped %d, bad signatures %d, load average %.1f before, %.1f max%n",
                    platform.duplicates(),
                    platform.badSignatures(),
                    loadBefore,
                    loadMax);
        }
    }

    private static void fill(Config config, int records) {
        try (Database db = Database.open(config, Clock.systemUTC())) {
            SqlOutbox outbox = new SqlOutbox(db, Json.strict());
            for (int from = 0; from < records; from += 3_000) {
                int first = from;
                db.write(tx -> {
                    for (int i = first; i < Math.min(records, first + 3_000); i++) {
                        int subject = i / 3;
                        Map<String, Object> payload = new LinkedHashMap<>();
                        payload.put("kind", "statement_of_reasons");
                        payload.put("statementId", "sor-" + i);
                        payload.put("decision", "Removed under ToS 4.2: coordinated inauthentic behaviour.");
                        payload.put("appealUntil", "2027-06-04T10:00:00Z");
                        outbox.enqueueMessage(tx, "rec-" + subject + "-" + (i % 3), "post-" + subject, payload);
                    }
                    return null;
                });
            }
        }
    }
}
