package org.fulcrum.vpdq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.fulcrum.pdq.PdqHasher;
import org.junit.jupiter.api.Test;

/**
 * Frames decoded as pictures from ThreatExchange's sample videos: the frames asked for come back at
 * the size asked, frames past the end are left out, and a picture is the frame the hash was taken
 * from (its PDQ at the same size matches the reference's frame hash at that size).
 */
class VideoFramesTest {
    private static final VideoHasher SMALL = VideoHasher.defaults().downsampledTo(128, 128);

    @Test
    void wantedFramesAreDecodedAtTheRequestedSize() {
        Path video = ReferenceVideos.video("chair-22-sd-grey-bar");
        VideoFrames frames = SMALL.frames(video, Set.of(0L, 30L, 60L, 1_000_000L));
        assertThat(frames.pixels().keySet()).containsExactly(0L, 30L, 60L);
        assertThat(frames.width()).isEqualTo(128);
        assertThat(frames.height()).isEqualTo(128);
        assertThat(frames.frameRate()).isGreaterThan(0);
        assertThat(frames.pixels().get(30L)).hasSize(128 * 128);
        assertThat(frames.pixels().get(0L)).isNotEqualTo(frames.pixels().get(60L));
    }

    @Test
    void aDecodedFrameIsTheFrameTheReferenceHashed() {
        String name = "chair-22-sd-grey-bar";
        List<VpdqFeature> expected = VideoHash.read(ReferenceVideos.require("expected/" + name + "-128x128.txt"))
                .features();
        VpdqFeature wanted = expected.get(30);
        VideoFrames frames = SMALL.frames(ReferenceVideos.video(name), Set.of(wanted.frameNumber()));
        int[] rgb = frames.pixels().get(wanted.frameNumber());
        float[] luma = new float[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            luma[i] = 0.299f * (rgb[i] >> 16 & 0xFF) + 0.587f * (rgb[i] >> 8 & 0xFF) + 0.114f * (rgb[i] & 0xFF);
        }
        var hash = new PdqHasher().hashLuma(luma, 128, 128).hash();
        // within PDQ's match distance, as this module's 128x128 hashes agree with the reference's
        assertThat(hash.distance(wanted.hash())).isLessThanOrEqualTo(MatchRule.DEFAULT.maxDistance());
    }

    @Test
    void aFileThatIsNotAVideoIsRefused() throws Exception {
        Path junk = Files.createTempFile("not-a-video", ".mp4");
        try {
            Files.writeString(junk, "not a video at all");
            assertThatThrownBy(() -> SMALL.frames(junk, Set.of(0L))).isInstanceOf(UndecodableVideo.class);
        } finally {
            Files.deleteIfExists(junk);
        }
    }
}
