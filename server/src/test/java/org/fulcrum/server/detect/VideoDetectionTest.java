package org.fulcrum.server.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.fulcrum.server.DeliveryModule;
import org.fulcrum.server.config.Config;
import org.fulcrum.server.config.VideoConfig;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.simulator.SimulatorServer;
import org.fulcrum.server.support.Await;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.Moderators;
import org.fulcrum.server.support.SharedData;
import org.fulcrum.server.support.TestApp;
import org.fulcrum.vpdq.VideoHasher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Videos in the detection pipeline, with ThreatExchange's sample videos: sent as bytes or by address,
 * hashed with vPDQ at ingestion, matched against video banks (imported in the reference's hash
 * format) by the vPDQ rule, and acted on by the same path as images; over a configured bound a video
 * is refused naming the bound, and nothing is written.
 */
class VideoDetectionTest {
    private static final Json JSON = Json.strict();

    static final String SECRET = "whsec_video";
    /** The banked original; its variants below are re-encodes, sepia and grey versions of it. */
    static final String ORIGINAL = "chair-orig-22-sd-bar";

    /** The reference hashes in shared/vpdq/expected are of every frame: the server hashes likewise. */
    static final UnaryOperator<Config> EVERY_FRAME = c -> c.withVideo(VideoConfig.DEFAULT.everySeconds(0));

    static SimulatorServer sharedSimulator;
    static TestApp shared;
    static Http sharedStaff;
    /** An app with tight video bounds, for the tests of the bounds; started by the first of them. */
    static TestApp bounded;

    SimulatorServer simulator;
    TestApp app;
    Http staff;
    /** The banks this test made on the shared app, deleted after it so no other test matches them. */
    List<String> banks = new ArrayList<>();

    /**
     * One platform and app hashing every frame for the tests that bank and post videos of their own
     * and delete their banks after them. A retro hunt reads every stored video, and the tests of the
     * default rate and of the bounds configure their app, so those build one of their own.
     */
    @BeforeAll
    static void startShared() throws Exception {
        sharedSimulator = new SimulatorServer(SECRET, 0, JSON).start();
        shared = app(sharedSimulator, EVERY_FRAME);
        sharedStaff = new Moderators(shared).admin("vera");
    }

    @AfterAll
    static void stopShared() {
        if (bounded != null) {
            bounded.close();
        }
        if (shared != null) {
            shared.close();
        }
        if (sharedSimulator != null) {
            sharedSimulator.close();
        }
    }

    static TestApp app(SimulatorServer simulator, UnaryOperator<Config> customise) {
        return TestApp.sqlite(c -> customise.apply(c.withWebhook(simulator.webhookUrl(), SECRET)
                .withMediaOrigin(simulator.mediaOrigin())
                .withOutboxTiming(Duration.ofSeconds(1), Duration.ofSeconds(2))
                .withRateLimits(0, 0)));
    }

    @BeforeEach
    void onTheSharedApp() {
        simulator = sharedSimulator;
        app = shared;
        staff = sharedStaff;
    }

    /**
     * The app with tight bounds: clips of at most 5 s and 2.5 MB. The videos the bounds tests send
     * are each over one bound only, so each refusal names its own bound; refused events write nothing.
     */
    void startBounded() {
        if (bounded == null) {
            VideoConfig tight = new VideoConfig(
                    2_500_000,
                    VideoConfig.DEFAULT.maxPixels(),
                    Duration.ofSeconds(5),
                    VideoConfig.DEFAULT.maxFrames(),
                    1.0);
            bounded = app(sharedSimulator, c -> c.withVideo(tight));
        }
        app = bounded;
        staff = null;
    }

    /** An app of this test's own. */
    void start(UnaryOperator<Config> customise) throws Exception {
        simulator = new SimulatorServer(SECRET, 0, JSON).start();
        app = app(simulator, customise);
        staff = new Moderators(app).admin("vera");
    }

