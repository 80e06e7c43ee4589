package org.fulcrum.bench.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.platform.WebhookTransport;

/**
 * The platform's side of the benchmark: a webhook endpoint that checks every signature, drops
 * duplicates by id as a platform must, answers after a fixed delay, and notes when each new id
 * arrived (nanoseconds, in arrival order) so the drain rate can be read at any point.
 */
final class Platform implements AutoCloseable {
    private static final Json JSON = Json.strict();

    private final byte[] secret;
    private final long delayMillis;
    private final HttpServer server;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final AtomicLongArray arrivals;
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong badSignatures = new AtomicLong();

    Platform(String secret, long delayMillis, int capacity) throws IOException {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.delayMillis = delayMillis;
        this.arrivals = new AtomicLongArray(capacity);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hook", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String timestamp = ex.getRequestHeaders().getFirst(WebhookTransport.TIMESTAMP);
        String signature = ex.getRequestHeaders().getFirst(WebhookTransport.SIGNATURE);
        String expected = WebhookTransport.sign(secret, timestamp, new String(body, StandardCharsets.UTF_8));
        if (signature == null
                || !MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8), signature.getBytes(StandardCharsets.UTF_8))) {
            badSignatures.incrementAndGet();
            ex.sendResponseHeaders(401, -1);
            ex.close();
            return;
        }
        if (ex.getRequestHeaders().getFirst(WebhookTransport.BATCH) != null) {
            for (JsonNode a : JSON.mapper().readTree(body).path("actions")) {
                arrived(
                        a.has("messageId")
                                ? a.path("messageId").asText()
                                : a.path("actionId").asText());
            }
        } else {
            arrived(ex.getRequestHeaders().getFirst(WebhookTransport.ACTION_ID));
        }
        ex.sendResponseHeaders(200, -1);
        ex.close();
    }

    private void arrived(String id) {
        if (!seen.add(id)) {
            duplicates.incrementAndGet();
            return;
        }
        long n = count.getAndIncrement();
        if (n < arrivals.length()) {
            arrivals.set((int) n, System.nanoTime());
        }
    }

    long received() {
        return count.get();
    }

    long duplicates() {
        return duplicates.get();
    }

    long badSignatures() {
        return badSignatures.get();
    }

    /** When the {@code n}-th distinct id arrived (0-based), in {@link System#nanoTime()}. */
    long arrival(long n) {
        return arrivals.get((int) n);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
