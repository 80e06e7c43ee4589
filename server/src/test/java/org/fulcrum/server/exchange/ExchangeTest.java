package org.fulcrum.server.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fulcrum.server.support.BankFixtures.ACTOR;
import static org.fulcrum.server.support.BankFixtures.add;
import static org.fulcrum.server.support.BankFixtures.block;
import static org.fulcrum.server.support.BankFixtures.create;
import static org.fulcrum.server.support.BankFixtures.hash;
import static org.fulcrum.server.support.BankFixtures.pdq;
import static org.fulcrum.server.support.BankFixtures.remove;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.DetectionModule;
import org.fulcrum.server.ExchangeModule;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.config.ExchangeConfig;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.detect.Bank;
import org.fulcrum.server.detect.BankHash;
import org.fulcrum.server.detect.HashType;
import org.fulcrum.server.support.Await;
import org.fulcrum.server.support.BankFixtures.FeedAccess;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Test;

/**
 * Two platforms in one JVM on loopback: A publishes a bank, B follows it on its own schedule. A hash
 * added on A is matched on B within B's poll interval; a removal on A removes it on B as soon; a
 * tampered batch is refused and recorded with nothing written; B's false-positive opinion survives
 * later batches.
 */
class ExchangeTest {
    private static final Json JSON = Json.strict();

    static final String PDQ = "f8f8f0cee0f4a84f06370a22038f67f0b36e2ed596221e1d33e6b39c4e9c9b22";
    static final String PDQ2 = "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f";
    static final String MD5 = "0cc175b9c0f1b6a831c399e269772661";

    static BankHash tco(String hex) {
        return hash(hex, "tco");
    }

    /** How often the follower pulls in these tests. */
    static final Duration POLL = Duration.ofSeconds(1);
    /**
     * What a change may take beyond the poll interval to be matched on the follower: one pull (a
     * signed batch over loopback, verified and applied in one transaction) and the bank index taking
     * it, on a 2-core machine shared with other work.
     */
    static final Duration MARGIN = Duration.ofSeconds(2);

    /** A follower pulling every {@link #POLL}. */
    static Config polling(Config c) {
        return c.withExchange(new ExchangeConfig(POLL));
    }

    @Test
    void aHashAddedOnAIsMatchedOnBWithinBsPollInterval() throws Exception {
        try (TestApp a = TestApp.sqlite();
                TestApp b = TestApp.sqlite(ExchangeTest::polling)) {
            followsWithinThePollInterval(a, b);
        }
    }

    /**
     * A publishes a bank, {@code b} (pulling every {@link #POLL}) follows it on its own schedule: a hash
     * in A's feed is matched on B within the poll interval and a margin, and so is its removal; B's
     * false-positive opinion survives later batches; a tampered batch is refused with nothing written.
     */
    static void followsWithinThePollInterval(TestApp a, TestApp b) throws Exception {
        Bank shared = create(a.app(), block("gifct"), tco(MD5));
        a.app().module(ExchangeModule.class).publications().publish(ACTOR, shared.id(), true);
        FeedAccess access = FeedAccess.of(a, "platform b");

        Bank local = create(b.app(), block("from-a"));
        Exchanges x = b.app().module(ExchangeModule.class).exchanges();
        Exchanges.ExchangeView ex =
                x.create(ACTOR, access.follow("a", local, a.url() + "/v1/exchange/banks/gifct/feed"));
        caughtUp(a, x, ex, "B pulls A's snapshot");
        assertThat(x.find(ex.id()).size()).as("the snapshot's MD5").isEqualTo(1);
        assertThat(b.app().module(DetectionModule.class).detection().bankIndex().match(pdq(PDQ)))
                .isEmpty();

        // Added on A: once in A's feed, matched on B within B's poll interval.
        add(a.app(), shared, tco(PDQ), tco(PDQ2));
        Duration took = inFeedThenOnB(
                a,
                3,
                "B matches the hash added on A",
                () -> !b.app()
                        .module(DetectionModule.class)
                        .detection()
                        .bankIndex()
                        .match(pdq(PDQ))
                        .isEmpty());
        assertThat(took).as("from A's feed to a match on B").isLessThanOrEqualTo(POLL.plus(MARGIN));
        assertThat(x.provenance(local.id(), HashType.pdq, PDQ).orElseThrow().exchangeName())
                .isEqualTo("a");

        // B marks PDQ2 a false positive: it stops matching on B, stays on A, survives later batches.
        x.opinion(ACTOR, new Exchanges.HashOpinion(local.id(), PDQ2, Optional.empty(), true, Optional.of("ours")));
        assertThat(b.app().module(DetectionModule.class).detection().bankIndex().match(pdq(PDQ2)))
                .isEmpty();
        remove(a.app(), shared, tco(PDQ2));
        add(a.app(), shared, tco(PDQ2));
        Await.await("A's changes reach its feed", Duration.ofSeconds(10), () -> a.count("exchange_feed_entry") >= 5);
        caughtUp(a, x, ex, "B pulls A's removal and re-addition");
        assertThat(b.app().module(DetectionModule.class).detection().bankIndex().match(pdq(PDQ2)))
                .as("opinion survives")
                .isEmpty();
        assertThat(a.app().module(DetectionModule.class).detection().bankIndex().match(pdq(PDQ2)))
                .as("upstream untouched")
                .hasSize(1);

        // A tampered batch (A's removal of PDQ2 turned into an addition) is refused; nothing is written.
        HttpServer tamper = tamperingProxy(a);
        try {
            Exchanges.ExchangeView forged = x.create(
                    ACTOR,
                    access.follow(
                            "tampered",
                            local,
                            "http://127.0.0.1:" + tamper.getAddress().getPort() + "/v1/exchange/banks/gifct/feed"));
            long before = b.count("bank_hash");
            Exchanges.SyncResult refused = x.sync(forged.id());
            assertThat(refused.error()).get().asString().contains("signature");
            assertThat(x.find(forged.id()).lastError()).get().asString().contains("signature");
            assertThat(x.find(forged.id()).cursor()).isZero();
            assertThat(b.count("bank_hash")).isEqualTo(before);
            x.delete(ACTOR, forged.id());
        } finally {
            tamper.stop(0);
        }

        // Removed on A: once in A's feed, no longer matched on B within the poll interval.
        remove(a.app(), shared, tco(PDQ));
        Duration removal = inFeedThenOnB(
                a,
                6,
                "B stops matching the hash removed on A",
                () -> b.app()
                        .module(DetectionModule.class)
                        .detection()
                        .bankIndex()
                        .match(pdq(PDQ))
                        .isEmpty());
        assertThat(removal).as("from A's feed to no match on B").isLessThanOrEqualTo(POLL.plus(MARGIN));
        assertThat(x.find(ex.id()).lastError()).isEmpty();
    }