    @AfterEach
    void stop() {
        if (app == bounded) {
            return;
        }
        if (app == shared) {
            for (String bank : banks) {
                assertThat(staff.delete("/v1/banks/" + bank + "?reason=test+done")
                                .status())
                        .isEqualTo(204);
            }
            return;
        }
        app.close();
        simulator.close();
    }

    static byte[] video(String name) throws Exception {
        return Files.readAllBytes(SharedData.require("vpdq/videos/" + name + ".mp4"));
    }

    static String referenceHash(String name) throws Exception {
        return Files.readString(SharedData.require("vpdq/expected/" + name + ".txt"));
    }

    String videoBank(String name, String kind, String policy) {
        Map<String, Object> spec = new LinkedHashMap<>(Map.of("name", name, "kind", kind, "signal", "video"));
        if (policy != null) {
            spec.put("policy", policy);
            spec.put("reason", "terrorism");
        }
        Http.Response r = staff.postJson("/v1/banks", spec);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("signal").asText()).isEqualTo("video");
        String id = r.json().get("id").asText();
        banks.add(id);
        return id;
    }

    Http.Response importVideos(String bank, String file) {
        return staff.post(
                "/v1/banks/" + bank + "/import?format=vpdq", "text/plain", file.getBytes(StandardCharsets.UTF_8));
    }

    Http.Response post(String postId, Map<String, Object> media) {
        Map<String, Object> e = Events.post("ev-" + postId, postId, "chan", "a clip");
        e.put("media", List.of(media));
        return app.platform().postJson("/v1/platform/events", Events.of(List.of(e)));
    }

    Map<String, Object> bytes(String name) throws Exception {
        return Map.of("mediaId", "m-" + name, "bytes", Base64.getEncoder().encodeToString(video(name)));
    }

    JsonNode matches(String subject) throws InterruptedException {
        assertThat(app.detectionIdle(20_000)).isTrue();
        return staff.get("/v1/detection/matches?subject=" + subject).json();
    }

    @Test
    void aVariantOfABankedVideoSentAsBytesIsMatchedAndRemovedThroughTheEnforcementPath() throws Exception {
        start(c -> c);
        String bank = videoBank("known propaganda", "block", "remove");
        // banked as `fulcrum hash` prints it: one frame a second, the server's default rate too
        String original = String.join(
                "\n",
                VideoHasher.defaults()
                        .hash(SharedData.require("vpdq/videos/" + ORIGINAL + ".mp4"))
                        .lines());
        Http.Response imported = importVideos(bank, original);
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().get("changed").asInt()).isEqualTo(1);

        Http.Response r = post("p-sepia", bytes("chair-22-sd-sepia-bar"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode m = matches("p-sepia");
        assertThat(m).hasSize(1);
        assertThat(m.at("/0/outcome").asText()).isEqualTo("removed");
        assertThat(m.at("/0/evidence/type").asText()).isEqualTo("vpdq");
        assertThat(m.at("/0/evidence/mediaId").asText()).isEqualTo("m-chair-22-sd-sepia-bar");
        assertThat(m.at("/0/evidence/queryFramesMatchedPercent").asDouble()).isGreaterThanOrEqualTo(80.0);
        assertThat(m.at("/0/evidence/bankedFramesMatchedPercent").asDouble()).isGreaterThanOrEqualTo(80.0);
        assertThat(app.queryString("SELECT visibility FROM subject WHERE id = 'p-sepia'"))
                .isEqualTo("removed");
        Await.await(
                "the removal reaches the platform",
                Duration.ofSeconds(15),
                () -> app.app().module(DeliveryModule.class).outbox().counts().pending() == 0);
        assertThat(simulator.visible("p-sepia", "DE")).isFalse();

        String stored = app.queryString("SELECT media FROM subject_content WHERE subject_id = 'p-sepia'");
        assertThat(stored).contains("\"vpdq\":[\"0,").contains("\"md5\":").doesNotContain("bytes");
        assertThat(app.queryString("SELECT body FROM content_event WHERE event_id = 'ev-p-sepia'"))
                .doesNotContain("bytes");
    }

    @Test
    void anUnrelatedVideoIsNotMatched() throws Exception {
        String bank = videoBank("known propaganda", "block", "remove");
        assertThat(importVideos(bank, referenceHash(ORIGINAL)).status()).isEqualTo(200);

        Http.Response r = post("p-pattern", bytes("pattern-sd-grey-bar"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(matches("p-pattern")).isEmpty();
        assertThat(app.queryString("SELECT visibility FROM subject WHERE id = 'p-pattern'"))
                .isEqualTo("visible");
        assertThat(app.queryString("SELECT media FROM subject_content WHERE subject_id = 'p-pattern'"))
                .as("the video was hashed all the same")
                .contains("\"vpdq\":[\"0,");
    }

    @Test
    void aVideoNamedByItsAddressIsFetchedSignedHashedAndMatched() throws Exception {
        int served = simulator.mediaServed();
        long events = app.count("content_event");
        simulator.serveMedia(Map.of("clip-20", video("chair-20-sd-bar")));
        String bank = videoBank("known propaganda", "block", "review");
        assertThat(importVideos(bank, referenceHash(ORIGINAL)).status()).isEqualTo(200);

        Http.Response r =
                post("p-ref", Map.of("mediaId", "clip-20", "url", simulator.mediaOrigin() + "/media/clip-20"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode m = matches("p-ref");
        assertThat(m).hasSize(1);
        assertThat(m.at("/0/outcome").asText()).isEqualTo("noticed");
        assertThat(simulator.mediaServed()).isEqualTo(served + 1);

        Http.Response missing = post("p-gone", Map.of("url", simulator.mediaOrigin() + "/media/nothing-here"));
        assertThat(missing.status()).as(missing.body()).isEqualTo(400);
        assertThat(missing.json().at("/errors/0/field").asText()).isEqualTo("events[0].media[0].url");
        assertThat(app.count("content_event")).isEqualTo(events + 1);
    }

    @Test
    void anAllowBankSuppressesTheMatchOfAKnownVideo() throws Exception {
        String block = videoBank("known propaganda", "block", "remove");
        String allow = videoBank("news footage", "allow", null);
        assertThat(importVideos(block, referenceHash(ORIGINAL)).status()).isEqualTo(200);
        assertThat(importVideos(allow, referenceHash(ORIGINAL)).status()).isEqualTo(200);

        assertThat(post("p-grey", bytes("chair-22-sd-grey-bar")).status()).isEqualTo(200);
        JsonNode m = matches("p-grey");
        assertThat(m.at("/0/outcome").asText()).isEqualTo("suppressed");
        assertThat(m.at("/0/evidence/allowedBy").asText()).isEqualTo("news footage");
        assertThat(app.queryString("SELECT visibility FROM subject WHERE id = 'p-grey'"))
                .isEqualTo("visible");
    }

    @Test
    void aRetroHuntFindsStoredVideosInABankCreatedLater() throws Exception {
        start(EVERY_FRAME);
        assertThat(post("p-old", bytes("chair-19-sd-bar")).status()).isEqualTo(200);
        assertThat(post("p-other", bytes("pattern-sd-grey-bar")).status()).isEqualTo(200);
        assertThat(matches("p-old")).isEmpty();

        String bank = videoBank("known propaganda", "block", "review");
        assertThat(importVideos(bank, referenceHash(ORIGINAL)).status()).isEqualTo(200);
        Http.Response started = staff.postJson("/v1/detection/hunts", Map.of("bankId", bank));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String id = started.json().get("id").asText();
        Await.await(
                "the hunt finishes",
                Duration.ofSeconds(20),
                () -> !staff.get("/v1/detection/hunts/" + id)
                        .json()
                        .at("/hunt/status")
                        .asText()
                        .equals("running"));
        JsonNode report = staff.get("/v1/detection/hunts/" + id).json();
        assertThat(report.at("/hunt/status").asText()).isEqualTo("done");
        assertThat(report.at("/hunt/matched").asLong()).isEqualTo(1);
        assertThat(report.at("/matches/0/subjectId").asText()).isEqualTo("p-old");
        assertThat(report.at("/matches/0/outcome").asText()).isEqualTo("report_only");
    }

    @Test
    void aVideoBankExportsItsFramesAndAnotherBankImportsThemUnchanged() throws Exception {
        String bank = videoBank("known propaganda", "block", "review");
        String reference = referenceHash(ORIGINAL);
        assertThat(importVideos(bank, "# video,,case 17,gifct\n" + reference).status())
                .isEqualTo(200);

        Http.Response exported = staff.get("/v1/banks/" + bank + "/export?format=vpdq");
        assertThat(exported.status()).isEqualTo(200);
        String[] lines = exported.body().split("\n");
        assertThat(lines[0]).startsWith("# video,").endsWith(",case 17,gifct");
        assertThat(List.of(lines).subList(1, lines.length))
                .containsExactlyElementsOf(reference.lines().toList());
        long frames = app.queryLong("SELECT COUNT(*) FROM bank_video_frame WHERE bank_id = '" + bank + "'");
        assertThat(frames).isEqualTo(reference.lines().count());

        String copy = videoBank("copy", "block", "review");
        Http.Response again = importVideos(copy, exported.body());
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(staff.get("/v1/banks/" + copy + "/export?format=vpdq").body())
                .isEqualTo(exported.body());

        Http.Response image = staff.postJson(
                "/v1/banks/" + copy + "/hashes",
                Map.of(
                        "hashes",
                        List.of(Map.of(
                                "hash",
                                "f8f8f0cee0f4a84f06370a22038f67f0b36e2ed596221e1d33e6b39c4e9c9b22",
                                "type",
                                "pdq"))));
        assertThat(image.status()).as("a video bank holds no image hashes").isEqualTo(400);
        assertThat(image.json().at("/errors/0/field").asText()).isEqualTo("hashes[0].type");
    }

    @Test
    void aVideoOverTheConfiguredDurationIsRefusedNamingTheBoundAndNothingIsWritten() throws Exception {
        startBounded();
        long subjects = app.count("subject");
        Map<String, Object> ok = Events.post("ev-fine", "p-fine", "chan", "fine");
        Map<String, Object> long1 = Events.post("ev-long", "p-long", "chan", "a long clip");
        long1.put("media", List.of(bytes("chair-22-sd-grey-bar"))); // 22 s, 2.4 MB
        Http.Response r = app.platform().postJson("/v1/platform/events", Events.of(List.of(ok, long1)));
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().at("/errors/0/field").asText()).isEqualTo("events[1].media[0].bytes");
        assertThat(r.json().at("/errors/0/reason").asText()).contains("video.max.duration.seconds");
        assertThat(app.count("content_event")).isZero();
        assertThat(app.count("detection_pending")).isZero();
        assertThat(app.count("subject")).isEqualTo(subjects);
    }

    @Test
    void aVideoOverTheConfiguredSizeIsRefusedNamingTheBound() throws Exception {
        startBounded();
        Instant before = Instant.now();
        Http.Response r = post("p-big", bytes("chair-22-sd-sepia-bar")); // 2.8 MB
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().at("/errors/0/reason").asText()).contains("video.max.bytes");
        assertThat(Duration.between(before, Instant.now()))
                .as("refused before decoding")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(app.count("content_event")).isZero();

        Http.Response corrupt = post(
                "p-corrupt",
                Map.of(
                        "bytes",
                        Base64.getEncoder()
                                .encodeToString(java.util.Arrays.copyOf(video("test-padded-dimensions"), 4_000))));
        assertThat(corrupt.status()).as(corrupt.body()).isEqualTo(400);
        assertThat(corrupt.json().at("/errors/0/reason").asText()).contains("not a video that can be hashed");
        assertThat(app.count("content_event")).isZero();
    }
}
