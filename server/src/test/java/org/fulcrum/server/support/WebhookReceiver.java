package org.fulcrum.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.platform.WebhookTransport;

/**
 * A platform's webhook endpoint for delivery tests: checks every signature, records what each
 * subject received in arrival order, counts requests in flight, and can be slow or down.
 */
public final class WebhookReceiver implements AutoCloseable {
    private static final Json JSON = Json.strict();

    private final byte[] secret;
    private final HttpServer server;
    private final Map<String, List<String>> bySubject = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger badSignatures = new AtomicInteger();
    private volatile long delayMillis;
    private volatile boolean down;

    public WebhookReceiver(String secret) throws IOException {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/hook", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** Every request takes this long to answer. */
    public WebhookReceiver delay(long millis) {
        this.delayMillis = millis;
        return this;
    }

    /** While down, every request is answered 503 and nothing is recorded. */
    public WebhookReceiver down(boolean isDown) {
        this.down = isDown;
        return this;
    }

    private void handle(HttpExchange ex) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        requests.incrementAndGet();
        try {
            byte[] body = ex.getRequestBody().readAllBytes();
            if (delayMillis > 0) {
                Thread.sleep(delayMillis); // a slow receiver is what the tests using a delay exercise
            }
            if (down) {
                refused.incrementAndGet();
                answer(ex, 503);
                return;
            }
            String timestamp = ex.getRequestHeaders().getFirst(WebhookTransport.TIMESTAMP);
            String signature = ex.getRequestHeaders().getFirst(WebhookTransport.SIGNATURE);
            String expected = WebhookTransport.sign(secret, timestamp, new String(body, StandardCharsets.UTF_8));
            if (signature == null
                    || !MessageDigest.isEqual(
                            expected.getBytes(StandardCharsets.UTF_8), signature.getBytes(StandardCharsets.UTF_8))) {
                badSignatures.incrementAndGet();
                answer(ex, 401);
                return;
            }
            JsonNode json = JSON.mapper().readTree(body);
            if (ex.getRequestHeaders().getFirst(WebhookTransport.BATCH) != null) {
                json.path("actions").forEach(this::record);
            } else {
                record(json);
            }
            answer(ex, 200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer(ex, 500);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void record(JsonNode action) {
        String id = action.has("messageId")
                ? action.path("messageId").asText()
                : action.path("actionId").asText();
        received.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        bySubject.computeIfAbsent(action.path("subjectId").asText(), k -> new ArrayList<>());
        List<String> list = bySubject.get(action.path("subjectId").asText());
        synchronized (list) {
            list.add(id);
        }
    }

    private static void answer(HttpExchange ex, int status) throws IOException {
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }

    /** The ids {@code subject} received, in arrival order. */
    public List<String> receivedBy(String subject) {
        List<String> list = bySubject.getOrDefault(subject, List.of());
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    /** Distinct ids received. */
    public int distinct() {
        return received.size();
    }

    /** Ids received more than once. */
    public List<String> duplicates() {
        return received.entrySet().stream()
                .filter(e -> e.getValue().get() > 1)
                .map(Map.Entry::getKey)
                .toList();
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    public int requests() {
        return requests.get();
    }

    public int refused() {
        return refused.get();
    }

    public int badSignatures() {
        return badSignatures.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