    /**
     * Waits until A's feed holds {@code entries} entries, then until {@code onB} holds; answers the
     * time between the two. The wait is bounded well above the asserted time, so a slow follower
     * fails on that assertion with the time it took.
     */
    static Duration inFeedThenOnB(TestApp a, long entries, String reason, BooleanSupplier onB) {
        Await.await(
                "A's change reaches its feed", Duration.ofSeconds(10), () -> a.count("exchange_feed_entry") >= entries);
        long inFeed = System.nanoTime();
        Await.await(reason, Duration.ofSeconds(30), onB);
        return Duration.ofNanos(System.nanoTime() - inFeed);
    }

    /** Waits until B's job has pulled everything A's feed holds. */
    static void caughtUp(TestApp a, Exchanges x, Exchanges.ExchangeView ex, String reason) {
        Await.await(
                reason,
                Duration.ofSeconds(10),
                () -> x.find(ex.id()).cursor() >= a.queryLong("SELECT COALESCE(MAX(seq), 0) FROM exchange_feed_entry"),
                () -> x.find(ex.id()));
    }

    /** A proxy in front of A's feed that turns every removal into an addition, keeping A's signature. */
    static HttpServer tamperingProxy(TestApp a) throws java.io.IOException {
        HttpServer tamper = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tamper.createContext("/", h -> {
            HttpResponse<String> real;
            try {
                real = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(a.url() + h.getRequestURI()))
                                        .header(
                                                "Authorization",
                                                h.getRequestHeaders().getFirst("Authorization"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
            } catch (InterruptedException e) {
                throw new java.io.IOException(e);
            }
            var env = (com.fasterxml.jackson.databind.node.ObjectNode)
                    JSON.mapper().readTree(real.body());
            String payload =
                    new String(Base64.getUrlDecoder().decode(env.get("payload").asText()), StandardCharsets.UTF_8);
            String forged = payload.replace("\"remove\"", "\"add\"");
            env.put(
                    "payload",
                    Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes(StandardCharsets.UTF_8)));
            byte[] out = env.toString().getBytes(StandardCharsets.UTF_8);
            h.sendResponseHeaders(200, out.length);
            h.getResponseBody().write(out);
            h.close();
        });
        tamper.start();
        return tamper;
    }

    @Test
    void threatExchangeAndHmaSignalFilesAreImported() {
        try (TestApp a = TestApp.sqlite()) {
            Bank bank = create(a.app(), block("te"));
            String token = a.app()
                    .module(AuthModule.class)
                    .tokens()
                    .issue(ACTOR, Role.HASH_SHARING, "peer", "importer")
                    .secret();
            var http = a.http().bearer(token);
            var text = http.post(
                    "/v1/banks/" + bank.id() + "/signals",
                    "text/plain",
                    ("pdq " + PDQ + "\nvideo_md5 " + MD5 + "\nurl https://x.example/\n")
                            .getBytes(StandardCharsets.UTF_8));
            assertThat(text.status()).isEqualTo(200);
            assertThat(text.json().path("changed").path("changed").asInt()).isEqualTo(2);
            assertThat(text.json().path("skipped").asInt()).isEqualTo(1);
            var csv = http.post(
                    "/v1/banks/" + bank.id() + "/signals",
                    "text/csv",
                    ("signal_type,signal,tags\nHASH_PDQ," + PDQ2 + ",\"terrorism propaganda\"\n")
                            .getBytes(StandardCharsets.UTF_8));
            assertThat(csv.json().path("changed").path("changed").asInt()).isEqualTo(1);
            var json = http.post(
                    "/v1/banks/" + bank.id() + "/signals",
                    "application/json",
                    ("{\"data\":[{\"id\":\"123\",\"type\":\"HASH_MD5\",\"raw_indicator\":\""
                                    + "92eb5ffee6ae2fec3ad71c777531578f"
                                    + "\",\"tags\":{\"data\":[{\"text\":\"csam\"}]}}]}")
                            .getBytes(StandardCharsets.UTF_8));
            assertThat(json.json().path("changed").path("changed").asInt()).isEqualTo(1);
            assertThat(a.queryString("SELECT label FROM bank_hash WHERE hash = '" + PDQ2 + "'"))
                    .isEqualTo("terrorism propaganda");
            assertThat(a.queryString("SELECT source FROM bank_hash WHERE hash = '92eb5ffee6ae2fec3ad71c777531578f'"))
                    .isEqualTo("threatexchange:123");
            var bad = http.post(
                    "/v1/banks/" + bank.id() + "/signals",
                    "text/plain",
                    ("sha9000 abc\n").getBytes(StandardCharsets.UTF_8));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.body()).contains("line 1");
        }
    }
}
