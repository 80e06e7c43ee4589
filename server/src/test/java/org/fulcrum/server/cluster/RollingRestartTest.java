package org.fulcrum.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.fulcrum.server.App;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.config.ClusterConfig;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.config.KeyFiles;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Postgres;
import org.fulcrum.server.support.SharedKeyFiles;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL schema behind a round-robin client that, like a load balancer, polls
 * each node's readiness and sends only to nodes that answered ready. Each node in turn is
 * restarted while the client keeps sending content-event batches: no request fails, and every
 * event acknowledged is stored.
 */
class RollingRestartTest {
    private static final Json JSON = Json.strict();

    static final KeyFiles KEYS = SharedKeyFiles.create("fulcrum.log/localhost");
    static final Duration PROBE = Duration.ofMillis(100);
    static final Duration DRAIN = Duration.ofMillis(800);

    static Config node(String schema, String name) throws Exception {
        Config c =
                TestApp.config(Files.createTempDirectory("fulcrum-" + name)).withDatabase(Postgres.URL, "", "", schema);
        ClusterConfig cluster =
                c.cluster().withNodeId(name).withShutdown(new ClusterConfig.Shutdown(DRAIN, Duration.ofSeconds(10)));
        return SharedKeyFiles.use(c.withCluster(cluster), KEYS).withRateLimits(1_000_000, 1_000_000);
    }

    /** The load balancer: the nodes it knows, and those whose last readiness probe answered 200. */
    static final class Balancer implements AutoCloseable {
        final HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        final List<String> known = new CopyOnWriteArrayList<>();
        final Map<String, Boolean> ready = new ConcurrentHashMap<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicInteger next = new AtomicInteger();
        final Thread prober = Thread.ofVirtual().start(this::probe);

        void probe() {
            while (running.get()) {
                for (String base : known) {
                    boolean ok;
                    try {
                        ok = http.send(
                                                HttpRequest.newBuilder(URI.create(base + "/readyz"))
                                                        .timeout(Duration.ofSeconds(1))
                                                        .build(),
                                                HttpResponse.BodyHandlers.discarding())
                                        .statusCode()
                                == 200;
                    } catch (Exception e) {
                        ok = false;
                    }
                    ready.put(base, ok);
                }
                try {
                    Thread.sleep(PROBE.toMillis()); // a balancer's probe interval
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        String pick() {
            List<String> up =
                    known.stream().filter(b -> ready.getOrDefault(b, false)).toList();
            if (up.isEmpty()) {
                return null;
            }
            return up.get(Math.floorMod(next.getAndIncrement(), up.size()));
        }

        void add(String base) {
            known.add(base);
        }

        void remove(String base) {
            known.remove(base);
            ready.remove(base);
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            prober.interrupt();
            prober.join();
        }
    }

    @Test
    void restartingEachNodeInTurnFailsNoRequestAndLosesNoAcknowledgedEvent() throws Exception {
        Postgres.require();
        String schema = Postgres.freshSchema();
        App a = App.create(node(schema, "roll-a"), Clock.systemUTC()).start();
        App b = App.create(node(schema, "roll-b"), Clock.systemUTC()).start();
        String token = a.module(AuthModule.class)
                .tokens()
                .issue("test", Role.PLATFORM, "platform", "rolling restart")
                .secret();
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger acknowledged = new AtomicInteger();
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean sending = new AtomicBoolean(true);
        try (Balancer lb = new Balancer()) {
            lb.add(a.baseUrl());
            lb.add(b.baseUrl());
            Clusters.await(
                    "both nodes are ready", Duration.ofSeconds(10), () -> lb.pick() != null && lb.ready.size() == 2);
            List<Thread> clients = new CopyOnWriteArrayList<>();
            for (int t = 0; t < 4; t++) {
                int client = t;
                clients.add(Thread.ofVirtual().start(() -> {
                    int batch = 0;
                    while (sending.get()) {
                        String base = lb.pick();
                        if (base == null) {
                            failures.add("no node was ready");
                            continue;
                        }
                        int from = (client * 1_000_000) + batch * 10;
                        String body = JSON.write(Events.batch(from, 10, "roll"));
                        sent.incrementAndGet();
                        try {
                            HttpResponse<String> r = lb.http.send(
                                    HttpRequest.newBuilder(URI.create(base + "/v1/platform/events"))
                                            .timeout(Duration.ofSeconds(15))
                                            .header("Authorization", "Bearer " + token)
                                            .header("Content-Type", "application/json")
                                            .POST(HttpRequest.BodyPublishers.ofString(body))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200) {
                                acknowledged.addAndGet(10);
                            } else {
                                failures.add(base + " answered " + r.statusCode() + ": " + r.body());
                            }
                        } catch (Exception e) {
                            failures.add(base + " failed: " + e);
                        }
                        batch++;
                    }
                }));
            }
            awaitTraffic(acknowledged, "before the first restart");
            a = restart(lb, a, schema, "roll-a2");
            awaitTraffic(acknowledged, "between the restarts");
            b = restart(lb, b, schema, "roll-b2");
            awaitTraffic(acknowledged, "after the restarts");
            sending.set(false);
            for (Thread c : clients) {
                c.join();
            }
            assertThat(failures)
                    .as("requests failed during the rolling restart")
                    .isEmpty();
            assertThat(sent.get())
                    .as("the client kept sending through both restarts")
                    .isGreaterThan(20);
            long stored = a.module(StoreModule.class)
                    .db()
                    .read(h -> h.createQuery("SELECT COUNT(*) FROM content_event WHERE event_id LIKE 'roll-ev-%'")
                            .mapTo(Long.class)
                            .one());
            assertThat(stored).as("every acknowledged event is stored").isEqualTo(acknowledged.get());
        } finally {
            a.close();
            b.close();
        }
    }

    /** Waits until the clients have had some batches acknowledged since now: traffic flows {@code when}. */
    private static void awaitTraffic(AtomicInteger acknowledged, String when) {
        int from = acknowledged.get();
        Clusters.await(
                "8 more batches are acknowledged " + when,
                Duration.ofSeconds(30),
                () -> acknowledged.get() >= from + 80,
                () -> acknowledged.get() - from + " events acknowledged");
    }

    /** Stops {@code old} as an orchestrator would (the balancer notices it draining) and starts its replacement. */
    private static App restart(Balancer lb, App old, String schema, String name) throws Exception {
        String base = old.baseUrl();
        long started = System.nanoTime();
        old.close();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).as("closing waited for the drain").isGreaterThanOrEqualTo(DRAIN);
        assertThat(lb.ready.get(base)).as("the balancer saw the node leave").isNotEqualTo(Boolean.TRUE);
        lb.remove(base);
        App fresh = App.create(node(schema, name), Clock.systemUTC()).start();
        lb.add(fresh.baseUrl());
        Clusters.await(
                "the replacement node " + name + " is ready",
                Duration.ofSeconds(10),
                () -> lb.ready.getOrDefault(fresh.baseUrl(), false));
        return fresh;
    }
}
