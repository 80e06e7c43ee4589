package org.fulcrum.server.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fulcrum.server.core.FulcrumException;
import org.fulcrum.server.platform.ContentEvent;
import org.fulcrum.server.platform.SubjectKind;
import org.fulcrum.server.support.Events;
import org.fulcrum.server.support.Http;
import org.fulcrum.server.support.Moderators;
import org.fulcrum.server.support.TestApp;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Events may carry image bytes: Fulcrum hashes them on a bounded pool, matches the hashes, stores no bytes. */
class MediaBytesTest {
    static final Path ROOT = Path.of(System.getProperty("fulcrum.root", ".."))
            .resolve("../shared/pdq")
            .toAbsolutePath()
            .normalize();
    static final String IMAGE = "reg-test-input/dih/bridge-1-original.jpg";

    static byte[] image() throws Exception {
        Path file = ROOT.resolve("images").resolve(IMAGE);
        if (!Files.isRegularFile(file)) {
            String message = "PDQ reference data file missing: " + file;
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(message);
            }
            Assumptions.abort(message);
        }
        return Files.readAllBytes(file);
    }

    static String referencePdq() throws Exception {
        for (String line : Files.readAllLines(ROOT.resolve("expected/generated/cpp-core-fullres.csv"))) {
            if (line.endsWith("," + IMAGE)) {
                return line.substring(0, 64);
            }
        }
        throw new AssertionError("no reference row for " + IMAGE);
    }

    @Test
    void bytesAreHashedMatchedAndNeverStored() throws Exception {
        byte[] jpeg = image();
        String pdq = referencePdq();
        try (TestApp app = TestApp.sqlite(c -> c.withRateLimits(0, 0))) {
            Http staff = new Moderators(app).admin("hana");
            String bank = staff.postJson(
                            "/v1/banks",
                            Map.of("name", "bridges", "kind", "block", "policy", "review", "reason", "terrorism"))
                    .json()
                    .get("id")
                    .asText();
            staff.postJson(
                    "/v1/banks/" + bank + "/hashes", Map.of("hashes", List.of(Map.of("hash", pdq, "type", "pdq"))));

            Map<String, Object> e = Events.post("ev-img", "p-img", "chan", "a photo");
            e.put(
                    "media",
                    List.of(Map.of(
                            "mediaId", "m-img", "bytes", Base64.getEncoder().encodeToString(jpeg))));
            Http.Response r = app.platform().postJson("/v1/platform/events", Events.of(List.of(e)));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(app.detectionIdle(10_000)).isTrue();

            String stored = app.queryString("SELECT media FROM subject_content WHERE subject_id = 'p-img'");
            assertThat(stored)
                    .contains("\"pdq\":\"" + pdq + "\"")
                    .contains(HexFormat.of()
                            .formatHex(MessageDigest.getInstance("MD5").digest(jpeg)))
                    .contains(HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(jpeg)))
                    .doesNotContain("bytes");
            assertThat(app.queryString("SELECT body FROM content_event WHERE event_id = 'ev-img'"))
                    .doesNotContain("bytes")
                    .hasSizeLessThan(2_000);
            assertThat(staff.get("/v1/detection/matches?subject=p-img")
                            .json()
                            .at("/0/distance")
                            .asInt())
                    .isZero();
        }
    }

    @Test
    void anUndecodableImageIsRefusedByItsFieldAndNothingIsStored() {
        try (TestApp app = TestApp.sqlite(c -> c.withRateLimits(0, 0))) {
            Map<String, Object> ok = Events.post("ev-ok", "p-ok", "chan", "fine");
            Map<String, Object> bad = Events.post("ev-bad", "p-bad", "chan", "a broken photo");
            bad.put(
                    "media",
                    List.of(
                            Map.of("md5", "0cc175b9c0f1b6a831c399e269772661"),
                            Map.of("bytes", Base64.getEncoder().encodeToString("GIF89a but not really".getBytes()))));
            Http.Response r = app.platform().postJson("/v1/platform/events", Events.of(List.of(ok, bad)));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().at("/errors/0/field").asText()).isEqualTo("events[1].media[1].bytes");
            assertThat(app.count("content_event")).isZero();
        }
    }

    @Test
    void aFullPoolRefusesTheBatchForALaterRetry() throws Exception {
        byte[] jpeg = image();
        try (MediaHasher hasher = new MediaHasher(1, 1)) {
            List<ContentEvent> events = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                events.add(new ContentEvent(
                        "e" + i,
                        ContentEvent.EventType.created,
                        "s" + i,
                        SubjectKind.post,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(List.of(new ContentEvent.MediaRef(
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.of(jpeg)))),
                        Instant.now()));
            }
            assertThatThrownBy(() -> hasher.hash(events)).isInstanceOf(FulcrumException.Unavailable.class);
            List<ContentEvent> one = hasher.hash(events.subList(0, 1));
            assertThat(one.getFirst().mediaList().getFirst().pdq()).isPresent();
            assertThat(one.getFirst().mediaList().getFirst().bytes()).isEmpty();
        }
    }
}
