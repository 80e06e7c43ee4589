package org.fulcrum.bench.detect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.fulcrum.pdq.PdqHash;
import org.fulcrum.server.App;
import org.fulcrum.server.DetectionModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.config.ConfigLoader;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.detect.BankHash;
import org.fulcrum.server.detect.BankKind;
import org.fulcrum.server.detect.BankSpec;
import org.fulcrum.server.detect.DetectionPipeline;
import org.fulcrum.server.detect.HashType;
import org.fulcrum.server.detect.MatchPolicy;
import org.fulcrum.server.detect.RuleKind;
import org.fulcrum.server.detect.RuleSpec;
import org.fulcrum.server.notice.Reason;
import org.fulcrum.server.platform.ContentEvent;

/**
 * Load driver for the detection pipeline bar (SPEC section 3): content events of about 200 bytes
 * of text scanned against 10 CEL rules, 2 keyword lists of 1,000 terms, a 10,000-domain list, and
 * for 10% of events a PDQ hash looked up in a 1M-hash bank; HTTP excluded, durable recording of
 * matches included (SQLite, synchronous=FULL, group commit). Events go straight to the pipeline's
 * bounded queue (the after-commit hand-off of ingestion), with its backpressure: a refused batch
 * is retried. About 1.5% of events match something (a term, a domain, a banked image, a
 * condition); each match is recorded, counted and filed as a notice from automated detection. The
 * ten CEL conditions test event fields; one regex rule is added beyond the bar's list (a CEL
 * {@code matches()} over the text would run RE2/J on every event, without the regex rules' literal
 * prefilter).
 *
 * <p>Usage: {@code java -Xmx3g -cp bench/target/benchmarks.jar org.fulcrum.bench.detect.DetectionLoad
 * [seconds] [bank size]}; prints events per second over the measured window after a warm-up.
 */
