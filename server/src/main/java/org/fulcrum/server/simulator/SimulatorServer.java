package org.fulcrum.server.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.platform.WebhookTransport;

/**
 * The reference messenger's side of the integration: it receives Fulcrum's signed webhooks,
 * checks the signature, applies each action once (dropping redelivered action ids), and serves
 * what readers would see, so a removed post is really gone from the feed.
 */
public final class SimulatorServer implements AutoCloseable {
    private final HttpServer server;
    private final Json json;
    private final byte[] secret;
    private final Set<String> applied = ConcurrentHashMap.newKeySet();
    private final Map<String, JsonNode> state = new ConcurrentHashMap<>();
    private final Map<String, String> posts = new ConcurrentHashMap<>();
    private final Map<String, String> postContainer = new ConcurrentHashMap<>();
    private final Map<String, List<JsonNode>> messages = new ConcurrentHashMap<>();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();
    private volatile Map<String, byte[]> media = Map.of();
    private final AtomicInteger mediaServed = new AtomicInteger();
    private volatile FailureMode failureMode = FailureMode.NONE;
    private final AtomicInteger failuresLeft = new AtomicInteger();

    /** How the webhook misbehaves, for tests of redelivery. */
    public enum FailureMode {
        NONE,
        ERROR_500,
        TIMEOUT
    }

    public SimulatorServer(String secret, int port, Json json) throws IOException {
        this.json = json;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/webhook", this::webhook);
        server.createContext("/feed/", this::feed);
        server.createContext("/media/", this::media);
        server.createContext("/stats", ex -> send(ex, 200, json.write(stats())));
    }

    public SimulatorServer start() {
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String webhookUrl() {
        return "http://127.0.0.1:" + port() + "/webhook";
    }

    /** The origin media are served from ({@code http://127.0.0.1:port}). */
    public String mediaOrigin() {
        return "http://127.0.0.1:" + port();
    }

    /** Serves {@code images} (media id to bytes, read live) at {@code /media/{id}} to signed fetches. */
    public void serveMedia(Map<String, byte[]> images) {
        this.media = images;
    }

    /** Media items served so far. */
    public int mediaServed() {
        return mediaServed.get();
    }

    /** Fails the next {@code count} deliveries in the given way. */
    public void failNext(int count, FailureMode mode) {
        failuresLeft.set(count);
        failureMode = mode;
    }

    /** Remembers a post so the reader view can show it. */
    public void published(String postId, String containerId, String text) {
        posts.put(postId, text);
        postContainer.put(postId, containerId);
    }

    public int appliedCount() {
        return applied.size();
    }

    public int duplicateCount() {
        return duplicates.get();
    }

    public boolean wasApplied(String actionId) {
        return applied.contains(actionId);
    }

    /** Whether readers can see {@code subjectId} from {@code country}. */
    public boolean visible(String subjectId, String country) {
        JsonNode s = state.get(subjectId);
        if (s == null) {
            return true;
        }
        boolean shown = "visible".equals(s.path("visibility").asText("visible"));
        for (JsonNode c : s.path("restrictedCountries")) {
            if (c.asText().equals(country)) {
                shown = false;
            }
        }
        return shown;
    }

    /** The account status the platform last received for {@code accountId} ("active" when never acted on). */
    public String accountStatus(String accountId) {
        JsonNode s = state.get(accountId);
        return s == null ? "active" : s.path("accountStatus").asText("active");
    }

    /** The messages (statements of reasons, appeal outcomes, warnings) delivered about {@code subjectId}. */
    public List<JsonNode> messages(String subjectId) {
        return List.copyOf(messages.getOrDefault(subjectId, List.of()));
    }

    public Map<String, Object> stats() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("applied", applied.size());
        m.put("duplicatesDropped", duplicates.get());
        m.put("rejectedSignatures", rejected.get());
        return m;
    }

