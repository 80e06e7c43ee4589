package org.fulcrum.server.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.simulator.SimulatorServer;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.Moderators;
import org.fulcrum.server.support.SharedData;
import org.fulcrum.server.support.TestApp;
import org.fulcrum.vpdq.VideoHash;
import org.fulcrum.vpdq.VideoHasher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The frames of a video match: recorded with the match (which frame of the item matched which
 * banked frame, at what distance), drawn as strips on the case page (pictures decoded from the
 * platform's bytes in one decode per strip, blurred until revealed) and on the bank page (labels: a bank keeps no videos),
 * and the frame pictures refusing bad input as problems.
 */
class VideoFrameStripTest {
    private static final Json JSON = Json.strict();

    static final String SECRET = "whsec_frames";

    /** Hashes of the sample videos, made once for the class: hashing is a pure function of the file. */
    static final Map<String, VideoHash> HASHES = new ConcurrentHashMap<>();

    static SimulatorServer simulator;
    static TestApp shared;
    static Http sharedStaff;
    /** The class app's one video bank: each post matches it once, so a case page draws one strip. */
    static String sharedBank;

    TestApp app;
    Http staff;

    static VideoHash hashOf(String video) {
        return HASHES.computeIfAbsent(
                video, v -> VideoHasher.defaults().hash(SharedData.require("vpdq/videos/" + v + ".mp4")));
    }

    /** One platform and app for the class; each test posts videos of its own. */
    @BeforeAll
    static void start() throws Exception {
        simulator = new SimulatorServer(SECRET, 0, JSON).start();
        shared = TestApp.sqlite(c -> c.withWebhook(simulator.webhookUrl(), SECRET)
                .withMediaOrigin(simulator.mediaOrigin())
                .withOutboxTiming(Duration.ofSeconds(1), Duration.ofSeconds(2))
                .withRateLimits(0, 0));
        sharedStaff = new Moderators(shared).admin("vera");
        sharedBank = reviewBank(sharedStaff);
    }

    @AfterAll
    static void stop() {
        if (shared != null) {
            shared.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @BeforeEach
    void onTheSharedApp() {
        app = shared;
        staff = sharedStaff;
    }

    static String reviewBank(Http staff) {
        Map<String, Object> spec = new LinkedHashMap<>(
                Map.of("name", "known clips", "kind", "block", "signal", "video", "policy", "review"));
        spec.put("reason", "terrorism");
        Http.Response r = staff.postJson("/v1/banks", spec);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String bank = r.json().get("id").asText();
        String original = String.join("\n", hashOf("chair-orig-22-sd-bar").lines());
        Http.Response imported = staff.post(
                "/v1/banks/" + bank + "/import?format=vpdq", "text/plain", original.getBytes(StandardCharsets.UTF_8));
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        return bank;
    }

    /** Videos decoded so far for frame pictures, as the metrics page counts them. */
    long decodes() {
        return Pattern.compile("^fulcrum_frame_picture_decodes_total ([0-9.eE+]+)$", Pattern.MULTILINE)
                .matcher(app.http().get("/metrics").body())
                .results()
                .mapToLong(m -> (long) Double.parseDouble(m.group(1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no fulcrum_frame_picture_decodes_total on /metrics"));
    }

    void post(String postId, Map<String, Object> media) throws InterruptedException {
        Map<String, Object> e = Events.post("ev-" + postId, postId, "chan", "a clip");
        e.put("media", List.of(media));
        Http.Response r = app.platform().postJson("/v1/platform/events", Events.of(List.of(e)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(app.detectionIdle(20_000)).isTrue();
    }

    @Test
    void aMatchedVideoRecordsItsFramePairsAndTheCasePageDrawsThemFromThePlatformsBytes() throws Exception {
        String bank = sharedBank;
        byte[] clip = Files.readAllBytes(SharedData.require("vpdq/videos/chair-22-sd-sepia-bar.mp4"));
        simulator.serveMedia(Map.of("clip", clip));
        post("p-clip", Map.of("mediaId", "clip", "url", simulator.mediaOrigin() + "/media/clip"));

        String match = app.queryString("SELECT id FROM detection_match WHERE subject_id = 'p-clip'");
        long pairs = app.queryLong("SELECT COUNT(*) FROM video_match_frame WHERE match_id = '" + match + "'");
        long hashed = hashOf("chair-22-sd-sepia-bar").features().size();
        // the rule found at least 80% of the item's distinct frames, so most frames have a pair
        assertThat(pairs).isGreaterThan(hashed / 2).isLessThanOrEqualTo(hashed);
        assertThat(app.queryLong("SELECT MAX(distance) FROM video_match_frame WHERE match_id = '" + match + "'"))
                .isLessThanOrEqualTo(31);
        assertThat(app.queryString("SELECT DISTINCT bank_id FROM video_match_frame WHERE match_id = '" + match + "'"))
                .isEqualTo(bank);
        long firstMatched =
                app.queryLong("SELECT MIN(query_frame) FROM video_match_frame WHERE match_id = '" + match + "'");

        String caseId = app.queryString("SELECT id FROM review_case WHERE subject_id = 'p-clip'");
        Http.Response page = staff.get("/console/cases/" + caseId);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("Matched video frames")
                .contains("class=\"media-item frame-strip blurred grey\"")
                .contains("Media item 1 matched bank &#39;known clips&#39;")
                .contains("<button type=\"button\" class=\"reveal secondary\" aria-pressed=\"false\">Reveal</button>")
                .contains("src=\"/console/frames/p-clip/0/" + firstMatched + "\"")
                .contains("class=\"frame matched\"")
                .contains("matched banked frame at");

        // The strip's pictures, asked for at once as a browser does: one decode draws them all.
        List<String> strip = Pattern.compile("src=\"(/console/frames/p-clip/0/\\d+)\"")
                .matcher(page.body())
                .results()
                .map(m -> m.group(1))
                .distinct()
                .toList();
        assertThat(strip).hasSizeGreaterThan(10);
        long decodesBefore = decodes();
        List<Http.Response> pictures;
        try (ExecutorService browser = Executors.newFixedThreadPool(6)) {
            List<Future<Http.Response>> asked = strip.stream()
                    .map(src -> browser.submit(() -> staff.get(src)))
                    .toList();
            pictures = new java.util.ArrayList<>();
            for (Future<Http.Response> f : asked) {
                pictures.add(f.get());
            }
        }
        for (Http.Response picture : pictures) {
            assertThat(picture.status()).isEqualTo(200);
            assertThat(picture.contentType()).isEqualTo("image/png");
            assertThat(picture.body().substring(1, 4)).isEqualTo("PNG");
            assertThat(picture.raw().headers().firstValue("Cache-Control")).contains("no-store");
        }
        assertThat(decodes() - decodesBefore)
                .as("decodes for a strip of %d pictures", strip.size())
                .isEqualTo(1);
        assertThat(app.queryLong("SELECT COUNT(*) FROM audit WHERE target = 'media:p-clip/0'"))
                .as("every picture shown is audited")
                .isEqualTo(strip.size());
        assertThat(staff.get(strip.getFirst()).contentType()).isEqualTo("image/png");
        assertThat(decodes() - decodesBefore).as("a picture seen again").isEqualTo(1);

        Http.Response past = staff.get("/console/frames/p-clip/0/999999");
        assertThat(past.status()).isEqualTo(200);
        assertThat(past.contentType()).isEqualTo("image/svg+xml");
        assertThat(past.body()).contains("Frame 999999 cannot be decoded");

        Http.Response bankPage = staff.get("/console/banks/" + bank);
        assertThat(bankPage.body())
                .contains("Banked videos (first 10)")
                .contains("id=\"video-strip-0\"")
                .contains("class=\"frame matched\"")
                .contains("id=\"match-strip-" + match + "\"")
                .contains("<span class=\"matched-tag\">matched</span> video frame ")
                .doesNotContain("/console/frames/");
    }

    @Test
    void withoutTheVideosBytesTheStripIsDrawnAsLabelsNeverAsPictures() throws Exception {
        List<String> lines = hashOf("chair-22-sd-sepia-bar").lines();
        post("p-hashes", Map.of("mediaId", "hashes-only", "vpdq", lines));

        assertThat(app.queryLong("SELECT COUNT(*) FROM video_match_frame WHERE subject_id = 'p-hashes'"))
                .isPositive();
        String caseId = app.queryString("SELECT id FROM review_case WHERE subject_id = 'p-hashes'");
        String page = staff.get("/console/cases/" + caseId).body();
        assertThat(page)
                .contains("class=\"media-item frame-strip no-pictures\"")
                .contains("no picture of this video can be had")
                .contains("class=\"frame-box\"")
                .doesNotContain("/console/frames/");
        // every hashed frame is listed (sampled down to the strip's size), the matched ones marked
        assertThat(page.split("<li class=\"frame ", -1))
                .hasSize(Math.min(lines.size(), VideoMatchFrames.STRIP_FRAMES) + 1);

        Http.Response missing = staff.get("/console/frames/p-hashes/0/0");
        assertThat(missing.contentType()).isEqualTo("image/svg+xml");
        assertThat(missing.body()).contains("bytes cannot be had");
    }

    @Test
    void onPostgresTheFramesAreRecordedAndDrawnAlike() throws Exception {
        app = TestApp.postgres(c -> c.withWebhook(simulator.webhookUrl(), SECRET)
                .withMediaOrigin(simulator.mediaOrigin())
                .withRateLimits(0, 0));
        try {
            onPostgres();
        } finally {
            app.close();
        }
    }

    void onPostgres() throws Exception {
        staff = new Moderators(app).admin("vera");
        String bank = reviewBank(staff);
        List<String> lines = hashOf("chair-22-sd-sepia-bar").lines();
        post("p-pg", Map.of("mediaId", "pg", "vpdq", lines));

        String match = app.queryString("SELECT id FROM detection_match WHERE subject_id = 'p-pg'");
        assertThat(app.queryLong("SELECT COUNT(*) FROM video_match_frame WHERE match_id = '" + match + "'"))
                .isPositive();
        String caseId = app.queryString("SELECT id FROM review_case WHERE subject_id = 'p-pg'");
        assertThat(staff.get("/console/cases/" + caseId).body()).contains("class=\"frame matched\"");
        assertThat(staff.get("/console/banks/" + bank).body())
                .contains("id=\"video-strip-0\"")
                .contains("id=\"match-strip-" + match + "\"");
    }

    @Test
    void framePicturesRefuseBadInputAsProblems() throws Exception {
        post("p-text", Map.of("mediaId", "img", "pdq", "f".repeat(64)));
        Http.Response word = staff.get("/console/frames/p-text/x/0");
        assertThat(word.status()).isEqualTo(400);
        assertThat(staff.get("/console/frames/p-text/0/-1").status()).isEqualTo(400);
        assertThat(staff.get("/console/frames/p-text/0/99999999999999999999").status())
                .isEqualTo(400);
        assertThat(staff.get("/console/frames/p-text/3/0").status()).isEqualTo(404);
        assertThat(staff.get("/console/frames/nobody/0/0").status()).isEqualTo(404);
    }
}
