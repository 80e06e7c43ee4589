package org.fulcrum.server.transparency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.DeliveryModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.TransparencyModule;
import org.fulcrum.server.platform.Action;
import org.fulcrum.server.platform.ActionType;
import org.fulcrum.server.support.Await;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.TestApp;
import org.fulcrum.tlog.ProofBundle;
import org.fulcrum.tlog.checkpoint.Checkpoint;
import org.fulcrum.tlog.checkpoint.SignedCheckpoint;
import org.fulcrum.tlog.merkle.Proofs;
import org.fulcrum.tlog.note.NoteKeys;
import org.fulcrum.tlog.note.NoteVerifier;
import org.fulcrum.tlog.tile.EntryBundle;
import org.fulcrum.tlog.tile.Tile;
import org.fulcrum.tlog.tile.TileHashReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The log as a client sees it over HTTP: every answer checks out against the signed checkpoint. */
class LogHttpTest {
    static TestApp app;
    static NoteVerifier key;
    // Entries the app appends on start (the policy version in force) come before the test's own.
    static long base;

    @BeforeAll
    static void start() {
        app = TestApp.sqlite();
        key = NoteKeys.parseVerifier(app.http().get("/log/key").body().trim());
        base = app.queryLong("SELECT size FROM log_state");
        for (int i = 0; i < 600; i++) {
            int n = i;
            app.app()
                    .module(StoreModule.class)
                    .db()
                    .write(tx -> app.app()
                            .module(TransparencyModule.class)
                            .log()
                            .append(
                                    tx,
                                    LogEntry.of(
                                            EntryKind.notice_received,
                                            tx.now(),
                                            "FR",
                                            "RISK_FOR_PUBLIC_SECURITY",
                                            "received",
                                            Map.of("n", n),
                                            Map.of("reporter", "user-" + n),
                                            "acct-" + n)));
        }
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    static Checkpoint awaitCheckpoint(long atLeast) {
        Await.await(
                "a checkpoint of size " + atLeast + " is served",
                Duration.ofSeconds(5),
                () -> served().size() >= atLeast);
        return served();
    }

    static Checkpoint served() {
        byte[] note = app.http().get("/log/checkpoint").body().getBytes(StandardCharsets.UTF_8);
        return SignedCheckpoint.open(note, key).checkpoint();
    }

    @Test
    void aSignedCheckpointFollowsAppendsWithinASecond() throws Exception {
        long size = app.queryLong("SELECT size FROM log_state");
        Instant before = Instant.now();
        Checkpoint cp = awaitCheckpoint(size);
        assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(2));
        assertThat(cp.origin())
                .isEqualTo(app.app().module(StoreModule.class).logKeys().origin());
    }

    @Test
    void everyInclusionProofVerifiesAgainstTheSignedRoot() throws Exception {
        Checkpoint cp = awaitCheckpoint(600);
        for (long index : new long[] {0, 1, 255, 256, 257, 511, 599}) {
            var r = app.http()
                    .get("/v1/log/proof/inclusion?index=" + index + "&size=" + cp.size())
                    .json();
            List<byte[]> proof = new ArrayList<>();
            r.get("proof").forEach(p -> proof.add(Base64.getDecoder().decode(p.asText())));
            byte[] leaf = Base64.getDecoder().decode(r.get("leafHash").asText());
            Proofs.verifyInclusion(index, cp.size(), leaf, proof, cp.rootHash());
            byte[] flipped = leaf.clone();
            flipped[0] ^= 1;
            assertThatThrownBy(() -> Proofs.verifyInclusion(index, cp.size(), flipped, proof, cp.rootHash()));
        }
    }

    @Test
    void consistencyProofsLinkEarlierSizesToTheCheckpoint() throws Exception {
        Checkpoint cp = awaitCheckpoint(600);
        byte[] root100 = app.app()
                .module(StoreModule.class)
                .db()
                .read(h -> org.fulcrum.tlog.merkle.StoredTree.treeHash(100, new SqlHashReader(h)));
        var r = app.http()
                .get("/v1/log/proof/consistency?from=100&to=" + cp.size())
                .json();
        List<byte[]> proof = new ArrayList<>();
        r.get("proof").forEach(p -> proof.add(Base64.getDecoder().decode(p.asText())));
        Proofs.verifyConsistency(100, cp.size(), proof, root100, cp.rootHash());
    }

