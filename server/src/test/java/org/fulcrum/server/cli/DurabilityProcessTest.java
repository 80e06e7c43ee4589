package org.fulcrum.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fulcrum.server.App;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.support.Await;
import org.fulcrum.server.support.ChildJvm;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Starts the real server as its own process, ingests events from several clients, kills it with
 * SIGKILL mid-stream, restarts it on the same data folder and finds every acknowledged event.
 */
@Tag("process")
class DurabilityProcessTest {

    @Test
    void everyAcknowledgedEventSurvivesKillMinusNine() throws Exception {
        Path data = Files.createTempDirectory("fulcrum-kill9");
        String token;
        try (App setup = App.create(TestApp.seeded(data), Clock.systemUTC())) {
            token = setup.module(AuthModule.class)
                    .tokens()
                    .issue("test", Role.PLATFORM, "platform", "durability")
                    .secret();
        }
        int port = freePort();
        Process server = launch(data, port);
        List<String> acknowledged = new ArrayList<>();
        ConcurrentLinkedQueue<String> acks = new ConcurrentLinkedQueue<>();
        try {
            awaitReady(port);
            Http http = new Http("http://127.0.0.1:" + port).bearer(token);
            AtomicBoolean stop = new AtomicBoolean();
            try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < 4; c++) {
                    int client = c;
                    clients.submit(() -> {
                        for (int batch = 0; !stop.get(); batch++) {
                            var body = Events.batch(batch * 20, 20, "k" + client);
                            try {
                                var r = http.postJson("/v1/platform/events", body);
                                if (r.status() == 200) {
                                    for (int i = 0; i < 20; i++) {
                                        acks.add("k" + client + "-ev-" + (batch * 20 + i));
                                    }
                                }
                            } catch (AssertionError connectionLost) {
                                return;
                            }
                        }
                    });
                }
                // kill while writes are in flight, once a fair number is acknowledged, however
                // slowly a busy machine lets them through
                Await.await("more than 200 events are acknowledged", Duration.ofSeconds(60), () -> acks.size() > 200);
                server.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
                server.waitFor();
                stop.set(true);
            }
            acknowledged.addAll(acks);
            assertThat(acknowledged).hasSizeGreaterThan(100);
        } finally {
            server.destroyForcibly();
        }

        try (App reopened = App.create(TestApp.config(data), Clock.systemUTC())) {
            List<String> stored = reopened.module(StoreModule.class)
                    .db()
                    .read(h -> h.createQuery("SELECT event_id FROM content_event")
                            .mapTo(String.class)
                            .list());
            assertThat(stored).containsAll(acknowledged);
        }
    }

    static Process launch(Path data, int port) throws Exception {
        List<String> cmd = ChildJvm.command(
                List.of(),
                "org.fulcrum.server.cli.Main",
                List.of("serve", "--port", String.valueOf(port), "--data", data.toString()));
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(data.resolve("server.log").toFile())
                .start();
    }

    static void awaitReady(int port) throws Exception {
        Http http = new Http("http://127.0.0.1:" + port);
        Await.await("the server on port " + port + " answers /readyz with 200", Duration.ofSeconds(60), () -> {
            try {
                return http.get("/readyz").status() == 200;
            } catch (AssertionError notYet) {
                return false; // not listening yet
            }
        });
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
