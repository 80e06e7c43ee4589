package org.fulcrum.bench.notice;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.fulcrum.bench.http.KeepAliveClient;
import org.fulcrum.bench.http.SelectorDriver;
import org.fulcrum.server.App;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.config.ConfigLoader;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.store.WriterStats;

/**
 * Load driver for durable notice intake on the embedded store (SQLite, synchronous=FULL, group
 * commit), over HTTP on loopback (SPEC section 3: at least 5,000 notices/s, p99 under 50 ms at
 * that rate). Each notice is a user report naming one post out of 20,000, with a fresh reporter and
 * an Idempotency-Key, so it goes the whole way: idempotency record, notice and item, fold into the
 * subject's case (new or existing), routing, and a transparency-log entry, acknowledged only once
 * committed. The writer thread's CPU time per notice is printed for each notice phase, with its
 * group commits (units a group, queue wait, work and commit times; {@code store.WriterStats}). Phases in one
 * run:
 * <ol>
 *   <li>baseline: one content event per request to the ingestion endpoint, the simplest durable
 *       write over HTTP, with the same clients;</li>
 *   <li>closed loop, one notice per request: as many as the clients can get acknowledged;</li>
 *   <li>closed loop, batches of 100 notices per request (how a platform relays its users' reports);</li>
 *   <li>open loop at a fixed rate of notices in batches: latency measured from each request's
 *       scheduled start, so a stall is counted against every notice it delays;</li>
 *   <li>open loop at the same rate with one notice per request;</li>
 *   <li>the floor: open loop at the same rate of {@code GET /healthz}, which writes nothing, over the
 *       same connections; what one notice per request cannot go below on the same cores.</li>
 * </ol>
 *
 * <p>The driver shares the machine's cores with the server it measures, so it is built to take as
 * little of them as it can: by default ({@code selector}) every connection is a non-blocking channel
 * on one thread ({@link SelectorDriver}), whose CPU time is printed apart from the rest of the JVM's,
 * the server's. {@code lean} sends from virtual threads over blocking keep-alive connections
 * ({@link KeepAliveClient}), {@code jdk} with the JDK's {@code HttpClient}; both cost the shared cores
 * several times as much a request.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar org.fulcrum.bench.notice.NoticeLoad
 * [seconds] [rate] [clients] [selector|lean|jdk]}
 */
public final class NoticeLoad {
    private static final Json JSON = Json.strict();