public final class DetectionLoad {
    static final String ACTOR = "bench";
    static final int BATCH = 500;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int bankSize = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        Path data = Files.createTempDirectory("fulcrum-bench-detect");
        var config = new ConfigLoader()
                .set("port", "0")
                .set("host", "127.0.0.1")
                .set("data", data.toString())
                .set("ratelimit.ip.per.minute", "0")
                .set("ratelimit.token.per.minute", "0")
                .load();
        try (App app = App.create(config, Clock.systemUTC()).start()) {
            Workload w = new Workload(new SplittableRandom(2026));
            long setup = System.nanoTime();
            List<PdqHash> banked = load(app, w, bankSize);
            System.out.printf(
                    "setup: %d rules, 2 x %d terms, %d domains, %d PDQ hashes in %.1f s%n",
                    app.module(DetectionModule.class).detection().rules().list().size(),
                    Workload.TERMS,
                    Workload.DOMAINS,
                    bankSize,
                    (System.nanoTime() - setup) / 1e9);
            List<ContentEvent> events = w.events(200_000, banked);
            System.out.printf(
                    "events: %d distinct, mean text %d bytes, %d%% with a PDQ hash%n",
                    events.size(),
                    w.meanTextBytes(events),
                    Math.round(100.0
                            * events.stream()
                                    .filter(e -> !e.mediaList().isEmpty())
                                    .count()
                            / events.size()));
            scanOnly(app, events);
            DetectionPipeline pipeline =
                    app.module(DetectionModule.class).detection().pipeline();
            Feeder feeder = new Feeder(pipeline, events);
            Thread t = Thread.ofPlatform().name("bench-feeder").start(feeder);
            Thread.sleep(5_000);
            long matches0 = count(app, "detection_match");
            long done0 = feeder.submitted() - pipeline.pending();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long done1 = feeder.submitted() - pipeline.pending();
            long t1 = System.nanoTime();
            long matches1 = count(app, "detection_match");
            feeder.stop();
            t.join();
            pipeline.awaitIdle(60_000);
            double elapsed = (t1 - t0) / 1e9;
            System.out.printf(
                    "detection pipeline: %.0f events/s over %d s (%d events), %.0f durable matches/s%n",
                    (done1 - done0) / elapsed, seconds, done1 - done0, (matches1 - matches0) / elapsed);
            System.out.printf(
                    "recorded: %d matches, %d notices, %d refused hand-offs (backpressure)%n",
                    count(app, "detection_match"), count(app, "notice"), feeder.refusals());
        }
    }

    /** Scanning alone on one thread (no queue, no recording): the CPU cost per event. */
    static void scanOnly(App app, List<ContentEvent> events) {
        var scanner = app.module(DetectionModule.class).detection().scanner();
        long hits = 0;
        for (ContentEvent e : events.subList(0, 50_000)) {
            hits += scanner.scan(e).size();
        }
        long start = System.nanoTime();
        int n = 0;
        while (System.nanoTime() - start < 5_000_000_000L) {
            for (ContentEvent e : events) {
                hits += scanner.scan(e).size();
            }
            n += events.size();
        }
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf("scan only, one thread: %.0f events/s (%.1f us/event; %d hits)%n", n / s, s * 1e6 / n, hits);
    }

    static long count(App app, String table) {
        return app.module(StoreModule.class)
                .db()
                .read(h -> h.createQuery("SELECT COUNT(*) FROM " + table)
                        .mapTo(Long.class)
                        .one());
    }

    /** Creates the rules and the bank; returns the banked hashes events may carry near-copies of. */
    public static List<PdqHash> load(App app, Workload w, int bankSize) {
        var rules = app.module(DetectionModule.class).detection().rules();
        rules.create(ACTOR, spec("terms-a", RuleKind.keywords, w.terms(0), Optional.empty(), Reason.hate_speech));
        rules.create(ACTOR, spec("terms-b", RuleKind.keywords, w.terms(1), Optional.empty(), Reason.spam));
        rules.create(ACTOR, spec("domains", RuleKind.domains, w.domains(), Optional.empty(), Reason.scam));
        // Beyond the bar's workload: one case-insensitive expression, which runs only on texts holding its literal.
        rules.create(
                ACTOR,
                spec(
                        "wire fraud",
                        RuleKind.regex,
                        List.of("(?i)wire [0-9]+ (usd|eur)"),
                        Optional.empty(),
                        Reason.scam));
        List<String> conditions = List.of(
                "event.audience > 5000000 && event.country == 'RU'",
                "event.text.contains('limited offer') && event.audience > 5000",
                "event.kind == 'post' && event.mediaCount > 3",
                "event.language == 'xx'",
                "size(event.text) > 10000",
                "event.country in ['KP', 'IR'] && event.text.contains('vpn')",
                "event.containerKind == 'group' && event.audience > 2000000",
                "event.text.startsWith('BUY NOW')",
                "event.authorId.startsWith('bot-')",
                "event.country == 'BR' && event.language == 'pt' && event.audience > 99990");
        for (int i = 0; i < conditions.size(); i++) {
            rules.create(
                    ACTOR,
                    spec("condition-" + i, RuleKind.condition, List.of(), Optional.of(conditions.get(i)), Reason.spam));
        }
        var banks = app.module(DetectionModule.class).detection().banks();
        var bank = banks.create(
                ACTOR,
                new BankSpec(
                        "bench-1m",
                        Optional.empty(),
                        BankKind.block,
                        Optional.of(MatchPolicy.review),
                        Optional.of(Reason.terrorism),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()));
        List<PdqHash> sample = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(7);
        for (int from = 0; from < bankSize; from += 100_000) {
            List<BankHash> chunk = new ArrayList<>(100_000);
            for (int i = from; i < Math.min(bankSize, from + 100_000); i++) {
                PdqHash h = new PdqHash(r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong());
                if (sample.size() < 1000 && i % 997 == 0) {
                    sample.add(h);
                }
                chunk.add(new BankHash(h.toHex(), Optional.of(HashType.pdq), Optional.empty(), Optional.empty()));
            }
            banks.add(ACTOR, bank.id(), chunk, "bench");
        }
        return sample;
    }

    static RuleSpec spec(String name, RuleKind kind, List<String> patterns, Optional<String> condition, Reason reason) {
        return new RuleSpec(
                name,
                Optional.empty(),
                kind,
                Optional.of(patterns),
                condition,
                MatchPolicy.review,
                reason,
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    /** Hands events to the pipeline in batches as fast as it takes them, retrying refused hand-offs. */
    static final class Feeder implements Runnable {
        private final DetectionPipeline pipeline;
        private final List<ContentEvent> events;
        private volatile boolean running = true;
        private volatile long submitted;
        private volatile long refusals;

        Feeder(DetectionPipeline pipeline, List<ContentEvent> events) {
            this.pipeline = pipeline;
            this.events = events;
        }

        @Override
        public void run() {
            int at = 0;
            while (running) {
                List<ContentEvent> batch = events.subList(at, at + BATCH);
                long chars = 0;
                for (ContentEvent e : batch) {
                    chars += e.text().map(String::length).orElse(0);
                }
                try {
                    pipeline.admit(BATCH, chars);
                } catch (FulcrumException.Unavailable full) {
                    refusals++;
                    Thread.onSpinWait();
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                    continue;
                }
                pipeline.accepted(batch);
                submitted += BATCH;
                at = at + 2 * BATCH > events.size() ? 0 : at + BATCH;
            }
        }

        long submitted() {
            return submitted;
        }

        long refusals() {
            return refusals;
        }

        void stop() {
            running = false;
        }
    }
}
