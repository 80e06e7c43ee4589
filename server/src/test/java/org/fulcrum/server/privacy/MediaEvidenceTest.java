package org.fulcrum.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.fulcrum.server.App;
import org.fulcrum.server.PrivacyModule;
import org.fulcrum.server.StoreModule;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.keys.StartRefused;
import org.fulcrum.server.simulator.SimulatorServer;
import org.fulcrum.server.simulator.SyntheticPlatform;
import org.fulcrum.server.support.Await;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.ManualTime;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Media preserved as evidence: fetched once through the media proxy when a hold is placed, kept
 * sealed (the data folder never holds the plaintext), shown from the evidence store after the
 * platform deleted the item, retried from a durable record when the fetch fails (across a restart),
 * purged with the preserved-evidence class, and kept under one key a node cannot silently replace.
 */
class MediaEvidenceTest {
    private static final Json JSON = Json.strict();

    static final String SECRET = "whsec_evidence";
    final byte[] image = SyntheticPlatform.image(9090);
    SimulatorServer simulator;
    final List<TestApp> apps = new ArrayList<>();

    @BeforeEach
    void platform() throws Exception {
        simulator = new SimulatorServer(SECRET, 0, JSON).start();
    }

    @AfterEach
    void stop() {
        apps.forEach(TestApp::close);
        simulator.close();
    }

    TestApp app(java.time.Clock clock) {
        TestApp app = TestApp.sqlite(
                clock,
                c -> c.withWebhook(simulator.webhookUrl(), SECRET)
                        .withMediaOrigin(simulator.mediaOrigin())
                        .withRateLimits(0, 0));
        apps.add(app);
        return app;
    }

    void heldPostWithMedia(TestApp app, String postId, Instant until) {
        Map<String, Object> e = Events.post(postId, "ev-channel", "ev-author", "FR", "fr", 40);
        e.put(
                "media",
                List.of(Map.of(
                        "mediaId",
                        "evidence-1",
                        "sha256",
                        "ef".repeat(32),
                        "url",
                        simulator.mediaOrigin() + "/media/evidence-1")));
        assertThat(app.platform()
                        .postJson("/v1/platform/events", Events.of(List.of(e)))
                        .status())
                .isEqualTo(200);
        StaffSessions staff = new StaffSessions(app.app());
        staff.create("legal.one", "legal-one-password-1", Role.LEGAL);
        app.app()
                .module(PrivacyModule.class)
                .privacy()
                .holds()
                .place(staff.principal("legal.one"), new Holds.Placement(postId, until, "preservation order 2026/17"));
    }

    static void awaitPreserved(TestApp app, long items) {
        Await.await(items + " media items are preserved", Duration.ofSeconds(15), () -> {
            app.app().module(PrivacyModule.class).privacy().media().runOnce();
            return app.queryLong("SELECT COUNT(*) FROM preserved_media") >= items;
        });
        assertThat(app.queryLong("SELECT COUNT(*) FROM preserved_media")).isEqualTo(items);
    }