    private void webhook(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        if (failuresLeft.get() > 0 && failuresLeft.getAndDecrement() > 0) {
            if (failureMode == FailureMode.TIMEOUT) {
                try {
                    Thread.sleep(12_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            send(ex, 500, "{\"error\":\"simulated failure\"}");
            return;
        }
        String actionId = ex.getRequestHeaders().getFirst(WebhookTransport.ACTION_ID);
        boolean batch = ex.getRequestHeaders().getFirst(WebhookTransport.BATCH) != null;
        String timestamp = ex.getRequestHeaders().getFirst(WebhookTransport.TIMESTAMP);
        String signature = ex.getRequestHeaders().getFirst(WebhookTransport.SIGNATURE);
        String text = new String(body, StandardCharsets.UTF_8);
        if ((actionId == null && !batch)
                || timestamp == null
                || signature == null
                || !MessageDigest.isEqual(
                        WebhookTransport.sign(secret, timestamp, text).getBytes(StandardCharsets.UTF_8),
                        signature.getBytes(StandardCharsets.UTF_8))) {
            rejected.incrementAndGet();
            send(ex, 401, "{\"error\":\"bad signature\"}");
            return;
        }
        if (batch) {
            boolean fresh = false;
            for (JsonNode one : json.mapper().readTree(body).path("actions")) {
                fresh |= apply(
                        one.has("messageId")
                                ? one.path("messageId").asText()
                                : one.path("actionId").asText(),
                        one);
            }
            send(ex, 200, fresh ? "{\"status\":\"applied\"}" : "{\"status\":\"duplicate\"}");
            return;
        }
        boolean fresh = apply(actionId, json.mapper().readTree(body));
        send(ex, 200, fresh ? "{\"status\":\"applied\"}" : "{\"status\":\"duplicate\"}");
    }

    /** Applies one action or message unless its id was seen before; false for a duplicate. */
    private boolean apply(String actionId, JsonNode payload) {
        if (!applied.add(actionId)) {
            duplicates.incrementAndGet();
            return false;
        }
        if (payload.has("message")) {
            // A message (statement of reasons, appeal outcome) is shown to the user; it changes no state.
            messages.computeIfAbsent(payload.path("subjectId").asText(), k -> new CopyOnWriteArrayList<>())
                    .add(payload);
        } else {
            state.put(payload.path("subjectId").asText(), payload.path("state"));
        }
        return true;
    }

    /** A media item, to a fetch signed with the shared secret within five minutes; PNG or JPEG bytes. */
    private void media(HttpExchange ex) throws IOException {
        String timestamp = ex.getRequestHeaders().getFirst(WebhookTransport.TIMESTAMP);
        String signature = ex.getRequestHeaders().getFirst(WebhookTransport.SIGNATURE);
        String expected = timestamp == null
                ? ""
                : WebhookTransport.sign(
                        secret, timestamp, org.fulcrum.server.review.MediaProxy.signatureBase(ex.getRequestURI()));
        boolean fresh = timestamp != null
                && timestamp.matches("[0-9]{1,12}")
                && Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) < 300;
        if (signature == null
                || !fresh
                || !MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8), signature.getBytes(StandardCharsets.UTF_8))) {
            rejected.incrementAndGet();
            send(ex, 401, "{\"error\":\"bad signature\"}");
            return;
        }
        byte[] bytes = media.get(ex.getRequestURI().getPath().substring("/media/".length()));
        if (bytes == null) {
            send(ex, 404, "{\"error\":\"no such media\"}");
            return;
        }
        mediaServed.incrementAndGet();
        boolean jpeg = bytes.length > 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8;
        ex.getResponseHeaders().set("Content-Type", jpeg ? "image/jpeg" : "image/png");
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void feed(HttpExchange ex) throws IOException {
        String container = ex.getRequestURI().getPath().substring("/feed/".length());
        String country = ex.getRequestURI().getQuery() != null
                        && ex.getRequestURI().getQuery().startsWith("country=")
                ? ex.getRequestURI().getQuery().substring(8)
                : "";
        Map<String, String> visible = new LinkedHashMap<>();
        boolean containerShown = visible(container, country);
        posts.forEach((id, text) -> {
            if (containerShown && container.equals(postContainer.get(id)) && visible(id, country)) {
                visible.put(id, text);
            }
        });
        send(ex, 200, json.write(Map.of("container", container, "visible", containerShown, "posts", visible)));
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
