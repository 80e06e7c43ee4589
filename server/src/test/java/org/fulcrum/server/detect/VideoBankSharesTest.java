package org.fulcrum.server.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.fulcrum.pdq.PdqHash;
import org.fulcrum.server.core.Role;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.Moderators;
import org.fulcrum.server.support.TestApp;
import org.fulcrum.vpdq.VpdqFeature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A video bank's frame shares: 80% each way unless its editors set others (1-100) on the bank page
 * or through the API; matching uses the bank's own. A clip sharing 6 of its 10 frames with a banked
 * video of 10 (60% each way) is no match at 80/80 and a match at 50/50.
 */
class VideoBankSharesTest {
    static TestApp app;
    static Http moderator;
    static Http auditor;

    /** One app for the class: each test works on banks and posts of its own. */
    @BeforeAll
    static void start() {
        app = TestApp.sqlite(c -> c.withRateLimits(0, 0));
        Moderators people = new Moderators(app);
        moderator = people.moderator("mona");
        auditor = app.http().session(people.sessions().signIn("otto", Role.AUDITOR));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** {@code n} frames of distinct random hashes (far apart: about 128 bits), one a second. */
    static List<VpdqFeature> frames(Random random, int n) {
        List<VpdqFeature> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] bits = new byte[32];
            random.nextBytes(bits);
            out.add(new VpdqFeature(
                    i, 100, PdqHash.fromHex(java.util.HexFormat.of().formatHex(bits)), i));
        }
        return out;
    }

    static List<String> lines(List<VpdqFeature> frames) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            VpdqFeature f = frames.get(i);
            out.add(new VpdqFeature(i, f.quality(), f.hash(), i).toLine());
        }
        return out;
    }

    JsonNode matchesOf(String subject, List<String> vpdq) throws InterruptedException {
        Map<String, Object> e = Events.post("ev-" + subject, subject, "chan", "a clip");
        e.put("media", List.of(Map.of("mediaId", "m-" + subject, "vpdq", vpdq)));
        Http.Response r = app.platform().postJson("/v1/platform/events", Events.of(List.of(e)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(app.detectionIdle(20_000)).isTrue();
        return moderator.get("/v1/detection/matches?subject=" + subject).json();
    }

    static byte[] form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"))
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aClipSharingSixOfTenFramesMatchesAt50PercentButNotAt80() throws Exception {
        Map<String, Object> spec = new LinkedHashMap<>(
                Map.of("name", "clips", "kind", "block", "signal", "video", "policy", "review", "reason", "terrorism"));
        Http.Response created = moderator.postJson("/v1/banks", spec);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("videoShares").path("queryPercent").asInt())
                .isEqualTo(80);
        assertThat(created.json().path("videoShares").path("bankedPercent").asInt())
                .isEqualTo(80);
        String bank = created.json().path("id").asText();

        Random random = new Random(21);
        List<VpdqFeature> banked = frames(random, 10);
        List<VpdqFeature> clip = new ArrayList<>(banked.subList(0, 6));
        clip.addAll(frames(random, 4));
        Http.Response imported = moderator.post(
                "/v1/banks/" + bank + "/import?format=vpdq",
                "text/plain",
                String.join("\n", lines(banked)).getBytes(StandardCharsets.UTF_8));
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);

        assertThat(matchesOf("p-80", lines(clip)))
                .as("60% each way, below 80/80")
                .isEmpty();

        // An editor lowers the shares on the bank page.
        String page = moderator.get("/console/banks/" + bank).body();
        assertThat(page)
                .contains("Of the posted video's frames <input name=\"videoQueryPercent\" type=\"number\" min=\"1\""
                        + " max=\"100\" required value=\"80\">")
                .contains("Of the banked video's frames <input name=\"videoBankedPercent\" type=\"number\" min=\"1\""
                        + " max=\"100\" required value=\"80\">");
        Map<String, String> settings = new LinkedHashMap<>(Map.of(
                "name", "clips", "policy", "review", "reason", "terrorism", "threshold", "31", "preserveDays", "90"));
        settings.put("enabled", "on");
        settings.put("videoQueryPercent", "50");
        settings.put("videoBankedPercent", "50");
        Http.Response saved = moderator.post(
                "/console/banks/" + bank + "/settings", "application/x-www-form-urlencoded", form(settings));
        assertThat(saved.raw().headers().firstValue("Location")).hasValue("/console/banks/" + bank + "?message=saved");

        JsonNode matched = matchesOf("p-50", lines(clip));
        assertThat(matched).as("60% each way, above 50/50").hasSize(1);
        assertThat(matched.at("/0/evidence/queryFramesMatchedPercent").asDouble())
                .isEqualTo(60.0);
        assertThat(matched.at("/0/evidence/bankedFramesMatchedPercent").asDouble())
                .isEqualTo(60.0);

        // An auditor sees the shares but no form to change them.
        String audited = auditor.get("/console/banks/" + bank).body();
        assertThat(audited).contains("matches at 50% / 50% of frames").doesNotContain("name=\"videoQueryPercent\"");
        settings.put("videoQueryPercent", "10");
        assertThat(auditor.post(
                                "/console/banks/" + bank + "/settings",
                                "application/x-www-form-urlencoded",
                                form(settings))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void sharesOutside1To100OrOnAnImageBankAreRefusedAsProblems() {
        long banks = app.queryLong("SELECT COUNT(*) FROM hash_bank");
        Map<String, Object> video = new LinkedHashMap<>(Map.of(
                "name",
                "refused clips",
                "kind",
                "block",
                "signal",
                "video",
                "policy",
                "review",
                "reason",
                "terrorism"));
        for (Object bad : List.of(0, 101, -5, "eighty", 50.5)) {
            video.put("videoQueryPercent", bad);
            Http.Response r = moderator.postJson("/v1/banks", video);
            assertThat(r.status()).as("%s: %s", bad, r.body()).isEqualTo(400);
            assertThat(r.contentType()).isEqualTo("application/problem+json");
            assertThat(r.body()).contains("videoQueryPercent");
        }
        video.remove("videoQueryPercent");
        video.put("videoBankedPercent", 100);
        String bank = moderator.postJson("/v1/banks", video).json().path("id").asText();
        video.put("videoBankedPercent", 0);
        Http.Response update = moderator.putJson("/v1/banks/" + bank, video);
        assertThat(update.status()).as(update.body()).isEqualTo(400);
        assertThat(update.body()).contains("videoBankedPercent");

        Map<String, Object> image = new LinkedHashMap<>(
                Map.of("name", "pictures", "kind", "block", "policy", "review", "reason", "terrorism"));
        String imageBank =
                moderator.postJson("/v1/banks", image).json().path("id").asText();
        image.put("videoQueryPercent", 50);
        Http.Response onImage = moderator.putJson("/v1/banks/" + imageBank, image);
        assertThat(onImage.status()).as(onImage.body()).isEqualTo(400);
        assertThat(onImage.body()).contains("only a video bank has frame shares");
        image.put("signal", "image");
        image.put("name", "pictures 2");
        assertThat(moderator.postJson("/v1/banks", image).status()).isEqualTo(400);
        assertThat(app.queryLong("SELECT COUNT(*) FROM hash_bank")).isEqualTo(banks + 2);
    }
}