    HttpResponse<byte[]> view(TestApp app, String postId) throws Exception {
        String session = new StaffSessions(app.app()).signIn("mo-" + postId, Role.MODERATOR);
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(app.url() + "/console/media/" + postId + "/0"))
                                .header("Cookie", "fulcrum_session=" + session)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void heldMediaAreSealedOnDiskAndStillShownAfterThePlatformDeletesThem() throws Exception {
        simulator.serveMedia(Map.of("evidence-1", image));
        TestApp app = app(java.time.Clock.systemUTC());
        heldPostWithMedia(app, "ev-post", Instant.now().plus(Duration.ofDays(30)));
        awaitPreserved(app, 1);
        assertThat(simulator.mediaServed()).isEqualTo(1);

        // Nothing in the data folder holds the plaintext: not the database, its journal, nor any key file.
        // (outside a transaction: a write transaction holds the write lock a checkpoint needs)
        app.app().module(StoreModule.class).db().read(h -> h.execute("PRAGMA wal_checkpoint(FULL)"));
        byte[] slice = Arrays.copyOfRange(image, image.length / 2, image.length / 2 + 48);
        for (Path f : files(app.dataDir())) {
            assertThat(indexOf(Files.readAllBytes(f), slice))
                    .as("image bytes in %s", f)
                    .isEqualTo(-1);
        }
        byte[] sealed = app.app()
                .module(StoreModule.class)
                .db()
                .read(h -> h.createQuery("SELECT sealed FROM preserved_media")
                        .mapTo(byte[].class)
                        .one());
        assertThat(indexOf(sealed, slice)).isEqualTo(-1);
        Path key = app.dataDir().resolve("keys").resolve("evidence.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                .isEqualTo("rw-------");

        // The platform deletes the post and no longer serves the item: the console shows the sealed copy.
        Map<String, Object> deleted = Events.post("ev-post", "ev-channel", "ev-author", "FR", "fr", 40);
        deleted.put("eventId", "ev-post-deleted");
        deleted.put("type", "deleted");
        deleted.remove("text");
        assertThat(app.platform()
                        .postJson("/v1/platform/events", Events.of(List.of(deleted)))
                        .status())
                .isEqualTo(200);
        assertThat(app.queryLong("SELECT COUNT(*) FROM subject_content WHERE subject_id = 'ev-post'"))
                .isZero();
        simulator.serveMedia(Map.of());

        HttpResponse<byte[]> r = view(app, "ev-post");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(image);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(r.headers().firstValue("Fulcrum-Media")).hasValue("preserved");
        assertThat(simulator.mediaServed()).isEqualTo(1);
        assertThat(app.queryLong("SELECT COUNT(*) FROM audit WHERE action = 'evidence.media_preserved'"))
                .isEqualTo(1);
    }

    @Test
    void aFailedFetchWaitsInADurableRecordAndIsPreservedAfterARestart() throws Exception {
        simulator.serveMedia(Map.of("evidence-1", image));
        // The first run's clock is an hour behind: the platform refuses its fetch (the signature's time is
        // too old), and the retry it schedules is due when the node starts again with the right time.
        TestApp first = app(new ManualTime(Instant.now().minus(Duration.ofHours(1))).clock());
        heldPostWithMedia(first, "ev-retry", Instant.now().plus(Duration.ofDays(30)));
        first.app().module(PrivacyModule.class).privacy().media().runOnce();
        assertThat(first.queryLong("SELECT COUNT(*) FROM preserved_media")).isZero();
        assertThat(first.queryLong("SELECT attempts FROM media_preservation WHERE subject_id = 'ev-retry'"))
                .isOne();
        assertThat(first.queryString("SELECT last_error FROM media_preservation WHERE subject_id = 'ev-retry'"))
                .contains("answered 401");
        Path dir = first.dataDir();
        first.close();
        apps.remove(first);

        TestApp again = TestApp.sqliteAt(
                dir,
                c -> c.withWebhook(simulator.webhookUrl(), SECRET)
                        .withMediaOrigin(simulator.mediaOrigin())
                        .withRateLimits(0, 0));
        apps.add(again);
        awaitPreserved(again, 1);
        assertThat(again.queryLong("SELECT COUNT(*) FROM media_preservation")).isZero();
        assertThat(view(again, "ev-retry").body()).isEqualTo(image);
    }

    @Test
    void preservedMediaArePurgedOnceTheHoldHasEndedAndThePurgeIsLogged() throws Exception {
        simulator.serveMedia(Map.of("evidence-1", image));
        ManualTime clock = new ManualTime(Instant.now());
        TestApp app = app(clock.clock());
        heldPostWithMedia(app, "ev-purge", clock.instant().plus(Duration.ofDays(10)));
        awaitPreserved(app, 1);

        app.app().module(PrivacyModule.class).privacy().purge().run("test");
        assertThat(app.queryLong("SELECT COUNT(*) FROM preserved_media"))
                .as("kept while the hold runs")
                .isOne();

        clock.advance(Duration.ofDays(10).plusMinutes(1));
        List<PurgeRecord> purged =
                app.app().module(PrivacyModule.class).privacy().purge().run("test");

        assertThat(app.queryLong("SELECT COUNT(*) FROM preserved_media")).isZero();
        assertThat(purged.stream()
                        .filter(p -> p.dataClass() == DataClass.preserved_evidence)
                        .findFirst()
                        .orElseThrow()
                        .stores())
                .containsEntry("preserved_media", 1);
    }

    @Test
    void aNodeWhoseEvidenceKeyIsNotTheRecordedOneRefusesToStart() throws Exception {
        TestApp app = app(java.time.Clock.systemUTC());
        Path dir = app.dataDir();
        String recorded = app.queryString("SELECT public_key FROM shared_key WHERE purpose = 'evidence'");
        app.close();
        apps.remove(app);
        byte[] other = new byte[32];
        new SecureRandom().nextBytes(other);
        Path key = dir.resolve("keys").resolve("evidence.key");
        Files.writeString(key, Base64.getEncoder().encodeToString(other) + "\n");

        assertThatThrownBy(() -> App.create(TestApp.config(dir), java.time.Clock.systemUTC()))
                .isInstanceOf(StartRefused.class)
                .hasMessageContaining(recorded)
                .hasMessageContaining("evidence.key.file");
    }

    static List<Path> files(Path dir) throws java.io.IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
