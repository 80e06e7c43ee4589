package org.fulcrum.server.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.TransparencyModule;
import org.fulcrum.server.config.ConfigLoader;
import org.fulcrum.server.support.TestApp;
import org.fulcrum.tlog.checkpoint.Checkpoint;
import org.fulcrum.tlog.checkpoint.SignedCheckpoint;
import org.fulcrum.tlog.merkle.Proofs;
import org.fulcrum.tlog.merkle.Rfc6962;
import org.fulcrum.tlog.merkle.StoredTree;
import org.fulcrum.tlog.note.NoteKeys;
import org.fulcrum.tlog.note.NoteVerifier;
import org.fulcrum.tlog.tile.EntryBundle;
import org.fulcrum.tlog.tile.Tile;
import org.fulcrum.tlog.tile.TileHashReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * C2SP tlog-tiles as a mirror sees it: a client that holds an older checkpoint reads that tree's
 * partial tiles after the log grew, and anything beyond the tree is a 404 problem, never a 500.
 */
class LogTilesTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static TestApp app;
    static NoteVerifier key;
    /** The checkpoint a client saw first (size 329, a partial level 0 tile of width 73). */
    static Checkpoint older;

    static Checkpoint latest;

    @BeforeAll
    static void start() {
        app = TestApp.sqlite();
        key = NoteKeys.parseVerifier(app.http().get("/log/key").body().trim());
        older = open(appendUpTo(329));
        latest = open(appendUpTo(339));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** Appends entries until the log holds {@code size} and returns the checkpoint signed at that size. */
    static byte[] appendUpTo(long size) {
        long from = app.queryLong("SELECT size FROM log_state");
        app.app().module(StoreModule.class).db().write(tx -> {
            for (long n = from; n < size; n++) {
                app.app()
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
                                        Map.of(),
                                        null));
            }
            return null;
        });
        SignedCheckpoint cp =
                app.app().module(TransparencyModule.class).checkpointer().checkpoint();
        assertThat(cp.checkpoint().size()).isEqualTo(size);
        return cp.format().getBytes(StandardCharsets.UTF_8);
    }

    static Checkpoint open(byte[] note) {
        return SignedCheckpoint.open(note, key).checkpoint();
    }

    @Test
    void aClientHoldingAnOlderCheckpointReadsItsPartialTilesAfterTheLogGrew() {
        assertThat(open(get("/log/checkpoint").body()).size()).isEqualTo(latest.size());
        TileHashReader tiles = new TileHashReader(older.size(), older.rootHash(), tile -> {
            HttpResponse<byte[]> answer = get("/log/" + tile.path());
            assertThat(answer.statusCode()).as(tile.path()).isEqualTo(200);
            return answer.body();
        });
        Tile partial = Tile.at(0, 1, older.size());
        assertThat(partial.path()).isEqualTo("tile/0/001.p/73");

        byte[] bundle = get("/log/" + partial.entriesPath()).body();
        List<byte[]> entries = EntryBundle.verify(partial, bundle, tiles.authenticatedTile(partial));
        assertThat(entries).hasSize(73);
        long index = older.size() - 1;
        List<byte[]> proof = StoredTree.inclusionProof(index, older.size(), tiles);
        Proofs.verifyInclusion(index, older.size(), Rfc6962.leafHash(entries.get(72)), proof, older.rootHash());
        assertThat(StoredTree.treeHash(older.size(), tiles)).isEqualTo(older.rootHash());
    }

    @Test
    void fullTilesAreImmutableAndPartialOnesShortLived() {
        HttpResponse<byte[]> full = get("/log/tile/0/000");
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(full.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
        HttpResponse<byte[]> partial = get("/log/tile/0/001.p/83");
        assertThat(partial.statusCode()).isEqualTo(200);
        assertThat(partial.headers().firstValue("Cache-Control")).hasValue("public, max-age=60");
        assertThat(get("/log/tile/entries/001.p/83").headers().firstValue("Cache-Control"))
                .hasValue("public, max-age=60");
    }

    @Test
    void tilesAndBundlesBeyondTheTreeAreNotFoundProblems() {
        for (String path : new String[] {
            "tile/0/001.p/84",
            "tile/0/002",
            "tile/0/001",
            "tile/entries/001",
            "tile/entries/x999/000",
            "tile/entries/002.p/1",
            "tile/0/x999/x999/x999/x999/x999/999",
            "tile/1/000",
            "tile/1/001.p/1",
            "tile/6/000.p/1",
            "tile/63/000.p/1",
            "tile/entries/000.p/256",
            "tile/0/abc"
        }) {
            HttpResponse<byte[]> answer = get("/log/" + path);
            assertThat(answer.statusCode()).as(path).isEqualTo(404);
            assertThat(answer.headers().firstValue("Content-Type"))
                    .as(path)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        }
        assertThat(get("/log/tile/1/000.p/1").statusCode()).isEqualTo(200);
    }

    @Test
    void theOriginIsTheLogsUrlPrefixWithoutScheme() {
        assertThat(new ConfigLoader()
                        .set("public.url", "https://fulcrum.example.org/")
                        .load()
                        .logOrigin())
                .isEqualTo("fulcrum.example.org/log");
        assertThat(new ConfigLoader()
                        .set("public.url", "https://example.org:8443/trust/")
                        .load()
                        .logOrigin())
                .isEqualTo("example.org:8443/trust/log");
        assertThat(new ConfigLoader()
                        .set("public.url", "https://example.org")
                        .set("log.origin", "example.org/x")
                        .load()
                        .logOrigin())
                .isEqualTo("example.org/x");
        assertThat(latest.origin()).isEqualTo(app.app().config().logOrigin()).endsWith("/log");
    }

    static HttpResponse<byte[]> get(String path) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create(app.url() + path)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (Exception e) {
            throw new IllegalStateException(path, e);
        }
    }
}