    private static final int SUBJECTS = NoticeBodies.SUBJECTS;
    private static final int BATCH = NoticeBodies.BATCH;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        String driver = args.length > 3 ? args[3] : "selector";
        Path data = Files.createTempDirectory("fulcrum-bench-notice");
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
            Load load = new Load(
                    sender(driver, app.baseUrl(), token, clients),
                    driver.equals("selector")
                            ? new SelectorDriver(app.baseUrl(), "Authorization: Bearer " + token)
                            : null);
            load.seed();
            // Bodies are made before the clock starts, so the driver's own JSON work does not compete
            // with the server for the two cores; events get fresh ids, notices cycle through 20,000.
            Load.Body notices = NoticeBodies.prepared(20_000, NoticeBodies::notice);
            Load.Body batches = NoticeBodies.prepared(400, NoticeBodies::batch);
            load.closed("/v1/platform/events", clients, 2, 1, NoticeBodies::event); // warm-up
            load.closed("/v1/notices", clients, 2, 1, notices);
            WriterCpu writer = WriterCpu.find();
            List<String> jvmLines = new ArrayList<>();
            WriterStats stats = app.module(StoreModule.class).db().writerStats();
            WriterStats.Snapshot at = stats.snapshot();
            Result baseline = load.closed("/v1/platform/events", clients, seconds, 1, NoticeBodies::event);
            WriterStats.Snapshot baselineGroups = stats.snapshot().since(at);
            long cpu = writer.nanos();
            at = stats.snapshot();
            Jvm.Snapshot jvmSingle = Jvm.snapshot();
            Result single = load.closed("/v1/notices", clients, seconds, 1, notices);
            jvmLines.add("one per request, closed: " + Jvm.snapshot().since(jvmSingle, single));
            double singleCpu = writer.microsPer(cpu, single.requests());
            WriterStats.Snapshot singleGroups = stats.snapshot().since(at);
            int batchClients = Math.max(4, clients / 16);
            cpu = writer.nanos();
            at = stats.snapshot();
            Jvm.Snapshot jvmBatched = Jvm.snapshot();
            Result batched = load.closed("/v1/notices/batch", batchClients, seconds, BATCH, batches);
            jvmLines.add("batches, closed: " + Jvm.snapshot().since(jvmBatched, batched));
            double batchedCpu = writer.microsPer(cpu, batched.requests());
            WriterStats.Snapshot batchedGroups = stats.snapshot().since(at);
            cpu = writer.nanos();
            at = stats.snapshot();
            Jvm.Snapshot jvmOpen = Jvm.snapshot();
            Result open = load.open("/v1/notices/batch", rate / BATCH, seconds, batchClients, BATCH, batches);
            jvmLines.add("batches, open: " + Jvm.snapshot().since(jvmOpen, open));
            double openCpu = writer.microsPer(cpu, open.requests());
            WriterStats.Snapshot openGroups = stats.snapshot().since(at);
            cpu = writer.nanos();
            at = stats.snapshot();
            Jvm.Snapshot jvmSingleOpen = Jvm.snapshot();
            Result singleOpen = load.open("/v1/notices", rate, seconds, clients, 1, notices);
            jvmLines.add("one per request, open: " + Jvm.snapshot().since(jvmSingleOpen, singleOpen));
            double singleOpenCpu = writer.microsPer(cpu, singleOpen.requests());
            WriterStats.Snapshot singleOpenGroups = stats.snapshot().since(at);
            Jvm.Snapshot jvmFloor = Jvm.snapshot();
            Result floor = load.openGets("/healthz", rate, seconds, clients);
            jvmLines.add("floor, open: " + Jvm.snapshot().since(jvmFloor, floor));
            long stored = app.module(StoreModule.class)
                    .db()
                    .read(h -> h.createQuery("SELECT COUNT(*) FROM notice")
                            .mapTo(Long.class)
                            .one());
            System.out.printf("driver: %s, %d connections at most%n", driver, clients);
            System.out.printf("baseline, one content event per request, %d clients: %s%n", clients, baseline);
            System.out.printf("notices, one per request, closed loop, %d clients: %s%n", clients, single);
            System.out.printf("notices, batches of %d, closed loop, %d clients: %s%n", BATCH, batchClients, batched);
            System.out.printf("notices, batches of %d, open loop at %d notices/s: %s%n", BATCH, rate, open);
            System.out.printf(
                    "notices, one per request, open loop at %d notices/s, %d connections: %s%n",
                    rate, clients, singleOpen);
            System.out.printf(
                    "floor, GET /healthz (no write), open loop at %d requests/s, %d connections: %s%n",
                    rate, clients, floor);
            System.out.printf(
                    "writer thread CPU per notice: one per request %.1f µs (closed), %.1f µs (open);"
                            + " batches %.1f µs (closed), %.1f µs (open)%n",
                    singleCpu, singleOpenCpu, batchedCpu, openCpu);
            System.out.printf(
                    "ratio batched notices / baseline events: %.1fx; one-per-request notices / baseline: %.2fx%n",
                    batched.perSecond() / baseline.perSecond(), single.perSecond() / baseline.perSecond());
            System.out.printf("writer, baseline: %s%n", baselineGroups);
            System.out.printf("writer, one per request, closed: %s%n", singleGroups);
            System.out.printf("writer, batches, closed: %s%n", batchedGroups);
            System.out.printf("writer, batches, open: %s%n", openGroups);
            System.out.printf("writer, one per request, open: %s%n", singleOpenGroups);
            jvmLines.forEach(l -> System.out.println("jvm, " + l));
            System.out.printf("notices acknowledged %d, stored %d%n", load.acknowledged.get(), stored);
            if (load.selector != null) {
                load.selector.close();
            }
        }
    }

    /** Sends one request and returns its status and body; the driver's HTTP client behind it. */
    interface Sender {
        KeepAliveClient.Answer post(String path, String body, String idempotencyKey) throws Exception;

        KeepAliveClient.Answer get(String path) throws Exception;
    }

    static Sender sender(String driver, String base, String token, int connections) {
        return switch (driver) {
            case "lean", "selector" -> { // the selector driver seeds through the blocking client
                KeepAliveClient client = new KeepAliveClient(base, connections, "Authorization: Bearer " + token);
                yield new Sender() {
                    @Override
                    public KeepAliveClient.Answer post(String path, String body, String key) throws Exception {
                        return key == null
                                ? client.post(path, body.getBytes(StandardCharsets.UTF_8))
                                : client.post(path, body.getBytes(StandardCharsets.UTF_8), "Idempotency-Key: " + key);
                    }

                    @Override
                    public KeepAliveClient.Answer get(String path) throws Exception {
                        return client.get(path);
                    }
                };
            }
            case "jdk" -> {
                HttpClient http = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .executor(Executors.newVirtualThreadPerTaskExecutor())
                        .build();
                yield new Sender() {
                    @Override
                    public KeepAliveClient.Answer post(String path, String body, String key) throws Exception {
                        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body));
                        if (key != null) {
                            b.header("Idempotency-Key", key);
                        }
                        return answer(b);
                    }

                    @Override
                    public KeepAliveClient.Answer get(String path) throws Exception {
                        return answer(HttpRequest.newBuilder(URI.create(base + path))
                                .header("Authorization", "Bearer " + token)
                                .GET());
                    }

                    private KeepAliveClient.Answer answer(HttpRequest.Builder b) throws Exception {
                        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                        return new KeepAliveClient.Answer(r.statusCode(), r.body());
                    }
                };
            }
            default -> throw new IllegalArgumentException("driver must be selector, lean or jdk: " + driver);
        };
    }

    /** CPU time of the store's writer thread, read through {@link ThreadMXBean}. */
    record WriterCpu(long threadId) {
        static WriterCpu find() {
            return Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("fulcrum-writer"))
                    .findFirst()
                    .map(t -> new WriterCpu(t.threadId()))
                    .orElseThrow(() -> new IllegalStateException("no writer thread"));
        }

        long nanos() {
            return ManagementFactory.getThreadMXBean().getThreadCpuTime(threadId);
        }

        /** Writer CPU since {@code from}, in microseconds per notice. */
        double microsPer(long from, long notices) {
            return notices == 0 ? Double.NaN : (nanos() - from) / 1_000.0 / notices;
        }
    }

    /**
     * What the whole JVM (server and driver together) allocated, how long garbage collection paused
     * it and how much CPU it used, read through the platform's management beans; and what it gave the
     * disk to write (Linux's {@code /proc/self/io}: bytes of the page cache it dirtied, counted as it
     * dirtied them, which the store's log and its checkpoints into the database file are nearly all
     * of). Unlike the CPU figures, what else shares the cores moves that one only through the size of
     * the writer's groups: the smaller the groups, the more pages each notice rewrites.
     */
    record Jvm() {
        record Snapshot(
                long allocated,
                long collections,
                long collectionMillis,
                long cpuNanos,
                long wallNanos,
                long storageBytes) {
            /**
             * Allocation per notice, the collections and the cores used since {@code from}, in words;
             * with the driver's own thread CPU apart when the phase's driver measured it.
             */
            String since(Snapshot from, Result phase) {
                long notices = Math.max(1, phase.requests());
                long n = collections - from.collections;
                long ms = collectionMillis - from.collectionMillis;
                long cpu = cpuNanos - from.cpuNanos;
                long wall = Math.max(1, wallNanos - from.wallNanos);
                String line = String.format(
                        "%.1f KB allocated a notice (driver included); %d collections, %d ms in all, %.1f ms mean;"
                                + " %.2f of %d cores busy in this JVM, %.0f µs of its CPU a notice",
                        (allocated - from.allocated) / 1024.0 / notices,
                        n,
                        ms,
                        n == 0 ? 0.0 : (double) ms / n,
                        (double) cpu / wall,
                        Runtime.getRuntime().availableProcessors(),
                        cpu / 1_000.0 / notices);
                if (storageBytes >= 0 && from.storageBytes >= 0) {
                    line += String.format(
                            "; %.1f KB given the disk to write a notice",
                            (storageBytes - from.storageBytes) / 1024.0 / notices);
                }
                if (phase.driverCpuNanos() < 0) {
                    return line;
                }
                return line
                        + String.format(
                                "; the driver's thread %.2f cores, %.0f µs a notice; the rest (the server) %.2f cores,"
                                        + " %.0f µs a notice",
                                (double) phase.driverCpuNanos() / wall,
                                phase.driverCpuNanos() / 1_000.0 / notices,
                                (double) (cpu - phase.driverCpuNanos()) / wall,
                                (cpu - phase.driverCpuNanos()) / 1_000.0 / notices);
            }
        }

        static Snapshot snapshot() {
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long count = 0;
            long millis = 0;
            for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                count += Math.max(0, gc.getCollectionCount());
                millis += Math.max(0, gc.getCollectionTime());
            }
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            return new Snapshot(
                    threads.getTotalThreadAllocatedBytes(),
                    count,
                    millis,
                    os.getProcessCpuTime(),
                    System.nanoTime(),
                    storageBytes());
        }

        /** {@code write_bytes} of {@code /proc/self/io}, or -1 where there is none. */
        static long storageBytes() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
                    if (line.startsWith("write_bytes:")) {
                        return Long.parseLong(
                                line.substring("write_bytes:".length()).strip());
                    }
                }
            } catch (IOException | RuntimeException e) {
                return -1;
            }
            return -1;
        }
    }

    /**
     * Throughput and latency of one phase.
     *
     * @param requests acknowledged requests
     * @param seconds how long the phase ran
     * @param latenciesMillis each request's latency
     * @param driverCpuNanos the CPU time of the driver's thread, or -1 when its threads are not told apart
     */
    record Result(long requests, double seconds, long[] latenciesMillis, long driverCpuNanos) {
        Result(long requests, double seconds, long[] latenciesMillis) {
            this(requests, seconds, latenciesMillis, -1);
        }

        /** A selector run in which each request carried {@code perRequest} notices. */
        static Result of(SelectorDriver.Run run, int perRequest) {
            long[] each = new long[(int) run.answered() * perRequest];
            for (int i = 0; i < run.answered(); i++) {
                Arrays.fill(each, i * perRequest, (i + 1) * perRequest, run.latenciesMicros()[i]);
            }
            return new Result(each.length, run.seconds(), each, run.driverCpuNanos());
        }

        double perSecond() {
            return requests / seconds;
        }

        double percentile(double p) {
            if (latenciesMillis.length == 0) {
                return Double.NaN;
            }
            long[] sorted = latenciesMillis.clone();
            Arrays.sort(sorted);
            return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)] / 1000.0;
        }

        @Override
        public String toString() {
            return String.format(
                    "%.0f/s (%d in %.1f s), latency p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                    perSecond(), requests, seconds, percentile(50), percentile(99), percentile(100));
        }
    }

    /** Sends requests and keeps score. */
    static final class Load {
        final Sender sender;
        /** The one-thread driver the phases use, or null when they send through {@link #sender}. */
        final SelectorDriver selector;

        final AtomicLong sequence = new AtomicLong();
        final AtomicLong acknowledged = new AtomicLong();

        Load(Sender sender, SelectorDriver selector) {
            this.sender = sender;
            this.selector = selector;
        }

        /** Request {@code n}'s bytes for the selector driver, with a fresh idempotency key for notices. */
        private SelectorDriver.Requests posts(String path, Body body) {
            boolean idempotent = path.startsWith("/v1/notices");
            return n -> {
                long k = sequence.incrementAndGet();
                byte[] bytes = body.of(k).getBytes(StandardCharsets.UTF_8);
                return idempotent
                        ? selector.request("POST", path, bytes, "Idempotency-Key: bench-" + k)
                        : selector.request("POST", path, bytes);
            };
        }

        void seed() throws Exception {
            for (int from = 0; from < SUBJECTS; from += 1_000) {
                List<Object> events = new ArrayList<>();
                for (int i = from; i < from + 1_000; i++) {
                    Map<String, Object> e = new java.util.HashMap<>(Map.of(
                            "eventId",
                            "seed-" + i,
                            "type",
                            "created",
                            "subjectId",
                            "post-" + i,
                            "kind",
                            "post",
                            "containerId",
                            "channel-" + (i & 255),
                            "authorId",
                            "acct-" + (i % 5_000),
                            "country",
                            i % 7 == 0 ? "DE" : "FR",
                            "language",
                            i % 7 == 0 ? "de" : "fr",
                            "text",
                            "seeded post " + i,
                            "occurredAt",
                            "2026-11-29T09:00:00Z"));
                    e.put("audience", ThreadLocalRandom.current().nextInt(1_000_000));
                    events.add(e);
                }
                send("/v1/platform/events", JSON.write(Map.of("events", events)), false);
            }
        }

        /** Sends one request and checks that it was acknowledged; returns its sequence number. */
        long send(String path, String body, boolean idempotent) throws Exception {
            long n = sequence.incrementAndGet();
            KeepAliveClient.Answer r = sender.post(path, body, idempotent ? "bench-" + n : null);
            if (r.status() != 200 && r.status() != 202) {
                throw new IllegalStateException(path + " answered " + r.status() + ": " + r.text());
            }
            return n;
        }

        interface Body {
            String of(long n);
        }

        /** As many requests as {@code clients} get answered; each request carries {@code perRequest} notices. */
        Result closed(String path, int clients, int seconds, int perRequest, Body body) throws Exception {
            if (selector != null) {
                Result r = Result.of(selector.closed(seconds, clients, posts(path, body)), perRequest);
                if (path.startsWith("/v1/notices")) {
                    acknowledged.addAndGet(r.requests());
                }
                return r;
            }
            ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            AtomicLong done = new AtomicLong();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < clients; c++) {
                    pool.submit(() -> {
                        List<Long> mine = new ArrayList<>();
                        while (System.nanoTime() < end) {
                            long t0 = System.nanoTime();
                            send(path, body.of(sequence.get()), path.startsWith("/v1/notices"));
                            long micros = (System.nanoTime() - t0) / 1_000;
                            for (int k = 0; k < perRequest; k++) {
                                mine.add(micros);
                            }
                            done.addAndGet(perRequest);
                        }
                        latencies.add(mine.stream().mapToLong(Long::longValue).toArray());
                        return null;
                    });
                }
            }
            if (path.startsWith("/v1/notices")) {
                acknowledged.addAndGet(done.get());
            }
            return new Result(done.get(), (System.nanoTime() - start) / 1e9, flatten(latencies));
        }

        /**
         * Sends {@code rate} requests per second whatever the answers; at most {@code connections} are in
         * flight (as many as the closed loop's clients), later ones wait for a free connection with
         * their clock already running.
         */
        Result open(String path, int rate, int seconds, int connections, int perRequest, Body body) throws Exception {
            if (selector != null) {
                Result r = Result.of(selector.open(rate, seconds, connections, posts(path, body)), perRequest);
                acknowledged.addAndGet(r.requests());
                return r;
            }
            Result r =
                    openLoop(rate, seconds, connections, perRequest, () -> send(path, body.of(sequence.get()), true));
            acknowledged.addAndGet(r.requests());
            return r;
        }

        /**
         * The web shell's floor: {@code GET path} at {@code rate} requests per second over the same
         * connections, as {@link #open} sends notices (a public route that writes nothing, so what
         * remains is HTTP, routing, the per-request handlers and the driver on the shared cores).
         */
        Result openGets(String path, int rate, int seconds, int connections) throws Exception {
            if (selector != null) {
                byte[] get = selector.request("GET", path, null);
                return Result.of(selector.open(rate, seconds, connections, n -> get), 1);
            }
            return openLoop(rate, seconds, connections, 1, () -> {
                KeepAliveClient.Answer r = sender.get(path);
                if (r.status() != 200) {
                    throw new IllegalStateException(path + " answered " + r.status() + ": " + r.text());
                }
            });
        }

        /** One request of an open loop. */
        interface Call {
            void run() throws Exception;
        }

        private Result openLoop(int rate, int seconds, int connections, int perRequest, Call call) throws Exception {
            ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
            java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(connections);
            long total = (long) rate * seconds;
            long start = System.nanoTime();
            double interval = 1e9 / rate;
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (long i = 0; i < total; i++) {
                    long scheduled = start + (long) (i * interval);
                    long wait = scheduled - System.nanoTime();
                    if (wait > 200_000) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    pool.submit(() -> {
                        inFlight.acquire();
                        try {
                            call.run();
                        } finally {
                            inFlight.release();
                        }
                        long micros = (System.nanoTime() - scheduled) / 1_000;
                        for (int k = 0; k < perRequest; k++) {
                            latencies.add(micros);
                        }
                        return null;
                    });
                }
            }
            return new Result(
                    latencies.size(),
                    (System.nanoTime() - start) / 1e9,
                    latencies.stream().mapToLong(Long::longValue).toArray());
        }

        private static long[] flatten(ConcurrentLinkedQueue<long[]> parts) {
            return parts.stream().flatMapToLong(Arrays::stream).toArray();
        }
    }
}
