package org.fulcrum.server.hma;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.fulcrum.server.AuthModule;
import org.fulcrum.server.core.Json;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.Multipart;
import org.fulcrum.server.support.SharedData;
import org.fulcrum.server.support.StaffSessions;
import org.fulcrum.server.support.TestApp;
import org.fulcrum.vpdq.VideoHash;
import org.fulcrum.vpdq.VpdqFeature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HMA's {@code vpdq} signal type through its REST surface, as HMA's API tests exercise the other
 * types: its signal is a JSON array of {@code "pdq,quality,timestamp"} strings (python-threatexchange's
 * {@code vpdq_to_json}); {@code /h/hash} gives it for an uploaded video, {@code /c/bank/<name>/signal}
 * banks it, {@code /m/lookup} and {@code /m/raw_lookup} find it with the shares of frames found
 * each way as the distance ({@code "100%[3%]"}), and {@code /m/compare} compares two. The
 * signals are the reference's hashes of ThreatExchange's sample videos in {@code ../shared/vpdq}.
 */
class HmaVpdqContractTest {
    static TestApp app;
    static Http curator;
    static Http sharing;
    static Http platform;

    static Path shared(String name) {
        return SharedData.require("vpdq/" + name);
    }

    /** The reference's hash of a sample video, in HMA's signal form. */
    static String signal(String video) {
        return HmaVpdq.format(
                VideoHash.read(shared("expected/" + video + ".txt")).features(), Json.strict());
    }