    @Test
    void tilesAndEntryBundlesMirrorTheLog() throws Exception {
        Checkpoint cp = awaitCheckpoint(600);
        long size = cp.size();
        TileHashReader reader = new TileHashReader(size, cp.rootHash(), tile -> {
            try {
                return httpBytes("/log/" + tile.path());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Tile first = Tile.at(0, 0, size);
        byte[] tileData = reader.authenticatedTile(first);
        byte[] bundle = httpBytes("/log/" + first.entriesPath());
        List<byte[]> entries = EntryBundle.verify(first, bundle, tileData);
        assertThat(entries).hasSize(256);
        assertThat(CanonicalJson.parse(entries.get(7)).get("kind")).isEqualTo("notice_received");
        assertThat(app.http().get("/log/tile/0/x999/000").status()).isEqualTo(404);
    }

    @Test
    void aProofBundleVerifiesOffline() throws Exception {
        awaitCheckpoint(600);
        String text =
                app.http().get("/v1/log/proof/bundle?index=" + (base + 42)).body();
        ProofBundle bundle = ProofBundle.parse(text);
        var entry = app.http().get("/v1/log/entries/" + (base + 42)).json();
        byte[] leafHash = Base64.getDecoder().decode(entry.get("leafHash").asText());
        bundle.verify(leafHash, key, List.of());
        assertThat(entry.at("/entry/kind").asText()).isEqualTo("notice_received");
        assertThat(entry.at("/entry/fields/n").asInt()).isEqualTo(42);
        // personal data never reaches the log: the reporter is only committed to
        assertThat(entry.toString()).doesNotContain("user-42");
    }

    @Test
    void anEntryOfARolledBackTransactionIsNotInTheLog() {
        long before = app.queryLong("SELECT size FROM log_state");
        assertThatThrownBy(() -> app.app().module(StoreModule.class).db().write(tx -> {
            app.app()
                    .module(TransparencyModule.class)
                    .log()
                    .append(tx, LogEntry.of(EntryKind.purge, tx.now(), null, null, "purged", Map.of(), Map.of(), null));
            throw new IllegalStateException("the capability's own write failed");
        }));
        assertThat(app.queryLong("SELECT size FROM log_state")).isEqualTo(before);
        assertThat(app.queryLong("SELECT COUNT(*) FROM log_entry")).isEqualTo(before);
    }

    @Test
    void everyEnforcementActionIsLoggedInItsTransaction() {
        app.platform().postJson("/v1/platform/events", Events.batch(0, 2, "logact"));
        long before = app.queryLong("SELECT COUNT(*) FROM log_entry WHERE kind = 'action'");
        app.app()
                .module(StoreModule.class)
                .db()
                .write(tx -> app.app()
                        .module(DeliveryModule.class)
                        .enforcement()
                        .apply(
                                tx,
                                new Action.Request(
                                        "logact-post-1",
                                        ActionType.geo_restrict,
                                        List.of("DE"),
                                        Optional.empty(),
                                        Optional.empty(),
                                        "lawful",
                                        Optional.of("req-1"),
                                        "NetzDG 3",
                                        "staff:x")));
        assertThat(app.queryLong("SELECT COUNT(*) FROM log_entry WHERE kind = 'action'"))
                .isEqualTo(before + 1);
        byte[] data = app.app()
                .module(StoreModule.class)
                .db()
                .read(h -> h.createQuery("SELECT data FROM log_entry WHERE kind = 'action' ORDER BY idx DESC LIMIT 1")
                        .mapTo(byte[].class)
                        .one());
        Map<String, Object> entry = CanonicalJson.parse(data);
        assertThat(entry.get("outcome")).isEqualTo("geo_restrict");
        assertThat(new String(data, StandardCharsets.UTF_8))
                .doesNotContain("logact-post-1")
                .contains("DE");
    }

    @Test
    void badProofQueriesAreProblems() {
        assertThat(app.http().get("/v1/log/proof/inclusion").status()).isEqualTo(400);
        assertThat(app.http().get("/v1/log/proof/inclusion?index=abc").status()).isEqualTo(400);
        assertThat(app.http()
                        .get("/v1/log/proof/inclusion?index=5&size=999999999")
                        .status())
                .isEqualTo(400);
        assertThat(app.http().get("/v1/log/proof/consistency?from=0").status()).isEqualTo(400);
        assertThat(app.http().get("/v1/log/entries/99999999").status()).isEqualTo(404);
    }

    static byte[] httpBytes(String path) throws Exception {
        var client = java.net.http.HttpClient.newHttpClient();
        var resp = client.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(app.url() + path))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(resp.statusCode()).as(path).isEqualTo(200);
        return resp.body();
    }
}
