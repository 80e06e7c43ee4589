package org.fulcrum.bench.lawful;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.fulcrum.server.App;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.LawfulModule;
import org.fulcrum.server.config.ConfigLoader;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.lawful.registry.Authorities;
import org.fulcrum.server.lawful.signature.HttpSignatures;
import org.fulcrum.server.lawful.signature.Jwk;

/**
 * Order-to-enforcement latency (SPEC 3: a valid TCO removal order for known content enforced, its
 * outbox entry committed, in under 1 s at p99). On the embedded store (SQLite, synchronous=FULL,
 * group commit), a verified officer sends RFC 9421-signed TCO orders over HTTP on loopback; each
 * latency runs from sending the request to receiving the 201, which the server answers only after
 * the transaction holding the removal, the 6-month hold and their outbox entries is durable.
 * Signing happens before the clock starts. Runs one client, then several concurrent clients.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar org.fulcrum.bench.lawful.TcoLatency [orders] [clients]}
 */
public final class TcoLatency {
    private static final Json JSON = Json.strict();

    public static void main(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Path data = Files.createTempDirectory("fulcrum-bench-lawful");
        Files.createDirectories(data.resolve("policy"));
        // Caps raised so every order of the single benchmark issuer is executed automatically.
        Files.writeString(data.resolve("policy").resolve("automation.yaml"), """
                volume_per_issuer_per_hour: 100000000
                reach_limit: 100000000
                officer_requests_per_minute: 100000000
                alert_when_remaining: 0.2
                job_interval_seconds: 60
                """);
        var config = new ConfigLoader()
                .set("port", "0")
                .set("host", "127.0.0.1")
                .set("data", data.toString())
                .set("ratelimit.ip.per.minute", "0")
                .set("ratelimit.token.per.minute", "0")
                .load();
        try (App app = App.create(config, Clock.systemUTC()).start()) {
            Jwk key = officer(app);
            String token = app.module(AuthModule.class)
                    .tokens()
                    .issue("bench", Role.PLATFORM, "bench", "bench")
                    .secret();
            HttpClient http = HttpClient.newHttpClient();
            int warmUp = Math.min(200, orders / 5);
            posts(app, http, token, warmUp + 2 * orders);
            AtomicInteger next = new AtomicInteger();
            run(app, http, key, warmUp, 1, next);
            long[] single = run(app, http, key, orders, 1, next);
            report("1 client", single, orders);
            long[] concurrent = run(app, http, key, orders, clients, next);
            report(clients + " clients", concurrent, orders);
        }
    }

    static Jwk officer(App app) {
        Authorities a = app.module(LawfulModule.class).lawful().authorities();
        String agency = a.createAgency(
                "bench",
                new Authorities.NewAgency(
                        "Bench police", "FR", "police", List.of("FR"), "+33 1 00", "bench@police.example"));
        a.verify("bench", "agency", agency, "benchmark setup");
        String officer = a.createOfficer(
                "bench",
                new Authorities.NewOfficer(
                        agency,
                        "Bench officer",
                        "officer@police.example",
                        "+33 1 01",
                        "bench.officer",
                        "bench-officer-password"));
        a.verify("bench", "officer", officer, "benchmark setup");
        Jwk key = Jwk.newEd25519();
        a.addKey("bench", officer, "sign", key.x(), false);
        return key;
    }

    static void posts(App app, HttpClient http, String token, int count) throws Exception {
        for (int from = 0; from < count; from += 500) {
            List<Object> events = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + 500); i++) {
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
                        "channel-" + (i % 50),
                        "authorId",
                        "acct-" + (i % 1000),
                        "country",
                        "FR",
                        "audience",
                        1000,
                        "text",
                        "propaganda " + i,
                        "occurredAt",
                        "2026-11-29T10:00:00Z"));
            }
            HttpRequest req = HttpRequest.newBuilder(URI.create(app.baseUrl() + "/v1/platform/events"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.write(Map.of("events", events))))
                    .build();
            if (http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode() != 200) {
                throw new IllegalStateException("ingest failed");
            }
        }
    }

    static long[] run(App app, HttpClient http, Jwk key, int orders, int clients, AtomicInteger next) throws Exception {
        long[] nanos = new long[orders];
        AtomicInteger slot = new AtomicInteger();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                pool.submit(() -> {
                    int i;
                    while ((i = slot.getAndIncrement()) < orders) {
                        nanos[i] = order(app, http, key, next.getAndIncrement());
                    }
                    return null;
                });
            }
        }
        return nanos;
    }

    static long order(App app, HttpClient http, Jwk key, int post) throws Exception {
        String url = app.baseUrl() + "/v1/lawful/requests";
        byte[] body = JSON.write(Map.of(
                        "reference",
                        "TCO-BENCH-" + post,
                        "instrument",
                        "tco_removal_order",
                        "kind",
                        "remove_content",
                        "jurisdiction",
                        "FR",
                        "issuingAuthority",
                        "OCLCTIC",
                        "issuedAt",
                        Instant.now().minusSeconds(60).toString(),
                        "reasons",
                        "Art. 2(7) propaganda",
                        "category",
                        "terrorism",
                        "contactPoint",
                        "pharos@interieur.example",
                        "targets",
                        List.of(Map.of("locator", "https://m.example/p/post-" + post, "subjectId", "post-" + post))))
                .getBytes(StandardCharsets.UTF_8);
        // signed for the deployment's public URL, as every lawful API signature must be
        HttpSignatures.Signed s = HttpSignatures.signRequest(
                key,
                "POST",
                app.publicUrl() + "/v1/lawful/requests",
                body,
                Instant.now().getEpochSecond(),
                HttpSignatures.newNonce());
        HttpRequest req = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Content-Digest", s.contentDigest())
                .header("Signature-Input", s.signatureInput())
                .header("Signature", s.signature())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        long start = System.nanoTime();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        long took = System.nanoTime() - start;
        if (r.statusCode() != 201 || !r.body().contains("\"status\":\"completed\"")) {
            throw new IllegalStateException("order not executed at once: " + r.statusCode() + " " + r.body());
        }
        return took;
    }

    static void report(String label, long[] nanos, int orders) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double total = Arrays.stream(nanos).sum() / 1e9;
        System.out.printf(
                "TCO order to enforcement, %s, %d orders: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                label, orders, pct(sorted, 0.50), pct(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
        if (label.startsWith("1 ")) {
            System.out.printf("  sequential throughput %.0f orders/s%n", orders / total);
        }
    }

    static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
