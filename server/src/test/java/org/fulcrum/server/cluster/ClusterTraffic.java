package org.fulcrum.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.lawful.signature.HttpSignatures;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.web.Csrf;

/**
 * What a platform sends a cluster and what it receives back: content events over HTTP (round
 * robin over the live nodes, a failed batch sent again to the next node, as a platform retries)
 * and through the events topic (acknowledged by every replica), user notices with idempotency keys,
 * notices a moderator then decides, signed lawful removal orders from an agency, and the actions
 * topic read by a platform that applies each action id once and counts the duplicates it dropped.
 * Every write the cluster acknowledged is remembered, to be found later. A request that failed
 * (the node died, timed out or answered 5xx) is sent again to the next live node, as a client does:
 * a lawful request signed anew under the same reference, a decision claimed and sent again.
 */
public final class ClusterTraffic implements AutoCloseable {
    private static final Json JSON = Json.strict();

    /** One event in four carries the banned words, so detection removes its post. */
    static final int BANNED_EVERY = 4;

    private final ClusterHarness cluster;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile boolean reading = true;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger nextNode = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();

    /** Event ids acknowledged by a node (HTTP 200) or by Kafka (acks=all), and the banned among them. */
    final Set<String> ackedEvents = ConcurrentHashMap.newKeySet();

    final Set<String> ackedBanned = ConcurrentHashMap.newKeySet();
    /** Event ids each node acknowledged over HTTP. */
    final Map<String, Set<String>> ackedBy = new ConcurrentHashMap<>();

    final Set<String> ackedNotices = ConcurrentHashMap.newKeySet();
    /** Lawful requests acknowledged (201, or 200 for a repeat): the agency's reference and the request id. */
    final Map<String, String> ackedRequests = new ConcurrentHashMap<>();
    /** References whose acknowledgement was a repeat of a request a node had stored before failing to answer. */
    final Set<String> repeatedRequests = ConcurrentHashMap.newKeySet();
    /** Cases of notice → decision flows, and whether the decision was acknowledged (201) or found taken on a retry. */
    final Map<String, String> decidedCases = new ConcurrentHashMap<>();
    /** Flows that needed more than one attempt at some step. */
    final AtomicInteger retriedFlows = new AtomicInteger();

    final AtomicInteger retriedRequests = new AtomicInteger();
    /** Actions applied by the platform (first delivery of an id) and deliveries dropped as duplicates. */
    final Map<String, Integer> received = new ConcurrentHashMap<>();

    final AtomicInteger duplicates = new AtomicInteger();

    public ClusterTraffic(ClusterHarness cluster) {
        this.cluster = cluster;
    }

    /**
     * Starts {@code httpClients} HTTP event senders, one Kafka event producer, one notice sender, one
     * notice → decision flow, one lawful request sender and the platform's action reader.
     */
    public ClusterTraffic start(int httpClients, Duration pause) {
        for (int i = 0; i < httpClients; i++) {
            int client = i;
            threads.add(Thread.ofVirtual().name("http-events-" + i).start(() -> httpEvents(client, pause)));
        }
        threads.add(Thread.ofVirtual().name("kafka-events").start(() -> kafkaEvents(pause)));
        threads.add(Thread.ofVirtual().name("notices").start(() -> notices(pause.multipliedBy(5))));
        threads.add(Thread.ofVirtual().name("decisions").start(() -> decisionFlows(pause.multipliedBy(5))));
        threads.add(Thread.ofVirtual().name("lawful").start(() -> lawfulRequests(pause.multipliedBy(5))));
        threads.add(Thread.ofPlatform().name("platform-actions").start(this::readActions));
        return this;
    }

    static Map<String, Object> event(String id, int n) {
        String text = n % BANNED_EVERY == 0
                ? "they are " + ClusterHarness.BANNED + ", says post " + id
                : "an ordinary post " + id;
        return Events.post(id, "cl-post-" + id, "cl-chan-" + (n % 50), text);
    }