    /**
     * Every 30th frame of the reference's hash (one a second at the samples' 30 frames a second): a
     * query short enough for a GET, as HMA's clients send it.
     */
    static String sampled(String video) {
        List<VpdqFeature> all =
                VideoHash.read(shared("expected/" + video + ".txt")).features();
        List<VpdqFeature> some = new java.util.ArrayList<>();
        for (int i = 0; i < all.size(); i += 30) {
            some.add(all.get(i));
        }
        return HmaVpdq.format(some, Json.strict());
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @BeforeAll
    static void start() {
        app = TestApp.sqlite(c -> c.withRateLimits(0, 0));
        curator = app.http().session(new StaffSessions(app.app()).signIn("curator", Role.MODERATOR));
        sharing = app.http()
                .bearer(app.app()
                        .module(AuthModule.class)
                        .tokens()
                        .issue("test", Role.HASH_SHARING, "programme", "hma")
                        .secret());
        platform = app.platform();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void vpdqIsAnHmaSignalTypeOfVideos() {
        Http.Response types = curator.get("/c/signal_type");
        assertThat(types.status()).isEqualTo(200);
        assertThat(types.json().findValuesAsText("name")).contains("vpdq");
        Http.Response index = platform.get("/m/index/status?signal_type=vpdq");
        assertThat(index.status()).as(index.body()).isEqualTo(200);
        assertThat(index.json().get("vpdq").get("present").asBoolean()).isTrue();
    }

    @Test
    void hashingAnUploadedVideoGivesItsMd5AndItsVpdqInHmasForm() throws Exception {
        byte[] video = Files.readAllBytes(shared("videos/test-padded-dimensions.mp4"));
        var r = Multipart.upload(app, app.platformToken(), "/h/hash", "video", "video.mp4", video);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode hashes = HmaContractTest.json(r.body());
        assertThat(hashes.get("video_md5").asText()).matches("[0-9a-f]{32}");
        JsonNode frames = HmaContractTest.json(hashes.get("vpdq").asText());
        assertThat(frames.isArray()).isTrue();
        // one frame a second, each "pdq,quality,timestamp" with Python's three significant digits
        assertThat(frames.get(0).asText()).matches("[0-9a-f]{64},\\d{1,3},0\\.0");
        assertThat(frames.get(1).asText()).matches("[0-9a-f]{64},\\d{1,3},1\\.0");
        List<VpdqFeature> reference =
                VideoHash.read(shared("expected/test-padded-dimensions.txt")).features();
        assertThat(frames.get(0).asText())
                .startsWith(reference.getFirst().hash().toHex());
    }

    @Test
    void aBankedVpdqSignalIsFoundByTheSameVideoAndItsVariantsButNotByAnotherVideo() {
        assertThat(curator.postJson("/c/banks", Map.of("name", "VIDEO_BANK")).status())
                .isEqualTo(201);
        String original = signal("chair-orig-22-sd-bar");
        Http.Response added = sharing.postJson("/c/bank/VIDEO_BANK/signal", Map.of("vpdq", original));
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        long id = added.json().get("id").asLong();
        assertThat(added.json().get("signals").get("vpdq").asText()).isEqualTo(original);

        Http.Response same = platform.get("/m/lookup?signal_type=vpdq&signal=" + q(sampled("chair-orig-22-sd-bar")));
        assertThat(same.status()).as(same.body()).isEqualTo(200);
        JsonNode hit = same.json().get("VIDEO_BANK").get(0);
        assertThat(hit.get("bank_content_id").asLong()).isEqualTo(id);
        assertThat(hit.get("distance").asText()).startsWith("100%[");

        Http.Response grey = platform.get("/m/lookup?signal_type=vpdq&signal=" + q(sampled("chair-22-sd-grey-bar")));
        assertThat(grey.status()).as(grey.body()).isEqualTo(200);
        assertThat(grey.json().get("VIDEO_BANK").get(0).get("bank_content_id").asLong())
                .isEqualTo(id);
        assertThat(grey.json().get("VIDEO_BANK").get(0).get("distance").asText())
                .matches("\\d{1,3}%\\[\\d{1,3}%]");

        Http.Response other = platform.get("/m/lookup?signal_type=vpdq&signal=" + q(sampled("pattern-sd-grey-bar")));
        assertThat(other.status()).as(other.body()).isEqualTo(200);
        assertThat(other.json().has("VIDEO_BANK")).isFalse();

        Http.Response raw = platform.get(
                "/m/raw_lookup?include_distance=true&signal_type=vpdq&signal=" + q(sampled("chair-22-sd-sepia-bar")));
        assertThat(raw.status()).as(raw.body()).isEqualTo(200);
        assertThat(raw.json().get("matches").get(0).get("bank_content_id").asLong())
                .isEqualTo(id);

        Http.Response content = curator.get("/c/bank/VIDEO_BANK/content/" + id + "?include_signals=true");
        assertThat(content.status()).as(content.body()).isEqualTo(200);
        assertThat(content.json().get("signals").get("vpdq").asText()).isEqualTo(original);
    }

    @Test
    void compareGivesTheMatchAndTheSharesOfFramesFoundEachWay() {
        Http.Response r = platform.postJson(
                "/m/compare",
                Map.of("vpdq", List.of(signal("chair-orig-22-sd-bar"), signal("chair-22-with-small-logo-bar"))));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode result = r.json().get("vpdq");
        assertThat(result.get(0).asBoolean()).isTrue();
        assertThat(result.get(1).get("query_match_percent").asDouble()).isGreaterThanOrEqualTo(80.0);
        assertThat(result.get(1).has("compared_match_percent")).isTrue();

        Http.Response unrelated = platform.postJson(
                "/m/compare", Map.of("vpdq", List.of(signal("chair-orig-22-sd-bar"), signal("pattern-hd-no-bar"))));
        assertThat(unrelated.status()).as(unrelated.body()).isEqualTo(200);
        assertThat(unrelated.json().get("vpdq").get(0).asBoolean()).isFalse();
    }

    @Test
    void aMalformedVpdqSignalIsAProblemAndNothingIsBanked() {
        assertThat(curator.postJson("/c/banks", Map.of("name", "BAD_VIDEO_BANK"))
                        .status())
                .isEqualTo(201);
        for (String bad : List.of(
                "not json",
                "[]",
                "{\"0\": {\"quality\": 100}}",
                "[\"abc,100,0.0\"]",
                "[\"" + "0".repeat(64) + ",101,0.0\"]",
                "[\"" + "0".repeat(64) + ",100,-1\"]")) {
            Http.Response r = sharing.postJson("/c/bank/BAD_VIDEO_BANK/signal", Map.of("vpdq", bad));
            assertThat(r.status()).as(bad + " -> " + r.body()).isEqualTo(400);
            assertThat(r.contentType()).contains("application/problem+json");
            Http.Response lookup = platform.get("/m/lookup?signal_type=vpdq&signal=" + q(bad));
            assertThat(lookup.status()).as(bad + " -> " + lookup.body()).isEqualTo(400);
        }
        Http.Response none = curator.get("/c/bank/BAD_VIDEO_BANK/content/1?include_signals=true");
        assertThat(none.status()).isEqualTo(404);
    }

    @Test
    void pythonsThreeSignificantDigitsAreReproduced() {
        assertThat(HmaVpdq.python3(0.0)).isEqualTo("0.0");
        assertThat(HmaVpdq.python3(1.0)).isEqualTo("1.0");
        assertThat(HmaVpdq.python3(0.033)).isEqualTo("0.033");
        assertThat(HmaVpdq.python3(12.5)).isEqualTo("12.5");
        assertThat(HmaVpdq.python3(12.3456)).isEqualTo("12.3");
        assertThat(HmaVpdq.python3(100.0)).isEqualTo("1e+02");
        assertThat(HmaVpdq.python3(123.4)).isEqualTo("1.23e+02");
        assertThat(HmaVpdq.python3(0.00001)).isEqualTo("1e-05");
    }
}
