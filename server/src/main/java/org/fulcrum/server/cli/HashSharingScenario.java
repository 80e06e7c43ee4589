package org.fulcrum.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.fulcrum.server.simulator.SimulatorServer;
import org.fulcrum.server.simulator.SyntheticPlatform;

/**
 * Step 8 of the reference scenario: known terrorist images, shared as PDQ hashes by a hash-sharing
 * programme, are removed at upload — including a re-encoded copy, which only a perceptual hash
 * catches — while a harmless picture stays.
 */
final class HashSharingScenario {
    private final SimulatorServer simulator;
    private final SyntheticPlatform platform;
    private final DemoHttp platformApi;
    private final Consumer<String> say;
    private final String run;

    HashSharingScenario(
            SimulatorServer simulator,
            SyntheticPlatform platform,
            DemoHttp platformApi,
            Consumer<String> say,
            String run) {
        this.simulator = simulator;
        this.platform = platform;
        this.platformApi = platformApi;
        this.say = say;
        this.run = run;
    }

    /** Plays the step with {@code lead} signed in, uploading to {@code channel}; whether it ended as it must. */
    boolean play(DemoHttp lead, SyntheticPlatform.Container channel) throws Exception {
        JsonNode bank = lead.postOk(
                "/v1/banks",
                Map.of(
                        "name",
                        "Known terrorist imagery " + run,
                        "description",
                        "Hashes shared by an industry hash-sharing programme",
                        "kind",
                        "block",
                        "policy",
                        "remove_preserve_report",
                        "reason",
                        "terrorism"));
        String bankId = bank.get("id").asText();
        List<Map<String, Object>> hashes = new ArrayList<>();
        List<byte[]> known = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] image = SyntheticPlatform.image(90_000 + i);
            known.add(image);
            hashes.add(Map.of(
                    "hash",
                    org.fulcrum.pdq.Pdq.hashBytes(image).hash().toHex(),
                    "type",
                    "pdq",
                    "label",
                    "propaganda poster " + (i + 1),
                    "source",
                    "hash-sharing programme"));
        }
        lead.postOk("/v1/banks/" + bankId + "/hashes", Map.of("hashes", hashes, "reason", "programme import"));
        // the platform uploads: a re-encoded copy of a known image, an exact copy, and a harmless picture
        byte[][] uploads = {jpeg(known.get(0)), known.get(1), SyntheticPlatform.image(123)};
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < uploads.length; i++) {
            Map<String, Object> e = new java.util.LinkedHashMap<>();
            e.put("eventId", "ev-upload-" + run + "-" + i);
            e.put("type", "created");
            e.put("subjectId", "post-upload-" + run + "-" + i);
            e.put("kind", "post");
            e.put("containerId", channel.id());
            e.put("authorId", channel.ownerId());
            e.put("country", channel.country());
            e.put("audience", 900);
            e.put("text", "new picture");
            e.put("occurredAt", Instant.now().toString());
            String mediaId = "media-upload-" + run + "-" + i;
            // The simulator serves the upload too, so reviewers can look at it (blurred) through the console.
            platform.images().put(mediaId, uploads[i]);
            e.put(
                    "media",
                    List.of(Map.of(
                            "mediaId",
                            mediaId,
                            "bytes",
                            uploads[i],
                            "url",
                            simulator.mediaOrigin() + "/media/" + mediaId)));
            events.add(e);
        }
        platformApi.postOk("/v1/platform/events", Map.of("events", events));
        String[] expected = {"removed", "removed", "visible"};
        boolean ok = true;
        for (int i = 0; i < uploads.length; i++) {
            String subject = "post-upload-" + run + "-" + i;
            String state = awaitVisibility(platformApi, subject, expected[i]);
            ok &= expected[i].equals(state);
        }
        say.accept("Step 8: uploads matched against the hash bank: re-encoded copy -> "
                + awaitVisibility(platformApi, "post-upload-" + run + "-0", "removed") + ", exact copy -> "
                + awaitVisibility(platformApi, "post-upload-" + run + "-1", "removed") + ", harmless picture -> "
                + awaitVisibility(platformApi, "post-upload-" + run + "-2", "visible") + " -> /console/banks");
        return ok;
    }

    private static String awaitVisibility(DemoHttp platformApi, String subject, String wanted) {
        Instant deadline = Instant.now().plusSeconds(10);
        String state = "unknown";
        while (Instant.now().isBefore(deadline)) {
            DemoHttp.Answer a = platformApi.get("/v1/platform/subjects/" + subject);
            if (a.status() == 200) {
                state = a.json().at("/state/visibility").asText();
                if (state.equals(wanted)) {
                    return state;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return state;
            }
        }
        return state;
    }

    private static byte[] jpeg(byte[] png) throws java.io.IOException {
        var image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
        var out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }
}