    private List<Map<String, Object>> batch(String prefix, int size) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            long n = sequence.incrementAndGet();
            out.add(event(prefix + "-" + n, (int) n));
        }
        return out;
    }

    private void remember(List<Map<String, Object>> events) {
        for (Map<String, Object> e : events) {
            String id = (String) e.get("eventId");
            ackedEvents.add(id);
            if (((String) e.get("text")).contains(ClusterHarness.BANNED)) {
                ackedBanned.add(id);
            }
        }
    }

    private void httpEvents(int client, Duration pause) {
        while (running.get()) {
            List<Map<String, Object>> events = batch("h" + client, 20);
            sendUntilAcknowledged(events, null);
            sleep(pause);
        }
    }

    /** Posts one batch to the live nodes in turn (to {@code only} if given) until one acknowledges it. */
    String sendUntilAcknowledged(List<Map<String, Object>> events, ClusterHarness.Node only) {
        String body = JSON.write(Events.of(events));
        for (int attempt = 0; attempt < 200; attempt++) {
            ClusterHarness.Node node = only != null ? only : pick();
            if (node == null) {
                sleep(Duration.ofMillis(100));
                continue;
            }
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create(node.url() + "/v1/platform/events"))
                                .timeout(Duration.ofSeconds(20))
                                .header("Authorization", "Bearer " + cluster.platformToken())
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    remember(events);
                    Set<String> mine = ackedBy.computeIfAbsent(node.name(), k -> ConcurrentHashMap.newKeySet());
                    events.forEach(e -> mine.add((String) e.get("eventId")));
                    return node.name();
                }
            } catch (Exception e) {
                // the node died or is frozen: the platform sends the same batch elsewhere
            }
            retriedRequests.incrementAndGet();
            if (only != null) {
                return null;
            }
        }
        return null;
    }

    private ClusterHarness.Node pick() {
        List<ClusterHarness.Node> alive = cluster.alive();
        return alive.isEmpty() ? null : alive.get(Math.floorMod(nextNode.getAndIncrement(), alive.size()));
    }

    private void kafkaEvents(Duration pause) {
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.kafka().bootstrap(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class))) {
            while (running.get()) {
                List<Map<String, Object>> events = batch("k", 20);
                List<java.util.concurrent.Future<?>> acks = new ArrayList<>();
                for (Map<String, Object> e : events) {
                    acks.add(producer.send(
                            new ProducerRecord<>(ClusterHarness.EVENTS, (String) e.get("subjectId"), JSON.write(e))));
                }
                for (var ack : acks) {
                    ack.get();
                }
                remember(events);
                sleep(pause);
            }
        } catch (Exception e) {
            throw new IllegalStateException("the Kafka event producer failed", e);
        }
    }

    /** Publishes one event to each partition of the events topic; answers their ids. */
    List<String> probePartitions(String tag) {
        List<String> ids = new ArrayList<>();
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.kafka().bootstrap(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class))) {
            for (int p = 0; p < ClusterHarness.PARTITIONS; p++) {
                String id = "probe-" + tag + "-" + p;
                Map<String, Object> e = Events.post(id, "cl-post-" + id, "cl-probe", "a probe for partition " + p);
                producer.send(new ProducerRecord<>(ClusterHarness.EVENTS, p, id, JSON.write(e)))
                        .get();
                ids.add(id);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish the partition probes", e);
        }
        ackedEvents.addAll(ids);
        return ids;
    }

    private void notices(Duration pause) {
        for (int n = 0; running.get(); n++) {
            String subject = "cl-post-noticed-" + n;
            Map<String, Object> notice = new java.util.LinkedHashMap<>(
                    org.fulcrum.server.support.Notices.report("scam", "cl-reporter-" + n, subject));
            String body = JSON.write(notice);
            String key = "cl-notice-" + n;
            for (int attempt = 0; attempt < 200 && running.get(); attempt++) {
                ClusterHarness.Node node = pick();
                if (node == null) {
                    sleep(Duration.ofMillis(100));
                    continue;
                }
                try {
                    HttpResponse<String> r = http.send(
                            HttpRequest.newBuilder(URI.create(node.url() + "/v1/notices"))
                                    .timeout(Duration.ofSeconds(20))
                                    .header("Authorization", "Bearer " + cluster.platformToken())
                                    .header("Content-Type", "application/json")
                                    .header("Idempotency-Key", key)
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() / 100 == 2) {
                        JsonNode ack = Clusters.json(r.body());
                        ackedNotices.add(ack.get("trackingId").asText());
                        break;
                    }
                } catch (Exception e) {
                    // sent again, with the same idempotency key, to the next node
                }
                retriedRequests.incrementAndGet();
            }
            sleep(pause);
        }
    }

    /**
     * A user reports a post; a moderator claims the case and removes the post. Each step goes to the
     * next live node until one answers; a decision sent again after a failure may find the case
     * already decided (the first attempt committed before its node died), which the check at the end
     * confirms from the store.
     */
    private void decisionFlows(Duration pause) {
        for (int n = 0; running.get(); n++) {
            // not "cl-post-": the detection checks count the posts under that prefix that detection removed
            String subject = "cl-flow-decided-" + n;
            String key = "cl-flow-" + n;
            Map<String, Object> notice =
                    org.fulcrum.server.support.Notices.report("scam", "cl-flow-reporter-" + n, subject);
            boolean retried = false;
            String caseId = null;
            for (int attempt = 0; attempt < 200 && running.get() && caseId == null; attempt++) {
                Answer a = send(
                        "POST",
                        "/v1/notices",
                        JSON.write(notice),
                        b -> b.header("Authorization", "Bearer " + cluster.platformToken())
                                .header("Idempotency-Key", key));
                if (a.status() / 100 == 2) {
                    caseId = Clusters.json(a.body()).at("/items/0/caseId").asText();
                } else {
                    retried = true;
                }
            }
            if (caseId == null) {
                return;
            }
            String decision = JSON.write(Map.of(
                    "policyClause",
                    "Scams 1.1",
                    "facts",
                    "The post advertises a fraudulent investment scheme.",
                    "actions",
                    List.of(Map.of("type", "remove"))));
            String path = "/v1/review/cases/" + caseId;
            for (int attempt = 0; attempt < 200; attempt++) {
                Answer claim =
                        staff("POST", path + "/claim", "{}", cluster.staff().moderator());
                Answer decided = claim.status() == 200
                        ? staff(
                                "POST",
                                path + "/decision",
                                decision,
                                cluster.staff().moderator())
                        : claim;
                if (decided.status() == 201) {
                    decidedCases.put(caseId, "decided");
                    break;
                }
                if (decided.status() == 409 && decided.body().contains("already decided")) {
                    decidedCases.put(caseId, "found decided on a retry");
                    break;
                }
                retried = true;
                sleep(Duration.ofMillis(100));
            }
            if (retried) {
                retriedFlows.incrementAndGet();
            }
            sleep(pause);
        }
    }

    /**
     * An agency's officer sends a signed removal order for a post the platform has just sent; a
     * failed attempt is signed anew (a fresh nonce) under the same reference and sent to the next
     * live node, which answers a repeat with the request a dead node stored.
     */
    private void lawfulRequests(Duration pause) {
        for (int n = 0; running.get(); n++) {
            String subject = "cl-order-" + n;
            if (sendUntilAcknowledged(
                            List.of(Events.post("ordered-" + n, subject, "cl-chan-ordered", "a post " + n)), null)
                    == null) {
                continue;
            }
            String reference = "BKA-TCO-" + n;
            byte[] body = removalOrderBody(reference, subject);
            for (int attempt = 0; attempt < 200 && running.get(); attempt++) {
                ClusterHarness.Node node = pick();
                if (node == null) {
                    sleep(Duration.ofMillis(100));
                    continue;
                }
                Answer a = lawful(node, body);
                if (a.status() == 201 || a.status() == 200) {
                    ackedRequests.put(
                            reference, Clusters.json(a.body()).get("id").asText());
                    if (a.status() == 200) {
                        repeatedRequests.add(reference);
                    }
                    break;
                }
                retriedRequests.incrementAndGet();
                sleep(Duration.ofMillis(100));
            }
            sleep(pause);
        }
    }

    /**
     * Sends a signed removal order to {@code node}, signed now with a fresh nonce (as an agency
     * sends one again after a failure: the same body under the same reference).
     */
    Answer lawful(ClusterHarness.Node node, byte[] body) {
        HttpSignatures.Signed signed = HttpSignatures.signRequest(
                cluster.officer().signing(),
                "POST",
                ClusterHarness.PUBLIC_URL + "/v1/lawful/requests",
                body,
                java.time.Instant.now().getEpochSecond(),
                HttpSignatures.newNonce());
        return sendTo(
                node,
                "POST",
                "/v1/lawful/requests",
                new String(body, StandardCharsets.UTF_8),
                b -> b.header("Content-Digest", signed.contentDigest())
                        .header("Signature-Input", signed.signatureInput())
                        .header("Signature", signed.signature()));
    }

    /** A removal order's body, as the agency sends it every time under {@code reference}. */
    static byte[] removalOrderBody(String reference, String subject) {
        return JSON.write(removalOrder(reference, subject)).getBytes(StandardCharsets.UTF_8);
    }

    /** A complete TCO removal order of the harness's German agency for {@code subject}. */
    static Map<String, Object> removalOrder(String reference, String subject) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("reference", reference);
        m.put("instrument", "tco_removal_order");
        m.put("kind", "remove_content");
        m.put("jurisdiction", "DE");
        m.put("issuingAuthority", "Bundeskriminalamt");
        m.put("issuedAt", java.time.Instant.now().minusSeconds(60).toString());
        m.put("reasons", "Video glorifying a terrorist attack, Art. 2(7)(a) of Regulation (EU) 2021/784");
        m.put("category", "terrorism");
        m.put("targets", List.of(Map.of("locator", "https://messenger.example/p/" + subject, "subjectId", subject)));
        m.put("contactPoint", "ir@bka.example, +49 611 55 0");
        return m;
    }

    /** An answer, or status 0 when no node answered (none alive, refused, reset or timed out). */
    record Answer(int status, String body) {}

    /** Sends one request to the next live node. */
    private Answer send(
            String method, String path, String body, java.util.function.UnaryOperator<HttpRequest.Builder> headers) {
        ClusterHarness.Node node = pick();
        if (node == null) {
            sleep(Duration.ofMillis(100));
            return new Answer(0, "");
        }
        return sendTo(node, method, path, body, headers);
    }

    private Answer sendTo(
            ClusterHarness.Node node,
            String method,
            String path,
            String body,
            java.util.function.UnaryOperator<HttpRequest.Builder> headers) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.url() + path))
                    .timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> r = http.send(headers.apply(b).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (Exception e) {
            return new Answer(0, String.valueOf(e));
        }
    }

    /** A staff member's call from the console's origin, with the session's anti-forgery token. */
    private Answer staff(String method, String path, String body, String session) {
        ClusterHarness.Node node = pick();
        if (node == null) {
            sleep(Duration.ofMillis(100));
            return new Answer(0, "");
        }
        return sendTo(
                node,
                method,
                path,
                body,
                b -> b.header("Cookie", "fulcrum_session=" + session)
                        .header("Origin", node.url())
                        .header(Csrf.HEADER, Csrf.tokenFor(session)));
    }

    /** Reads as legal staff from {@code node}: the request as the legal console shows it. */
    Answer legalRead(ClusterHarness.Node node, String requestId) {
        String session = cluster.staff().legal();
        return sendTo(
                node,
                "GET",
                "/v1/lawful/review/" + requestId,
                "",
                b -> b.GET()
                        .header("Cookie", "fulcrum_session=" + session)
                        .header("Origin", node.url())
                        .header(Csrf.HEADER, Csrf.tokenFor(session)));
    }

    private void readActions() {
        try (var consumer = new KafkaConsumer<byte[], byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.kafka().bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "platform-" + cluster.schema(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(ClusterHarness.ACTIONS));
            while (reading) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    Header id = r.headers().lastHeader(KafkaActionTransport.ACTION_ID);
                    String actionId = new String(id.value(), StandardCharsets.UTF_8);
                    // The platform applies an action the first time it sees its id and drops repeats.
                    if (received.merge(actionId, 1, Integer::sum) > 1) {
                        duplicates.incrementAndGet();
                    }
                }
            }
        }
    }

    /** Stops sending; the action reader goes on until {@link #close}. */
    public void stopSending() {
        running.set(false);
        for (Thread t : threads) {
            if (!t.getName().equals("platform-actions")) {
                try {
                    t.join(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        threads.removeIf(t -> !t.getName().equals("platform-actions"));
    }

    /** A client's pace between batches, or its back-off before a retry: the traffic itself, not a wait for it. */
    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        reading = false;
        for (Thread t : threads) {
            t.join(30_000);
        }
    }
}
